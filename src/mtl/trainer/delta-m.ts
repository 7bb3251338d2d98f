/** Δm%: the multi-task model's mean relative change against single-task baselines. */
import { ValueError } from '../../core/index.js';

/** One task's main metric, its single-task baseline, and which direction is better. */
export interface DeltaMTerm {
  /** The multi-task model's value of the task's main metric. */
  readonly value: number;
  /** The single-task model's value of the same metric. */
  readonly baseline: number;
  /** Whether larger values are better (accuracy: true; MSE: false). */
  readonly higherIsBetter: boolean;
}

/**
 * Δm% = (100 / T) · Σ_i (−1)^{l_i} (M_i − B_i) / B_i, where l_i = 1 when a lower metric is better
 * (Maninis et al. 2019; as LibMTL reports it): positive when the multi-task model beats the
 * single-task baselines on average.
 * @throws ValueError when there are no terms or a baseline is 0 or not finite.
 * @example deltaM([{value: 0.9, baseline: 0.88, higherIsBetter: true}]) // ≈ 2.27
 */
export function deltaM(terms: readonly DeltaMTerm[]): number {
  if (terms.length === 0) throw new ValueError('deltaM', 'expected at least one task, found none');
  let total = 0;
  for (const [i, t] of terms.entries()) {
    if (!Number.isFinite(t.baseline) || t.baseline === 0) {
      throw new ValueError('deltaM', `task ${i}: the baseline must be a finite non-zero number, found ${t.baseline}`);
    }
    const relative = (t.value - t.baseline) / Math.abs(t.baseline);
    total += t.higherIsBetter ? relative : -relative;
  }
  return (100 * total) / terms.length;
}
