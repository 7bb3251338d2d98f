/**
 * PyTorch-style methods on Tensor (`x.add(y)`, `x.sum(1)`, `x.relu()` ...), attached to the
 * prototype here because the ops layer sits above the tensor layer.
 */
import type { DType, Shape } from '../core/index.js';
import { Tensor } from '../tensor/index.js';
import * as A from './arithmetic.js';
import * as M from './math.js';
import * as Act from './activation.js';
import * as R from './reduction.js';
import * as S from './shape.js';
import * as J from './join-split.js';
import * as I from './indexing.js';
import * as L from './linalg.js';
import { softmax, logSoftmax } from './softmax.js';
import type { TensorLike } from './operand.js';
import type { Dim } from './reduction.js';

declare module '../tensor/tensor.js' {
  interface Tensor {
    /** this + other. */ add(other: TensorLike): Tensor;
    /** this − other. */ sub(other: TensorLike): Tensor;
    /** this · other. */ mul(other: TensorLike): Tensor;
    /** this / other. */ div(other: TensorLike): Tensor;
    /** thisᵉˣᵖᵒⁿᵉⁿᵗ. */ pow(exponent: TensorLike): Tensor;
    /** max(this, other). */ maximum(other: TensorLike): Tensor;
    /** min(this, other). */ minimum(other: TensorLike): Tensor;
    /** Limit to [min, max]. */ clamp(min?: number, max?: number): Tensor;
    /** this == other. */ eq(other: TensorLike): Tensor;
    /** this ≠ other. */ ne(other: TensorLike): Tensor;
    /** this < other. */ lt(other: TensorLike): Tensor;
    /** this ≤ other. */ le(other: TensorLike): Tensor;
    /** this > other. */ gt(other: TensorLike): Tensor;
    /** this ≥ other. */ ge(other: TensorLike): Tensor;
    /** this where condition, else other (PyTorch `x.where(cond, y)`). */ where(condition: Tensor, other: TensorLike): Tensor;
    /** −this. */ neg(): Tensor;
    /** eˣ. */ exp(): Tensor;
    /** ln x. */ log(): Tensor;
    /** ln(1 + x). */ log1p(): Tensor;
    /** eˣ − 1. */ expm1(): Tensor;
    /** √x. */ sqrt(): Tensor;
    /** 1/√x. */ rsqrt(): Tensor;
    /** 1/x. */ reciprocal(): Tensor;
    /** x². */ square(): Tensor;
    /** |x|. */ abs(): Tensor;
    /** sign(x). */ sign(): Tensor;
    /** sin x. */ sin(): Tensor;
    /** cos x. */ cos(): Tensor;
    /** erf x. */ erf(): Tensor;
    /** ⌊x⌋. */ floor(): Tensor;
    /** ⌈x⌉. */ ceil(): Tensor;
    /** Round half to even. */ round(): Tensor;
    /** NaN test. */ isnan(): Tensor;
    /** Logical NOT. */ logicalNot(): Tensor;
    /** σ(x). */ sigmoid(): Tensor;
    /** tanh x. */ tanh(): Tensor;
    /** max(x, 0). */ relu(): Tensor;
    /** Softmax along dim. */ softmax(dim: number): Tensor;
    /** Log-softmax along dim. */ logSoftmax(dim: number): Tensor;
    /** log Σ exp along dim. */ logsumexp(dim: Dim, keepDim?: boolean): Tensor;
    /** Σ over dim. */ sum(dim?: Dim, keepDim?: boolean): Tensor;
    /** Mean over dim. */ mean(dim?: Dim, keepDim?: boolean): Tensor;
    /** Max values over dim. */ max(dim?: Dim, keepDim?: boolean): Tensor;
    /** Min values over dim. */ min(dim?: Dim, keepDim?: boolean): Tensor;
    /** Index of the max. */ argmax(dim?: number, keepDim?: boolean): Tensor;
    /** Index of the min. */ argmin(dim?: number, keepDim?: boolean): Tensor;
    /** Variance. */ var(dim?: Dim, keepDim?: boolean, correction?: number): Tensor;
    /** Standard deviation. */ std(dim?: Dim, keepDim?: boolean, correction?: number): Tensor;
    /** p-norm. */ norm(p?: number, dim?: Dim, keepDim?: boolean): Tensor;
    /** New shape (−1 inferred). */ reshape(shape: Shape): Tensor;
    /** Alias of reshape. */ view(shape: Shape): Tensor;
    /** Merge dims. */ flatten(startDim?: number, endDim?: number): Tensor;
    /** Drop size-1 dims. */ squeeze(dim?: number | readonly number[]): Tensor;
    /** Add a size-1 dim. */ unsqueeze(dim: number): Tensor;
    /** Swap two dims. */ transpose(dim0: number, dim1: number): Tensor;
    /** Transpose of a 2-D tensor. */ t(): Tensor;
    /** Reorder dims. */ permute(dims: readonly number[]): Tensor;
    /** Broadcast to shape. */ expand(shape: Shape): Tensor;
    /** Broadcast to other's shape. */ expandAs(other: Tensor): Tensor;
    /** Length-limited slice. */ narrow(dim: number, start: number, length: number): Tensor;
    /** Split into pieces. */ split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    /** Split into n pieces. */ chunk(chunks: number, dim?: number): Tensor[];
    /** PyTorch gather. */ gather(dim: number, index: Tensor): Tensor;
    /** PyTorch index_select. */ indexSelect(dim: number, index: Tensor): Tensor;
    /** Matrix product. */ matmul(other: Tensor): Tensor;
    /** 2-D matrix product. */ mm(other: Tensor): Tensor;
    /** Convert dtype. */ to(dtype: DType): Tensor;
    /** As float32. */ float(): Tensor;
    /** As float64. */ double(): Tensor;
    /** As int32. */ int(): Tensor;
    /** As bool. */ bool(): Tensor;
    /** A copy with its own storage. */ clone(): Tensor;
  }
}

