/** MultiTaskLoader: batches of a multi-task data set, shared-input or per-task-input, with seeded shuffling. */
import { Generator, globalGenerator, hashAt, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, type Tensor } from '../tensor/index.js';
import { take } from '../ops/index.js';
import { isSharedInput, taskRows, type MultiTaskBatch, type TaskTensors } from './multi-task-set.js';

/** Options of `MultiTaskLoader`. */
export interface MultiTaskLoaderOptions {
  /** Samples per batch, per task (default 1). */
  readonly batchSize?: number;
  /** Visit the rows in a new random order each epoch (default false). */
  readonly shuffle?: boolean;
  /**
   * Seed of the shuffling: epoch `e` draws from `new Generator(hash(seed, e))` (per-task input: task `k` from
   * `new Generator(hash(hash(seed, e), k))`), so any epoch can be reproduced alone. Default: drawn from the
   * global generator when the loader is made (reproducible after `tn.manualSeed`).
   */
  readonly seed?: number;
  /** Leave out the last batch when it has fewer than `batchSize` samples (default false). */
  readonly dropLast?: boolean;
}

/**
 * Iterate over a multi-task data set (a `MultiTaskSet`, or any `{x, targets, masks?}` whose tensors have one row
 * per sample) in `MultiTaskBatch`es: `for (const batch of loader)` is one epoch, and `length` is the number of
 * batches in it. Tasks keep the order of `Object.keys(data.targets)`.
 *
 * Shared input (`x` a tensor): batch `b` holds the same rows of `x`, of every target and of every mask.
 * Per-task input (`x[task]` per task): each task's batch comes from its own rows. An epoch ends when the
 * largest task has been seen once: it has ⌈N_max / batchSize⌉ batches (⌊…⌋ with `dropLast`), and a smaller task
 * cycles through its rows as often as needed, in a fresh order each cycle when shuffling (in row order without
 * shuffling). Every task gets the same number of samples in a batch.
 *
 * Memory: every batch is a set of new tensors that belongs to the consumer (`tn.dispose(batch)` when done);
 * the data set's own tensors are never disposed. Batches are made lazily, one per step of the iteration.
 * @example
 * const set = await tn.data.datasets.multiMnist({split: 'train', size: 10000, seed: 0});
 * const loader = new tn.data.MultiTaskLoader(set, {batchSize: 256, shuffle: true, seed: 0});
 * for (const {x, targets} of loader) { ... tn.dispose([x, targets]); } // loader.length batches
 */
export class MultiTaskLoader implements Iterable<MultiTaskBatch> {
  /** Task names, in the order of `data.targets`. */
  readonly tasks: readonly string[];
  /** Rows of each task. */
  readonly rows: Readonly<Record<string, number>>;
  /** Whether each task brings its own input (`x` is a record). */
  readonly perTaskInput: boolean;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the rows in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is left out. */
  readonly dropLast: boolean;
  /** The epoch the next iteration uses (counts iterations started; see `setEpoch`). */
  epoch = 0;
  private readonly seed: number;

  /**
   * @param data - the data set: `x` shared `[N, ...]` or per task `x[task]` `[N_task, ...]`; `targets[task]` and
   *   `masks[task]` with the rows of that task's input
   * @param options - batchSize (1), shuffle (false), seed, dropLast (false)
   * @throws ShapeError when a target or mask does not have the rows of its input; ValueError for a bad option.
   */
  constructor(readonly data: MultiTaskBatch, options: MultiTaskLoaderOptions = {}) {
    this.rows = taskRows(data, 'MultiTaskLoader');
    this.tasks = Object.keys(data.targets);
    this.perTaskInput = !isSharedInput(data.x);
    this.batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new ValueError('MultiTaskLoader', `batchSize must be an integer ≥ 1, found ${this.batchSize}`);
    }
    if (options.seed !== undefined && !Number.isFinite(options.seed)) {
      throw new ValueError('MultiTaskLoader', `seed must be a finite number, found ${options.seed}`);
    }
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.seed = options.seed ?? (this.shuffle ? globalGenerator.nextUint32() : 0);
  }

  /** Rows of the largest task (all tasks' rows with a shared input). */
  private get largest(): number {
    return Math.max(...Object.values(this.rows));
  }

  /** Batches in one epoch: ⌈N_max / batchSize⌉, or ⌊N_max / batchSize⌋ with `dropLast`. */
  get length(): number {
    const n = this.largest;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Set the epoch the next iteration uses (to resume a run at epoch `e` with the same order). */
  setEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new ValueError('MultiTaskLoader.setEpoch', `epoch must be an integer ≥ 0, found ${epoch}`);
    this.epoch = epoch;
  }

  /**
   * The rows each batch of epoch `epoch` takes, per task (with a shared input every task maps to one array).
   * @example loader.batchIndices(0)[0].left; // rows of the first batch
   */
  batchIndices(epoch: number): Record<string, Int32Array>[] {
    const epochSeed = hashAt(this.seed >>> 0, epoch);
    const sizes = Array.from({ length: this.length }, (_, b) => Math.min(this.batchSize, this.largest - b * this.batchSize));
    if (!this.perTaskInput) {
      const order = rowOrder(this.largest, this.shuffle ? new Generator(epochSeed) : undefined);
      return sizes.map((size, b) => {
        const rows = order.subarray(b * this.batchSize, b * this.batchSize + size);
        return Object.fromEntries(this.tasks.map((t) => [t, rows]));
      });
    }
    const streams = this.tasks.map((t, k) => cyclingRows(this.rows[t] as number, this.shuffle ? new Generator(hashAt(epochSeed, k)) : undefined));
    return sizes.map((size) => Object.fromEntries(this.tasks.map((t, k) => [t, (streams[k] as (count: number) => Int32Array)(size)])));
  }

  /** One epoch of batches (advances `epoch`). */
  *[Symbol.iterator](): IterableIterator<MultiTaskBatch> {
    const batches = this.batchIndices(this.epoch);
    this.epoch++;
    for (const rows of batches) yield this.makeBatch(rows);
  }

  private makeBatch(rows: Record<string, Int32Array>): MultiTaskBatch {
    const pick = (source: TaskTensors): TaskTensors =>
      Object.fromEntries(Object.entries(source).map(([t, v]) => [t, takeRows(v, rows[t] as Int32Array)]));
    const x = this.perTaskInput ? pick(this.data.x as TaskTensors) : takeRows(this.data.x as Tensor, rows[this.tasks[0] as string] as Int32Array);
    const targets = pick(this.data.targets);
    return this.data.masks === undefined ? { x, targets } : { x, targets, masks: pick(this.data.masks) };
  }
}

/** The rows of `t` at `indices` (a new tensor, outside autograd). */
function takeRows(t: Tensor, indices: Int32Array): Tensor {
  return noGrad(() => {
    const index = fromTypedArray(indices, [indices.length], 'int32');
    try { return take(t, index, 0); } finally { index.dispose(); }
  });
}

/** 0…n−1, shuffled by `generator` when there is one. */
function rowOrder(n: number, generator: Generator | undefined): Int32Array {
  return generator === undefined ? Int32Array.from({ length: n }, (_, i) => i) : generator.permutation(n);
}

/** A source of rows that goes through 0…n−1 (a new shuffle each cycle with a generator) again and again. */
function cyclingRows(n: number, generator: Generator | undefined): (count: number) => Int32Array {
  let order = rowOrder(n, generator);
  let position = 0;
  return (count) => {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      if (position === n) {
        order = rowOrder(n, generator);
        position = 0;
      }
      out[i] = order[position++] as number;
    }
    return out;
  };
}
