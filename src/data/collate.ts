/** Collation: turning a list of samples into one batch (PyTorch `default_collate`). */
import { formatShape, ShapeError, ValueError, type TypedArray } from '../core/index.js';
import { fromTypedArray, noGrad, Tensor } from '../tensor/index.js';
import { stack } from '../ops/index.js';

/**
 * The batch type `defaultCollate` makes from samples of type `T`: tensors, numbers and typed arrays become
 * batch tensors, strings become string arrays, and tuples and objects are collated field by field.
 */
export type Collated<T> =
  T extends Tensor ? Tensor
    : T extends number | boolean ? Tensor
      : T extends TypedArray ? Tensor
        : T extends string ? string[]
          : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
            : T extends object ? { -readonly [K in keyof T]: Collated<T[K]> }
              : never;

function isTypedArray(value: unknown): value is TypedArray {
  return value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array ||
    value instanceof Uint8Array;
}

function collateNumbers(values: readonly number[]): Tensor {
  const integral = values.every((v) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647);
  const array = integral ? Int32Array.from(values) : Float32Array.from(values);
  return fromTypedArray(array, [values.length], integral ? 'int32' : 'float32');
}

function collateTypedArrays(values: readonly TypedArray[], path: string): Tensor {
  const first = values[0] as TypedArray;
  const n = first.length;
  const out = new (first.constructor as new (size: number) => TypedArray)(values.length * n);
  values.forEach((v, i) => {
    if (v.constructor !== first.constructor || v.length !== n) {
      throw new ShapeError('defaultCollate', `samples differ at ${path}: sample 0 is ${first.constructor.name}(${n}), sample ${i} is ${v.constructor.name}(${v.length})`);
    }
    out.set(v, i * n);
  });
  const dtype = first instanceof Float32Array ? 'float32' : first instanceof Float64Array ? 'float64'
    : first instanceof Int32Array ? 'int32' : 'bool';
  return fromTypedArray(out, [values.length, n], dtype);
}

function collateAt(samples: readonly unknown[], path: string): unknown {
  const first = samples[0];
  if (first instanceof Tensor) {
    samples.forEach((s, i) => {
      if (!(s instanceof Tensor)) throw new ValueError('defaultCollate', `sample 0 has a Tensor at ${path}, sample ${i} has ${typeof s}`);
      if (s.ndim !== first.ndim || s.shape.some((d, k) => d !== first.shape[k])) {
        throw new ShapeError('defaultCollate', `tensors at ${path} must have one shape to be stacked: sample 0 is ${formatShape(first.shape)}, sample ${i} is ${formatShape(s.shape)}`);
      }
    });
    return noGrad(() => stack(samples as Tensor[]));
  }
  if (typeof first === 'number' || typeof first === 'boolean') {
    samples.forEach((s, i) => {
      if (typeof s !== typeof first) throw new ValueError('defaultCollate', `sample 0 has a ${typeof first} at ${path}, sample ${i} has ${typeof s}`);
    });
    if (typeof first === 'boolean') return fromTypedArray(Uint8Array.from(samples as boolean[], Number), [samples.length], 'bool');
    return collateNumbers(samples as number[]);
  }
  if (typeof first === 'string') return [...samples] as string[];
  if (isTypedArray(first)) return collateTypedArrays(samples as TypedArray[], path);
  if (Array.isArray(first)) {
    return first.map((_, k) => collateAt(samples.map((s, i) => {
      if (!Array.isArray(s) || s.length !== first.length) {
        throw new ValueError('defaultCollate', `sample 0 at ${path} is a list of ${first.length}, sample ${i} is not`);
      }
      return s[k] as unknown;
    }), `${path}[${k}]`));
  }
  if (first !== null && typeof first === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = collateAt(samples.map((s) => (s as Record<string, unknown>)[key]), `${path}.${key}`);
    }
    return out;
  }
  throw new ValueError('defaultCollate', `cannot collate ${first === null ? 'null' : typeof first} at ${path} (expected Tensor, number, boolean, string, typed array, array or object)`);
}

/**
 * Turn a list of samples into a batch (PyTorch `default_collate`): tensors are stacked along a new first
 * dimension (`[B, ...shape]`), numbers become a 1-D tensor (int32 when all are integers, else float32),
 * booleans a bool tensor, typed arrays a `[B, length]` tensor of their dtype, strings a string array; tuples and
 * objects are collated field by field. The samples are not disposed.
 * @param samples - a non-empty list of samples of one structure
 * @returns the batch
 * @throws ShapeError when tensors at one position differ in shape; ValueError when structures differ.
 * @example
 * const [x, y] = tn.data.defaultCollate([[tn.ones([3]), 1], [tn.zeros([3]), 0]]);
 * // x: float32 [2, 3], y: int32 [2] = [1, 0]
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  if (samples.length === 0) throw new ValueError('defaultCollate', 'expected at least one sample, found an empty list');
  return collateAt(samples, 'sample') as Collated<T>;
}
