/** Datasets: the `Dataset` interface, `TensorDataset`, `Subset` and `ArrayDataset`. */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, Tensor } from '../tensor/index.js';
import { take } from '../ops/index.js';
import type { Collated } from './collate.js';

/**
 * A map-style dataset (PyTorch `Dataset`): `length` samples, fetched by index, possibly asynchronously (I/O).
 *
 * Ownership: tensors returned by `get` and `getBatch` belong to the caller, which disposes them (the `DataLoader`
 * does so after collating). A dataset that keeps tensors of its own returns views of them (`t.detach()`, which
 * shares storage and costs no copy) so that disposing the result leaves its own copy alive.
 * @example
 * const squares: tn.data.Dataset<[number, number]> = {length: 10, get: (i) => [i, i * i]};
 */
export interface Dataset<T> {
  /** Number of samples. */
  readonly length: number;
  /**
   * The sample at `index` (0 ≤ index < length), or a promise of it.
   * @param index - the sample's position
   */
  get(index: number): T | Promise<T>;
  /**
   * Optional fast path: the already-collated batch of the samples at `indices`, as `defaultCollate` would make
   * it. The `DataLoader` calls it instead of `get` when it uses the default collate.
   * @param indices - sample positions, in batch order
   */
  getBatch?(indices: Int32Array): Collated<T> | Promise<Collated<T>>;
}

/** @internal Throw a ValueError unless `index` is an integer in [0, length). */
export function checkIndex(index: number, length: number, op: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new ValueError(op, `index ${index} is out of range for a dataset of length ${length}`);
  }
}

/**
 * Rows of tensors that share their first dimension (PyTorch `TensorDataset`): sample `i` is the tuple of the
 * `i`-th rows. The `DataLoader` gathers a whole batch with one `take` per tensor instead of stacking rows.
 * Shapes: tensors `[N, ...]`; a sample is `[x[i], y[i], ...]`, a batch `[[B, ...], [B, ...], ...]`.
 * @example
 * const ds = new tn.data.TensorDataset(x, y); // x [100, 4], y [100]
 * const [xi, yi] = ds.get(0);                // xi [4], yi []
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> implements Dataset<T> {
  /** The tensors, all with `length` rows. */
  readonly tensors: T;

  /**
   * @param tensors - one or more tensors with the same size of dimension 0
   * @throws ShapeError when the first dimensions differ or a tensor is a scalar.
   */
  constructor(...tensors: T) {
    const first = tensors[0];
    if (first === undefined) throw new ValueError('TensorDataset', 'expected at least one tensor, found none');
    tensors.forEach((t, k) => {
      if (t.ndim === 0 || t.shape[0] !== first.shape[0]) {
        throw new ShapeError('TensorDataset', `all tensors must have the same size of dimension 0: tensor 0 is ${formatShape(first.shape)}, tensor ${k} is ${formatShape(t.shape)}`);
      }
    });
    this.tensors = tensors;
  }

  /** Number of rows. */
  get length(): number {
    return this.tensors[0]?.shape[0] ?? 0;
  }

  /** The `index`-th row of every tensor (new tensors, owned by the caller). */
  get(index: number): T {
    checkIndex(index, this.length, 'TensorDataset.get');
    return this.getRows(Int32Array.of(index), true) as T;
  }

  /** The rows at `indices` of every tensor, `[B, ...]` each (one `take` per tensor). */
  getBatch(indices: Int32Array): Collated<T> {
    return this.getRows(indices, false) as Collated<T>;
  }

  private getRows(indices: Int32Array, single: boolean): Tensor[] {
    return noGrad(() => {
      const n = this.length;
      for (const i of indices) checkIndex(i, n, 'TensorDataset.getBatch');
      const index = single ? fromTypedArray(indices, [], 'int32') : fromTypedArray(indices, [indices.length], 'int32');
      try {
        return this.tensors.map((t) => take(t, index, 0));
      } finally {
        index.dispose();
      }
    });
  }
}

/**
 * The samples of `dataset` at `indices`, in that order (PyTorch `Subset`).
 * @example
 * const firstTen = new tn.data.Subset(ds, Array.from({length: 10}, (_, i) => i));
 */
export class Subset<T> implements Dataset<T> {
  /** Positions in the parent dataset. */
  readonly indices: Int32Array;

  /**
   * @param dataset - the parent dataset
   * @param indices - positions in the parent, each in [0, dataset.length)
   * @throws ValueError when an index is out of range.
   */
  constructor(readonly dataset: Dataset<T>, indices: ArrayLike<number>) {
    this.indices = Int32Array.from(indices);
    indices = this.indices;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] as number;
      if (i < 0 || i >= dataset.length) {
        throw new ValueError('Subset', `index ${i} (at position ${k}) is out of range for a dataset of length ${dataset.length}`);
      }
    }
    if (dataset.getBatch !== undefined) {
      const parent = dataset.getBatch.bind(dataset);
      this.getBatch = (batch: Int32Array) => parent(batch.map((i) => {
        checkIndex(i, this.indices.length, 'Subset.getBatch');
        return this.indices[i] as number;
      }));
    }
  }

  /** Number of samples in the subset. */
  get length(): number {
    return this.indices.length;
  }

  /** The parent's sample at `indices[index]`. */
  get(index: number): T | Promise<T> {
    checkIndex(index, this.indices.length, 'Subset.get');
    return this.dataset.get(this.indices[index] as number);
  }

  /** Present when the parent has a batch fast path: the parent's batch at the mapped positions. */
  getBatch?: (indices: Int32Array) => Collated<T> | Promise<Collated<T>>;
}

/** A copy of `value` in which every tensor is replaced by a view (`detach()`: shared storage, no copy). */
function viewTensors<T>(value: T): T {
  if (value instanceof Tensor) return value.detach() as T;
  if (Array.isArray(value)) return value.map(viewTensors) as T;
  if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, viewTensors(v)])) as T;
  }
  return value;
}

/**
 * A dataset over a JavaScript array of samples (any structure `defaultCollate` understands). Tensors inside the
 * samples are handed out as views, so the `DataLoader` disposing them leaves the array's tensors alive.
 * @example
 * const ds = new tn.data.ArrayDataset([{text: 'good', label: 1}, {text: 'bad', label: 0}]);
 */
export class ArrayDataset<T> implements Dataset<T> {
  /** @param items - the samples; returned as they are by `get` */
  constructor(readonly items: readonly T[]) {}

  /** Number of samples. */
  get length(): number {
    return this.items.length;
  }

  /** The sample at `index`. */
  get(index: number): T {
    checkIndex(index, this.items.length, 'ArrayDataset.get');
    return viewTensors(this.items[index] as T);
  }
}
