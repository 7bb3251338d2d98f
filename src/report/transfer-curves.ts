/** Summarising transfer runs (method × number of labels × seed) into mean ± std curves. */
import { ValueError } from '../core/index.js';
import type { TransferCurve } from './run-record.js';

/** One run: a method trained with `labels` labelled examples reached `accuracy` (the rows of `bench:transfer`). */
export interface TransferRun {
  /** Method name. */
  readonly method: string;
  /** Number of labelled target examples; runs without a positive number (e.g. 'source as is') are left out. */
  readonly labels?: number;
  /** The run's metric (test accuracy). */
  readonly accuracy: number;
}

/**
 * Mean and sample standard deviation (n − 1; 0 for one run) of `accuracy` per method and number of labels, methods in
 * first-seen order, points by increasing labels.
 * @throws ValueError when a run's accuracy is not a finite number.
 * @example transferCurves([{method: 'fine-tune', labels: 100, accuracy: 0.8}, {method: 'fine-tune', labels: 100, accuracy: 0.9}])
 * // [{method: 'fine-tune', points: [{labels: 100, mean: 0.85, std: 0.0707, runs: 2}]}]
 */
export function transferCurves(runs: readonly TransferRun[]): TransferCurve[] {
  const groups = new Map<string, Map<number, number[]>>();
  runs.forEach((r, i) => {
    if (typeof r.labels !== 'number' || !(r.labels > 0)) return;
    if (typeof r.accuracy !== 'number' || !Number.isFinite(r.accuracy)) {
      throw new ValueError('transferCurves', `runs[${i}].accuracy: expected a finite number, found ${String(r.accuracy)}`);
    }
    const byLabels = groups.get(r.method) ?? new Map<number, number[]>();
    groups.set(r.method, byLabels);
    const values = byLabels.get(r.labels) ?? [];
    byLabels.set(r.labels, values);
    values.push(r.accuracy);
  });
  return [...groups].map(([method, byLabels]) => ({
    method,
    points: [...byLabels].sort((a, b) => a[0] - b[0]).map(([labels, xs]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
      return { labels, mean, std, runs: xs.length };
    }),
  }));
}