type Methods = Partial<Record<keyof Tensor, (this: Tensor, ...args: never[]) => unknown>>;

const methods: Methods = {
  add(other: TensorLike) { return A.add(this, other); },
  sub(other: TensorLike) { return A.sub(this, other); },
  mul(other: TensorLike) { return A.mul(this, other); },
  div(other: TensorLike) { return A.div(this, other); },
  pow(exponent: TensorLike) { return A.pow(this, exponent); },
  maximum(other: TensorLike) { return A.maximum(this, other); },
  minimum(other: TensorLike) { return A.minimum(this, other); },
  clamp(min?: number, max?: number) { return A.clamp(this, min, max); },
  eq(other: TensorLike) { return A.eq(this, other); },
  ne(other: TensorLike) { return A.ne(this, other); },
  lt(other: TensorLike) { return A.lt(this, other); },
  le(other: TensorLike) { return A.le(this, other); },
  gt(other: TensorLike) { return A.gt(this, other); },
  ge(other: TensorLike) { return A.ge(this, other); },
  where(condition: Tensor, other: TensorLike) { return A.where(condition, this, other); },
  neg() { return M.neg(this); },
  exp() { return M.exp(this); },
  log() { return M.log(this); },
  log1p() { return M.log1p(this); },
  expm1() { return M.expm1(this); },
  sqrt() { return M.sqrt(this); },
  rsqrt() { return M.rsqrt(this); },
  reciprocal() { return M.reciprocal(this); },
  square() { return M.square(this); },
  abs() { return M.abs(this); },
  sign() { return M.sign(this); },
  sin() { return M.sin(this); },
  cos() { return M.cos(this); },
  erf() { return M.erf(this); },
  floor() { return M.floor(this); },
  ceil() { return M.ceil(this); },
  round() { return M.round(this); },
  isnan() { return M.isnan(this); },
  logicalNot() { return M.logicalNot(this); },
  sigmoid() { return Act.sigmoid(this); },
  tanh() { return Act.tanh(this); },
  relu() { return Act.relu(this); },
  softmax(dim: number) { return softmax(this, dim); },
  logSoftmax(dim: number) { return logSoftmax(this, dim); },
  logsumexp(dim: Dim, keepDim?: boolean) { return R.logSumExp(this, dim, keepDim); },
  sum(dim?: Dim, keepDim?: boolean) { return R.sum(this, dim, keepDim); },
  mean(dim?: Dim, keepDim?: boolean) { return R.mean(this, dim, keepDim); },
  max(dim?: Dim, keepDim?: boolean) { return R.max(this, dim, keepDim); },
  min(dim?: Dim, keepDim?: boolean) { return R.min(this, dim, keepDim); },
  argmax(dim?: number, keepDim?: boolean) { return R.argmax(this, dim, keepDim); },
  argmin(dim?: number, keepDim?: boolean) { return R.argmin(this, dim, keepDim); },
  var(dim?: Dim, keepDim?: boolean, correction?: number) { return R.variance(this, dim, keepDim, correction); },
  std(dim?: Dim, keepDim?: boolean, correction?: number) { return R.std(this, dim, keepDim, correction); },
  norm(p?: number, dim?: Dim, keepDim?: boolean) { return R.norm(this, p, dim, keepDim); },
  reshape(shape: Shape) { return S.reshape(this, shape); },
  view(shape: Shape) { return S.reshape(this, shape); },
  flatten(startDim?: number, endDim?: number) { return S.flatten(this, startDim, endDim); },
  squeeze(dim?: number | readonly number[]) { return S.squeeze(this, dim); },
  unsqueeze(dim: number) { return S.unsqueeze(this, dim); },
  transpose(dim0: number, dim1: number) { return S.transpose(this, dim0, dim1); },
  t() { return S.transpose(this, 0, 1); },
  permute(dims: readonly number[]) { return S.permute(this, dims); },
  expand(shape: Shape) { return S.expand(this, shape); },
  expandAs(other: Tensor) { return S.expand(this, other.shape); },
  narrow(dim: number, start: number, length: number) { return J.narrow(this, dim, start, length); },
  split(sizes: number | readonly number[], dim?: number) { return J.split(this, sizes, dim); },
  chunk(chunks: number, dim?: number) { return J.chunk(this, chunks, dim); },
  gather(dim: number, index: Tensor) { return I.gather(this, dim, index); },
  indexSelect(dim: number, index: Tensor) { return I.indexSelect(this, dim, index); },
  matmul(other: Tensor) { return L.matmul(this, other); },
  mm(other: Tensor) { return L.mm(this, other); },
  to(dtype: DType) { return A.cast(this, dtype); },
  float() { return A.cast(this, 'float32'); },
  double() { return A.cast(this, 'float64'); },
  int() { return A.cast(this, 'int32'); },
  bool() { return A.cast(this, 'bool'); },
  clone() { return A.clone(this); },
};

Object.assign(Tensor.prototype, methods);
