/**
 * The primitive kernels every backend implements: their names, inputs and attributes.
 * Kernels compute forward values only; derivatives live once, in `autograd`.
 * All tensors a kernel sees are dense and row-major (C-order).
 */
import type { DType, Shape } from '../core/index.js';
import type { Storage } from './storage.js';

/** A tensor as a kernel sees it: its storage, shape and dtype. */
export interface TensorInfo {
  readonly storage: Storage;
  readonly shape: Shape;
  readonly dtype: DType;
}

/** The shape and dtype a kernel must produce (inferred before dispatch by `inferOutput`). */
export interface OutputInfo {
  readonly shape: Shape;
  readonly dtype: DType;
}

/** Element-wise functions of one argument. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'rsqrt' | 'reciprocal'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'erf' | 'floor' | 'ceil' | 'round' | 'logicalNot' | 'isnan';

/** Element-wise arithmetic of two broadcast arguments. */
export type ArithmeticOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
/** Element-wise comparisons and logic (result dtype bool). */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'logicalAnd' | 'logicalOr';
/** Every binary element-wise op. */
export type BinaryOp = ArithmeticOp | CompareOp;

/** Reductions over axes. */
export type ReduceOp = 'sum' | 'max' | 'min';
/** Index-of-extreme reductions over one axis (result dtype int32). */
export type ArgReduceOp = 'argmax' | 'argmin';
/** Distributions the `random` kernel draws from (counter-based, see core `uniformAt`/`normalAt`). */
export type RandomDist = 'uniform' | 'normal';

/** Each kernel's inputs and attributes. */
export interface KernelSpecs {
  /** y = op(x). */
  unary: { inputs: [x: TensorInfo]; attrs: { op: UnaryOp } };
  /** y = op(a, b) with NumPy broadcasting; operands arrive already cast to one dtype. */
  binary: { inputs: [a: TensorInfo, b: TensorInfo]; attrs: { op: BinaryOp } };
  /** y = cond ? a : b, all three broadcast; `cond` is bool. */
  where: { inputs: [cond: TensorInfo, a: TensorInfo, b: TensorInfo]; attrs: Record<string, never> };
  /** y = x converted to `dtype`. */
  cast: { inputs: [x: TensorInfo]; attrs: { dtype: DType } };
  /** Sum, max or min over sorted, distinct `axes`. */
  reduce: { inputs: [x: TensorInfo]; attrs: { op: ReduceOp; axes: readonly number[]; keepDims: boolean } };
  /** Index of the first max/min along `axis` (int32). */
  argReduce: { inputs: [x: TensorInfo]; attrs: { op: ArgReduceOp; axis: number; keepDims: boolean } };
  /** y = x with axes reordered: y.shape[i] = x.shape[perm[i]]. */
  permute: { inputs: [x: TensorInfo]; attrs: { perm: readonly number[] } };
  /** y = x broadcast (materialised) to `shape`. */
  expand: { inputs: [x: TensorInfo]; attrs: { shape: Shape } };
  /** y = x[begin[i] : begin[i] + size[i]] on every axis. */
  slice: { inputs: [x: TensorInfo]; attrs: { begin: readonly number[]; size: readonly number[] } };
  /** y = x padded with `value`: `pads[i] = [before, after]` elements on axis i. */
  pad: { inputs: [x: TensorInfo]; attrs: { pads: readonly (readonly [number, number])[]; value: number } };
  /** y = the inputs joined along `axis`. */
  concat: { inputs: TensorInfo[]; attrs: { axis: number } };
  /** Batched matrix product of the last two axes, batch axes broadcast; optional transposes. */
  matmul: { inputs: [a: TensorInfo, b: TensorInfo]; attrs: { transposeA: boolean; transposeB: boolean } };
  /** NumPy `take`: y.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
  gather: { inputs: [x: TensorInfo, indices: TensorInfo]; attrs: { axis: number } };
  /** y = base, then y[..., indices[j], ...] += updates[..., j, ...] along `axis` (inverse of gather). */
  scatterAdd: { inputs: [base: TensorInfo, indices: TensorInfo, updates: TensorInfo]; attrs: { axis: number } };
  /** Counter-based random draw: element i is `uniformAt(seed, i)` or `normalAt(seed, i)`. */
  random: { inputs: []; attrs: { dist: RandomDist; seed: number; shape: Shape; dtype: DType } };
}

/** The name of a primitive kernel. */
export type KernelName = keyof KernelSpecs;
/** The inputs of kernel `K`. */
export type KernelInputs<K extends KernelName> = KernelSpecs[K]['inputs'];
/** The attributes of kernel `K`. */
export type KernelAttrs<K extends KernelName> = KernelSpecs[K]['attrs'];

/** Every kernel name, for registries and conformance suites. */
export const KERNEL_NAMES: readonly KernelName[] = [
  'unary', 'binary', 'where', 'cast', 'reduce', 'argReduce', 'permute', 'expand', 'slice', 'pad', 'concat',
  'matmul', 'gather', 'scatterAdd', 'random',
];

/** Comparison and logical ops produce bool. */
export function isCompareOp(op: BinaryOp): op is CompareOp {
  return op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge' ||
    op === 'logicalAnd' || op === 'logicalOr';
}
