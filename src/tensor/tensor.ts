/**
 * Tensor: an n-dimensional array on a backend, optionally recording the operations made
 * from it so `backward()` can compute gradients. Operations are attached as methods by the
 * ops layer (`x.add(y)`, `x.sum()` ...), mirroring PyTorch.
 */
import {
  DTypeError, formatShape, isFloatDType, ShapeError, sizeOf, StateError, ValueError, type DType, type Shape, type TypedArray,
} from '../core/index.js';
import type { GraphNode } from '../autograd/index.js';
import { engine } from './engine.js';
import { pendingChecks, settleChecks } from './deferred-checks.js';
import { formatTensor } from './format.js';
import type { StorageRef } from './storage-ref.js';
import { runBackward, type BackwardOptions } from './backward.js';

let nextId = 0;

/** A nested JavaScript array of numbers or booleans, as `tolist()` returns. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An n-dimensional array. Create one with `tn.tensor`, `tn.zeros`, `tn.randn` ...
 * @example
 * const a = tn.tensor([[1, 2], [3, 4]], {requiresGrad: true});
 * a.mul(a).sum().backward();
 * a.grad?.toString(); // tensor([[2., 4.], [6., 8.]])
 */
export class Tensor {
  /** A unique id, for debugging. */
  readonly id = nextId++;
  /** Gradient accumulated by `backward()` (leaves, and tensors that called `retainGrad()`). */
  grad: Tensor | null = null;
  /** @internal The operation that produced this tensor, or null for a leaf. */
  node: GraphNode<Tensor> | null = null;
  /** @internal Whether `backward()` should keep this non-leaf tensor's gradient. */
  retainsGrad = false;
  private requires = false;
  private disposed = false;

  /**
   * @internal Use the factories (`tn.tensor` ...) instead.
   * @param ref - the storage, shared with views
   * @param shape - dimensions
   * @param dtype - element type
   */
  constructor(public ref: StorageRef, readonly shape: Shape, readonly dtype: DType) {
    engine.track(this);
  }

  /** Number of dimensions. */
  get ndim(): number { return this.shape.length; }
  /** Number of elements. */
  get size(): number { return sizeOf(this.shape); }
  /** Number of elements (PyTorch `numel()`). */
  numel(): number { return this.size; }
  /** Name of the backend holding the elements. */
  get device(): string { return this.ref.backend.name; }
  /** True when not produced by a recorded operation. */
  get isLeaf(): boolean { return this.node === null; }
  /** True once `dispose()` has run. */
  get isDisposed(): boolean { return this.disposed; }

  /** Whether gradients flow to (and through) this tensor. */
  get requiresGrad(): boolean { return this.requires; }
  set requiresGrad(value: boolean) {
    if (value && !isFloatDType(this.dtype)) {
      throw new DTypeError('requiresGrad', `only floating-point tensors can require gradients, found ${this.dtype}`);
    }
    if (!this.isLeaf && !value) {
      throw new StateError('requiresGrad', 'can only change requiresGrad of a leaf tensor; use detach() instead');
    }
    this.requires = value;
  }

  /** Set `requiresGrad` in place and return this tensor (PyTorch `requires_grad_`). */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** Keep this non-leaf tensor's gradient in `.grad` after `backward()`. */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /**
   * Replace this tensor's elements with `value`'s, keeping its identity (`requiresGrad`, `grad`,
   * membership of modules and optimisers) — how optimisers update parameters in place.
   * Views taken earlier keep the old elements. Inside `noGrad` only, for tensors that require grad.
   * @throws ShapeError/DTypeError when shape or dtype differ; StateError on a non-leaf or while recording.
   */
  assign(value: Tensor): this {
    this.assertLive('assign');
    value.assertLive('assign');
    if (value.shape.length !== this.shape.length || value.shape.some((d, i) => d !== this.shape[i])) {
      throw new ShapeError('assign', `value shape ${formatShape(value.shape)} differs from the tensor's ${formatShape(this.shape)}`);
    }
    if (value.dtype !== this.dtype) throw new DTypeError('assign', `value dtype ${value.dtype} differs from the tensor's ${this.dtype}`);
    if (!this.isLeaf) throw new StateError('assign', 'only leaf tensors can be assigned; this one was computed by an operation');
    if (this.requires && engine.gradEnabled) {
      throw new StateError('assign', 'a tensor that requires grad can only be assigned inside tn.noGrad()');
    }
    if (value.ref !== this.ref) {
      const previous = this.ref;
      this.ref = value.ref.retain();
      previous.release();
    }
    return this;
  }

  /** A new tensor sharing this one's elements, cut off from the graph (never requires grad). */
  detach(): Tensor {
    this.assertLive('detach');
    return new Tensor(this.ref.retain(), this.shape, this.dtype);
  }

  /** @internal Throw if disposed. */
  assertLive(op: string): void {
    if (this.disposed) throw new StateError(op, `tensor ${this.id} ${formatShape(this.shape)} was disposed`);
  }

  /**
   * The elements as a new typed array, read asynchronously (works on every backend), as they are
   * when `data()` is called. Checks of earlier operations' inputs that the backend could not make
   * when they ran (an index out of range on the GPU) are settled before it returns.
   * @throws the first failed check's error (ValueError naming the operation)
   */
  async data(): Promise<TypedArray> {
    this.assertLive('data');
    const values = this.ref.backend.read(this.ref.storage); // the elements as they are now, whatever comes later
    if (pendingChecks() === 0) return values;
    try {
      await settleChecks();
    } catch (error) {
      values.catch(() => undefined);
      throw error;
    }
    return values;
  }

  /**
   * The elements as a new typed array, read synchronously.
   * @throws StateError on backends that can only read asynchronously (use `await t.data()`).
   */
  dataSync(): TypedArray {
    this.assertLive('dataSync');
    const backend = this.ref.backend;
    if (backend.readSync === undefined) {
      throw new StateError('dataSync', `backend '${backend.name}' reads asynchronously; use await t.data()`);
    }
    return backend.readSync(this.ref.storage);
  }

  /** The elements as nested arrays (booleans for bool tensors). */
  tolist(): NestedArray {
    const values = this.dataSync();
    const asValue = (i: number): number | boolean => (this.dtype === 'bool' ? values[i] === 1 : (values[i] as number));
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return asValue(offset);
      const n = this.shape[dim] as number;
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: n }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /**
   * The single element of a one-element tensor as a number.
   * @throws ValueError when the tensor has more than one element.
   */
  item(): number {
    if (this.size !== 1) throw new ValueError('item', `expected a tensor with one element, found shape ${formatShape(this.shape)}`);
    return this.dataSync()[0] as number;
  }

  /** Release the elements (shared views keep them alive). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    engine.liveTensors--;
    this.ref.release();
    this.node = null;
  }

  /**
   * Accumulate d(this)/d(leaf) into every leaf's `.grad` (PyTorch `backward`).
   * @param gradient - dL/d(this); may be omitted for a one-element tensor (taken as 1)
   * @param options - `retainGraph` to differentiate the same graph again, `createGraph` for higher-order gradients
   */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    runBackward(this, gradient, options);
  }

  /** Print like PyTorch: `tensor([[1., 2.], [3., 4.]], requires_grad=True)`. */
  toString(): string {
    if (this.disposed) return `tensor(<disposed> shape=${formatShape(this.shape)}, dtype=${this.dtype})`;
    const values = this.ref.backend.readSync?.(this.ref.storage);
    return formatTensor(values, this.shape, this.dtype, {
      requiresGrad: this.requires,
      gradFn: this.node?.name,
    });
  }
}
