/** Tensor factories: tensor, zeros, ones, full, eye, arange, linspace, rand, randn, randint, *Like. */
import {
  allocArray, assertValidShape, dtypeOfArray, formatShape, globalGenerator, isDType, isFloatDType, ShapeError,
  sizeOf, ValueError, DTypeError, type DType, type Shape, type TypedArray,
} from '../core/index.js';
import { fromTypedArray, fromValues, runKernel } from './dispatch.js';
import type { NestedArray, Tensor } from './tensor.js';

/** Options of the tensor factories. */
export interface TensorOptions {
  /** Element type (float32 unless the data says otherwise). */
  readonly dtype?: DType;
  /** Record operations on this tensor for `backward()` (floating dtypes only). */
  readonly requiresGrad?: boolean;
}

/** Options of `tn.tensor`, which may also give the shape of flat data. */
export interface TensorDataOptions extends TensorOptions {
  /** Shape of flat `data` (a typed array or flat array); inferred from nesting otherwise. */
  readonly shape?: Shape;
}

/** Data `tn.tensor` accepts: a number, a boolean, nested arrays of them, or a typed array. */
export type TensorData = NestedArray | TypedArray;

function finish(t: Tensor, options: TensorOptions, op: string): Tensor {
  if (options.requiresGrad === true) {
    if (!isFloatDType(t.dtype)) throw new DTypeError(op, `only floating-point tensors can require gradients, found ${t.dtype}`);
    t.requiresGrad = true;
  }
  return t;
}

function checkDType(dtype: unknown, op: string): void {
  if (dtype !== undefined && !isDType(dtype)) {
    throw new DTypeError(op, `unknown dtype '${String(dtype)}' (expected float32, float64, int32 or bool)`);
  }
}

function inferNested(data: NestedArray, op: string): { shape: number[]; flat: number[]; bool: boolean } {
  const shape: number[] = [];
  let probe: NestedArray = data;
  while (Array.isArray(probe)) { shape.push(probe.length); probe = probe[0] as NestedArray; }
  const flat: number[] = [];
  let bool = typeof probe === 'boolean';
  const walk = (value: NestedArray, dim: number, path: number[]): void => {
    if (dim === shape.length) {
      if (Array.isArray(value)) throw new ShapeError(op, `ragged nested array: expected a number at [${path.join(',')}], found an array`);
      if (typeof value !== 'number' && typeof value !== 'boolean') {
        throw new ValueError(op, `expected numbers or booleans, found ${typeof value} at [${path.join(',')}]`);
      }
      if (typeof value === 'number') bool = false;
      flat.push(Number(value));
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[dim]) {
      const found = Array.isArray(value) ? `length ${value.length}` : typeof value;
      throw new ShapeError(op, `ragged nested array: expected length ${shape[dim]} at [${path.join(',')}], found ${found}`);
    }
    value.forEach((item, i) => walk(item, dim + 1, [...path, i]));
  };
  walk(data, 0, []);
  return { shape, flat, bool };
}

/**
 * Create a tensor from data (PyTorch `torch.tensor`). Numbers default to float32.
 * @example
 * tn.tensor([[1, 2], [3, 4]], {requiresGrad: true});
 * tn.tensor(new Float32Array(4), {shape: [2, 2], dtype: 'float64'});
 */
export function tensor(data: TensorData, options: TensorDataOptions = {}): Tensor {
  checkDType(options.dtype, 'tensor');
  if (ArrayBuffer.isView(data)) {
    const typed = data as TypedArray;
    const shape = options.shape ?? [typed.length];
    assertValidShape(shape, 'tensor');
    if (sizeOf(shape) !== typed.length) {
      throw new ShapeError('tensor', `${typed.length} values cannot fill shape ${formatShape(shape)} (needs ${sizeOf(shape)})`);
    }
    const dtype = options.dtype ?? dtypeOfArray(typed);
    // bool bytes are normalised to 0/1 (a Uint8Array may hold any byte)
    const t = dtype === dtypeOfArray(typed) && dtype !== 'bool' ? fromTypedArray(typed, shape, dtype) : fromValues(typed, shape, dtype);
    return finish(t, options, 'tensor');
  }
  const nested = inferNested(data as NestedArray, 'tensor');
  let shape: Shape = nested.shape;
  if (options.shape !== undefined) {
    assertValidShape(options.shape, 'tensor');
    if (sizeOf(options.shape) !== nested.flat.length) {
      throw new ShapeError('tensor', `${nested.flat.length} values cannot fill shape ${formatShape(options.shape)} (needs ${sizeOf(options.shape)})`);
    }
    shape = options.shape;
  }
  const dtype = options.dtype ?? (nested.bool ? 'bool' : 'float32');
  return finish(fromValues(nested.flat, shape, dtype), options, 'tensor');
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  return filled(shape, value, options, 'full');
}

