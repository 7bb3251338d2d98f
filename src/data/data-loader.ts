/** DataLoader: batches of a dataset with seeded shuffling and prefetching (PyTorch `DataLoader`). */
import { Generator, globalGenerator, hashAt, ValueError } from '../core/index.js';
import { dispose, Tensor } from '../tensor/index.js';
import { defaultCollate, type Collated } from './collate.js';
import type { Dataset } from './dataset.js';

/** Options of `DataLoader`. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  readonly batchSize?: number;
  /** Visit the samples in a new random order each epoch (default false). */
  readonly shuffle?: boolean;
  /**
   * Seed of the shuffling: epoch `e` uses the permutation of `new Generator(hash(seed, e))`, so every epoch differs
   * and any epoch can be reproduced alone. Default: drawn from the global generator when the loader is made
   * (reproducible after `tn.manualSeed`).
   */
  readonly seed?: number;
  /** Draw each epoch's permutation from this generator instead (sequential: reproducible from its seed). */
  readonly generator?: Generator;
  /** Leave out the last batch when it has fewer than `batchSize` samples (default false). */
  readonly dropLast?: boolean;
  /** Turn a list of samples into a batch (default `defaultCollate`, with the dataset's `getBatch` fast path). */
  readonly collate?: (samples: T[]) => B | Promise<B>;
  /** Batches loaded ahead of the one being consumed (default 1; 0 loads each batch on demand). */
  readonly prefetch?: number;
}

function checkCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ValueError('DataLoader', `${name} must be an integer ≥ ${min}, found ${value}`);
  }
}

function collectTensors(value: unknown, into: Set<Tensor>): void {
  if (value instanceof Tensor) into.add(value);
  else if (Array.isArray(value)) for (const v of value) collectTensors(v, into);
  else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) collectTensors(v, into);
  }
}

/**
 * Iterate over a dataset in batches: `for await (const [x, y] of loader)`. Each pass over the loader is one epoch;
 * with `shuffle` every epoch has a new order, reproducible from `seed`. While the consumer works on one batch the
 * next one is already being loaded (`prefetch`), so asynchronous `get` (file reads) overlaps training.
 *
 * Memory: every batch is a set of new tensors that belongs to the consumer, which disposes it when done
 * (`tn.dispose(batch)`), or computes the step inside `tn.tidy` and disposes the batch after it. The per-sample
 * tensors that `get` returned are disposed once collated (see `Dataset` for the ownership rule).
 * Shapes: with a `TensorDataset` of `[N, ...]` tensors, each batch is `[B, ...]` per tensor, B = `batchSize`
 * (the last batch may be smaller unless `dropLast`).
 * @example
 * const loader = new tn.data.DataLoader(new tn.data.TensorDataset(x, y), {batchSize: 128, shuffle: true, seed: 0});
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for await (const [xb, yb] of loader) {
 *     tn.tidy(() => { const loss = step(xb, yb); });
 *     tn.dispose([xb, yb]);
 *   }
 * }
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B> {
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the samples in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is left out. */
  readonly dropLast: boolean;
  /** Batches loaded ahead of the one being consumed. */
  readonly prefetch: number;
  /** The epoch the next iteration will use (counts iterations started; see `setEpoch`). */
  epoch = 0;
  private readonly seed: number;
  private readonly generator: Generator | undefined;
  private readonly collate: ((samples: T[]) => B | Promise<B>) | undefined;

  /**
   * @param dataset - the samples (`TensorDataset`, `Subset`, any `Dataset`)
   * @param options - batch size, shuffling, seed, collate, prefetch depth
   * @throws ValueError when batchSize or prefetch is not a valid integer.
   */
  constructor(readonly dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    this.batchSize = options.batchSize ?? 1;
    this.prefetch = options.prefetch ?? 1;
    checkCount(this.batchSize, 'batchSize', 1);
    checkCount(this.prefetch, 'prefetch', 0);
    if (options.seed !== undefined && !Number.isFinite(options.seed)) {
      throw new ValueError('DataLoader', `seed must be a finite number, found ${options.seed}`);
    }
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.generator = options.generator;
    this.seed = options.seed ?? (this.shuffle && this.generator === undefined ? globalGenerator.nextUint32() : 0);
    this.collate = options.collate;
  }

  /** Number of batches in one epoch: ⌈N / batchSize⌉, or ⌊N / batchSize⌋ with `dropLast`. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Set the epoch the next iteration uses (to resume a run at epoch `e` with the same order). */
  setEpoch(epoch: number): void {
    checkCount(epoch, 'epoch', 0);
    this.epoch = epoch;
  }

  /**
   * The order in which epoch `epoch` visits the samples: a permutation when shuffling, else 0…N−1.
   * With a `generator` option, draws the next permutation from it (the epoch number is then ignored).
   */
  epochOrder(epoch: number): Int32Array {
    const n = this.dataset.length;
    if (!this.shuffle) return Int32Array.from({ length: n }, (_, i) => i);
    const generator = this.generator ?? new Generator(hashAt(this.seed >>> 0, epoch));
    return generator.permutation(n);
  }

  /** Load (fetch and collate) the batch of the samples at `indices`. */
  async loadBatch(indices: Int32Array): Promise<B> {
    const dataset = this.dataset;
    if (this.collate === undefined && dataset.getBatch !== undefined) {
      return await dataset.getBatch(indices) as B;
    }
    const samples = await Promise.all(Array.from(indices, (i) => dataset.get(i)));
    const batch = this.collate === undefined ? defaultCollate(samples) as B : await this.collate(samples);
    const kept = new Set<Tensor>();
    collectTensors(batch, kept);
    const owned = new Set<Tensor>();
    collectTensors(samples, owned);
    for (const t of owned) if (!kept.has(t)) t.dispose();
    return batch;
  }

  /** One epoch of batches (advances `epoch`); the next batch is loaded while the current one is consumed. */
  async *[Symbol.asyncIterator](): AsyncGenerator<B, void, undefined> {
    const order = this.epochOrder(this.epoch);
    this.epoch++;
    const count = this.length;
    const queue: Promise<B>[] = [];
    let next = 0;
    try {
      while (next < count || queue.length > 0) {
        while (next < count && queue.length < this.prefetch + 1) {
          const start = next * this.batchSize;
          const pending = this.loadBatch(order.subarray(start, Math.min(start + this.batchSize, order.length)));
          pending.catch(() => undefined); // rejections surface where the batch is awaited
          queue.push(pending);
          next++;
        }
        const batch = await (queue.shift() as Promise<B>);
        yield batch;
      }
    } finally {
      // the consumer stopped early (break, throw): free the batches loaded ahead
      for (const pending of queue) pending.then((b) => dispose(b), () => undefined);
    }
  }
}
