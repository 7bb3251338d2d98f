/** R2Score: the coefficient of determination as a streaming metric. */
import { ShapeError } from '../../core/index.js';
import type { MetricInput } from './inputs.js';
import type { Metric } from './metric.js';
import { readPair } from './regression.js';

/**
 * R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² per output over every batch added, averaged over outputs: the value
 * `r2Score` (scikit-learn's `r2_score`, `multioutput='uniform_average'`) gives on all the samples at once.
 * Per output it keeps the running mean and Σ(y − ȳ)² (Welford's update, no cancellation) and Σ(y − ŷ)², so
 * memory does not grow with the data.
 * Higher is better; 1 is a perfect fit, 0 the constant prediction ȳ.
 * @example
 * const r2 = new tn.train.R2Score();
 * r2.update([3, -0.5], [2.5, 0]); r2.update([2, 7], [2, 8]);
 * r2.compute(); // 0.9486…, as tn.train.r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8])
 */
export class R2Score implements Metric {
  readonly name: string;
  #rows = 0;
  #mean: number[] = [];
  #spread: number[] = [];
  #residual: number[] = [];

  /** @param options - `name` in logs (default `'r2'`) */
  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? 'r2';
  }

  /** Add a batch of targets and predictions of the same shape ([N] or [N, K]). */
  update(yTrue: MetricInput, yPred: MetricInput): void {
    const op = 'R2Score.update';
    const [t, p] = readPair(yTrue, yPred, op);
    if (this.#rows > 0 && this.#mean.length !== t.cols) {
      throw new ShapeError(op, `targets changed width between batches: ${this.#mean.length} then ${t.cols} outputs`);
    }
    if (this.#rows === 0) {
      this.#mean = new Array<number>(t.cols).fill(0);
      this.#spread = new Array<number>(t.cols).fill(0);
      this.#residual = new Array<number>(t.cols).fill(0);
    }
    for (let i = 0; i < t.rows; i++) {
      this.#rows++;
      for (let j = 0; j < t.cols; j++) {
        const y = t.values[i * t.cols + j] as number;
        const e = y - (p.values[i * t.cols + j] as number);
        const delta = y - this.#mean[j]!;
        this.#mean[j]! += delta / this.#rows;
        this.#spread[j]! += delta * (y - this.#mean[j]!);
        this.#residual[j]! += e * e;
      }
    }
  }

  /** R² averaged over outputs; NaN before two samples. A constant target scores 1 when predicted exactly, else 0. */
  compute(): number {
    if (this.#rows < 2) return NaN;
    const scores = this.#residual.map((residual, j) => {
      const total = this.#spread[j]!;
      if (residual === 0) return 1;
      return total === 0 ? 0 : 1 - residual / total;
    });
    return scores.reduce((a, b) => a + b, 0) / scores.length;
  }

  reset(): void {
    this.#rows = 0;
    this.#mean = [];
    this.#spread = [];
    this.#residual = [];
  }
}
