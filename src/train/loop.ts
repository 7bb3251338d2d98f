/** Shared pieces of the training and evaluation loops. */
import { TasknetError } from '../core/index.js';
import { toBackend, type Tensor } from '../tensor/index.js';
import { DataLoader } from '../data/index.js';
import type { Batch, BatchSource, StreamingMetric } from './types.js';

/** Training stopped because the loss became NaN or infinite. */
export class NonFiniteLossError extends TasknetError {
  /**
   * @param value - the loss value
   * @param epoch - 0-based epoch
   * @param step - 0-based step within the epoch
   */
  constructor(readonly value: number, readonly epoch: number, readonly step: number) {
    super('fit', `the loss became ${value} at epoch ${epoch + 1}, step ${step + 1}; ` +
      'lower the learning rate, clip gradients or check the inputs for NaN');
    this.name = 'NonFiniteLossError';
  }
}

/** Iterate any batch source (sync or async) with `for await`. */
export async function* batchesOf(source: BatchSource): AsyncGenerator<Batch> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Batch>;
  } else {
    yield* source as Iterable<Batch>;
  }
}

/** True when the source makes fresh batches that the consumer must dispose (a DataLoader). */
export function ownsBatches(source: BatchSource): boolean {
  return source instanceof DataLoader;
}

/** Number of batches when known (arrays and loaders with `length`). */
export function batchCount(source: BatchSource): number {
  if (Array.isArray(source)) return source.length;
  const n = (source as { length?: unknown }).length;
  return typeof n === 'number' ? n : 0;
}

/** Running mean weighted by batch size. */
export class RunningMean {
  private total = 0;
  private count = 0;
  /** Add `value` with weight `n`. */
  add(value: number, n: number): void { this.total += value * n; this.count += n; }
  /** The mean so far (NaN when empty). */
  get value(): number { return this.count === 0 ? Number.NaN : this.total / this.count; }
}

/** Update each metric with one batch. */
export function updateMetrics(metrics: readonly StreamingMetric[], target: Tensor, output: Tensor): void {
  for (const m of metrics) m.update(target, output);
}

/**
 * Update each metric with one batch read back to the host first (metrics read synchronously, which a
 * GPU backend cannot).
 */
export async function updateMetricsOnHost(metrics: readonly StreamingMetric[], target: Tensor, output: Tensor): Promise<void> {
  const [t, o] = await Promise.all([toBackend(target, 'cpu'), toBackend(output, 'cpu')]);
  try {
    updateMetrics(metrics, t, o);
  } finally {
    t.dispose();
    o.dispose();
  }
}

/** `{name: value}` of every metric, with an optional prefix (`val_`). */
export function metricLogs(metrics: readonly StreamingMetric[], prefix = ''): Record<string, number> {
  return Object.fromEntries(metrics.map((m) => [prefix + m.name, m.compute()]));
}