function filled(shape: Shape, value: number, options: TensorOptions, op: string): Tensor {
  checkDType(options.dtype, op);
  assertValidShape(shape, op);
  const dtype = options.dtype ?? 'float32';
  const values = allocArray(dtype, sizeOf(shape));
  values.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
  return finish(fromTypedArray(values, shape, dtype), options, op);
}

/** A tensor of zeros. @example tn.zeros([2, 3]) */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  return filled(shape, 0, options, 'zeros');
}

/** A tensor of ones. @example tn.ones([2, 3], {dtype: 'float64'}) */
export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  return filled(shape, 1, options, 'ones');
}

/** Zeros with the shape (and, by default, dtype) of `t`. */
export function zerosLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return full(t.shape, 0, { dtype: t.dtype, ...options });
}

/** Ones with the shape (and, by default, dtype) of `t`. */
export function onesLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return full(t.shape, 1, { dtype: t.dtype, ...options });
}

/** `value` with the shape (and, by default, dtype) of `t`. */
export function fullLike(t: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

/** An n×m matrix with ones on the diagonal (m defaults to n). */
export function eye(n: number, m: number = n, options: TensorOptions = {}): Tensor {
  assertValidShape([n, m], 'eye');
  checkDType(options.dtype, 'eye');
  const dtype = options.dtype ?? 'float32';
  const values = allocArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) values[i * m + i] = 1;
  return finish(fromTypedArray(values, [n, m], dtype), options, 'eye');
}

/**
 * Values from `start` (inclusive) to `end` (exclusive) in steps of `step`; `arange(n)` counts 0…n−1.
 * The dtype is int32 when all arguments are integers, else float32 (as PyTorch, with int32 for int64).
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError('arange', `step must be a non-zero finite number, found ${step}`);
  if ((hi - lo) / step < 0) throw new ValueError('arange', `the range [${lo}, ${hi}) is empty in direction of step ${step}`);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const integral = [lo, hi, step].every(Number.isInteger);
  const dtype = options.dtype ?? (integral ? 'int32' : 'float32');
  const values = allocArray(dtype, n);
  for (let i = 0; i < n; i++) values[i] = lo + i * step;
  return finish(fromTypedArray(values, [n], dtype), options, 'arange');
}

/** `steps` evenly spaced values from `start` to `end`, both included. */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new ValueError('linspace', `steps must be a non-negative integer, found ${steps}`);
  const dtype = options.dtype ?? 'float32';
  const values = allocArray(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) values[i] = i === steps - 1 ? end : start + i * delta;
  return finish(fromTypedArray(values, [steps], dtype), options, 'linspace');
}

function randomTensor(dist: 'uniform' | 'normal', shape: Shape, options: TensorOptions, op: string): Tensor {
  checkDType(options.dtype, op);
  assertValidShape(shape, op);
  const dtype = options.dtype ?? 'float32';
  if (!isFloatDType(dtype)) throw new DTypeError(op, `expected a floating dtype, found ${dtype}`);
  const seed = globalGenerator.nextUint32();
  return finish(runKernel('random', [], { dist, seed, shape: [...shape], dtype }, op), options, op);
}

/** Uniform samples in [0, 1), reproducible after `tn.manualSeed`. */
export function rand(shape: Shape, options: TensorOptions = {}): Tensor {
  return randomTensor('uniform', shape, options, 'rand');
}

/** Standard normal samples, reproducible after `tn.manualSeed`. */
export function randn(shape: Shape, options: TensorOptions = {}): Tensor {
  return randomTensor('normal', shape, options, 'randn');
}

/** Uniform integers in [low, high) (int32 unless another dtype is asked for). */
export function randint(low: number, high: number, shape: Shape, options: TensorOptions = {}): Tensor {
  assertValidShape(shape, 'randint');
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError('randint', `expected integers low < high, found low=${low}, high=${high}`);
  }
  const n = sizeOf(shape);
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = globalGenerator.integers(low, high);
  return finish(fromValues(values, shape, options.dtype ?? 'int32'), options, 'randint');
}

/** Uniform samples shaped like `t`. */
export function randLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return rand(t.shape, { dtype: t.dtype, ...options });
}

/** Normal samples shaped like `t`. */
export function randnLike(t: Tensor, options: TensorOptions = {}): Tensor {
  return randn(t.shape, { dtype: t.dtype, ...options });
}
