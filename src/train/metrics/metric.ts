/** The streaming-metric interface used by training loops. */
import type { MetricInput } from './inputs.js';

/**
 * A metric accumulated over batches: `update` with each batch, `compute` the value so far, `reset` between
 * epochs. Prediction metrics take `(yTrue, yPred)`; {@link Mean} takes `(value, weight)`.
 * @example
 * const acc = new tn.train.Accuracy();
 * for (const [x, y] of batches) acc.update(y, model.forward(x));
 * console.log(acc.name, acc.compute());
 * acc.reset();
 */
export interface Metric<Args extends unknown[] = [yTrue: MetricInput, yPred: MetricInput]> {
  /** A short name for logs and history keys (`'accuracy'`, `'f1'` ...). */
  readonly name: string;
  /** Add a batch. */
  update(...args: Args): void;
  /** The metric over everything added since the last reset (NaN before the first sample). */
  compute(): number;
  /** Forget everything added. */
  reset(): void;
}
