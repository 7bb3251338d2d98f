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

/**
 * Sliding 2-D windows over the last two axes of [N, C, H, W], each field [height, width]. Window
 * (oy, ox) reads the taps x[…, oy·sh + i·dh − top, ox·sw + j·dw − left] for i < kh, j < kw; the
 * output has ⌊(H + top + bottom − dh·(kh − 1) − 1) / sh⌋ + 1 rows of windows (columns alike).
 */
export interface WindowGeometry {
  /** Window size [kh, kw] (taps per axis). */
  readonly kernel: readonly [number, number];
  /** Step between windows [sh, sw]. */
  readonly stride: readonly [number, number];
  /** Step between taps of a window [dh, dw]. */
  readonly dilation: readonly [number, number];
  /** Padding [[top, bottom], [left, right]]: positions outside x that windows may cover. */
  readonly pads: readonly [readonly [number, number], readonly [number, number]];
}

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
  /**
   * Sliding windows as columns (im2col, PyTorch `unfold`): x [N, C, H, W] → [N, C·kh·kw, outH·outW];
   * row (c·kh + i)·kw + j, column oy·outW + ox holds tap (i, j) of window (oy, ox), or `value`
   * (converted like `pad`) where the tap falls in the padding.
   */
  im2col: { inputs: [x: TensorInfo]; attrs: WindowGeometry & { value: number } };
  /**
   * The adjoint of im2col (col2im, PyTorch `fold`): columns [N, C·kh·kw, outH·outW] summed into
   * [N, C, size[0], size[1]], in row order; taps in the padding are dropped. For bool the sum is OR.
   */
  col2im: { inputs: [cols: TensorInfo]; attrs: WindowGeometry & { size: readonly [number, number] } };
  /**
   * For max pooling: out[n, c, oy, ox] = v[n, c] at the position of the first maximum of x's window
   * (oy, ox) in tap order; taps in the padding never win, and NaN counts as the largest (the first
   * NaN wins). x and v are [N, C, H, W]; the output is [N, C, outH, outW] of v's dtype, and
   * maxPoolGather(x, x) is max pooling.
   */
  maxPoolGather: { inputs: [x: TensorInfo, v: TensorInfo]; attrs: WindowGeometry };
  /**
   * The adjoint of maxPoolGather in v: zeros [N, C, H, W] of u's dtype, then u[n, c, oy, ox] added at
   * the first maximum of x's window (oy, ox), window after window in row-major order (OR for bool).
   */
  maxPoolScatter: { inputs: [x: TensorInfo, u: TensorInfo]; attrs: WindowGeometry };
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
  'matmul', 'gather', 'scatterAdd', 'im2col', 'col2im', 'maxPoolGather', 'maxPoolScatter',
  'random',
];

/** Comparison and logical ops produce bool. */
export function isCompareOp(op: BinaryOp): op is CompareOp {
  return op === 'eq' || op === 'ne' || op === 'lt' || op === 'le' || op === 'gt' || op === 'ge' ||
    op === 'logicalAnd' || op === 'logicalOr';
}
