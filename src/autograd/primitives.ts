/**
 * The primitive operations gradient rules are written with. The tensor layer implements
 * `PrimitiveRunner` for its Tensor type; `Primitives` adds the small conveniences rules need.
 * Keeping rules generic over `T` lets autograd sit below the tensor layer.
 */
import { broadcastedAxes, shapesEqual, type DType, type Shape } from '../core/index.js';
import type { ArithmeticOp, CompareOp, KernelAttrs, KernelName, UnaryOp } from '../backend/index.js';

/** What the tensor layer provides to autograd: run a kernel (recording it when grad mode is on). */
export interface PrimitiveRunner<T> {
  /** Shape of a tensor. */
  shape(t: T): Shape;
  /** Dtype of a tensor. */
  dtype(t: T): DType;
  /** Run primitive kernel `kernel` on `inputs`. */
  run<K extends KernelName>(kernel: K, inputs: T[], attrs: KernelAttrs<K>): T;
  /** A view of `t` with a new shape of the same size (shares storage). */
  reshape(t: T, shape: Shape): T;
  /** A rank-0 tensor holding `value`. */
  scalar(value: number, dtype: DType): T;
}

/** Convenience wrappers over a `PrimitiveRunner`, used by the gradient rules. */
export class Primitives<T> {
  /** @param runner - the tensor layer's kernel runner */
  constructor(readonly runner: PrimitiveRunner<T>) {}

  /** Shape of `t`. */
  shape(t: T): Shape { return this.runner.shape(t); }
  /** Dtype of `t`. */
  dtype(t: T): DType { return this.runner.dtype(t); }
  /** `op(x)` element-wise. */
  unary(op: UnaryOp, x: T): T { return this.runner.run('unary', [x], { op }); }
  /** `op(a, b)` element-wise with broadcasting. */
  binary(op: ArithmeticOp | CompareOp, a: T, b: T): T { return this.runner.run('binary', [a, b], { op }); }
  /** a + b */
  add(a: T, b: T): T { return this.binary('add', a, b); }
  /** a − b */
  sub(a: T, b: T): T { return this.binary('sub', a, b); }
  /** a · b */
  mul(a: T, b: T): T { return this.binary('mul', a, b); }
  /** a / b */
  div(a: T, b: T): T { return this.binary('div', a, b); }
  /** −x */
  neg(x: T): T { return this.unary('neg', x); }
  /** A scalar of `x`'s dtype. */
  scalarLike(value: number, x: T): T { return this.runner.scalar(value, this.dtype(x)); }
  /** x · c for a number c. */
  scale(x: T, c: number): T { return this.mul(x, this.scalarLike(c, x)); }
  /** cond ? a : b */
  where(cond: T, a: T, b: T): T { return this.runner.run('where', [cond, a, b], {}); }
  /** Zeros with the given shape and dtype. */
  zeros(shape: Shape, dtype: DType): T {
    return this.runner.run('expand', [this.runner.scalar(0, dtype)], { shape });
  }
  /** `x` materialised at the broadcast shape `shape`. */
  expand(x: T, shape: Shape): T {
    return shapesEqual(this.shape(x), shape) ? x : this.runner.run('expand', [x], { shape });
  }
  /** A view with a new shape. */
  reshape(x: T, shape: Shape): T {
    return shapesEqual(this.shape(x), shape) ? x : this.runner.reshape(x, shape);
  }
  /** Sum of `x` over `axes`, keeping them as size-1 dimensions. */
  sumKeep(x: T, axes: readonly number[]): T {
    return axes.length === 0 ? x : this.runner.run('reduce', [x], { op: 'sum', axes, keepDims: true });
  }
  /** Reduce a broadcast gradient back to `shape` (sum over broadcast axes, then reshape). */
  sumTo(g: T, shape: Shape): T {
    const gShape = this.shape(g);
    if (shapesEqual(gShape, shape)) return g;
    return this.reshape(this.sumKeep(g, broadcastedAxes(shape, gShape)), shape);
  }
  /** Convert to `dtype` (no-op when equal). */
  cast(x: T, dtype: DType): T {
    return this.dtype(x) === dtype ? x : this.runner.run('cast', [x], { dtype });
  }
}
