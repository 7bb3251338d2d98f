/** The rows of the multi-task table: each task's relative change against its single-task baseline, and Δm%. */
import { deltaM } from '../mtl/index.js';
import type { MultiTaskRecord, TaskResult } from './run-record.js';

/** A task's row: its result and, with a baseline, its signed relative change in % (positive = better). */
export interface TaskDeltaRow extends TaskResult {
  /** (−1)^l (M − M_b) / M_b × 100, with l = 1 when lower is better; absent without a baseline. */
  readonly delta?: number;
}

/** The table: rows in the record's order, and Δm% when every task has a baseline. */
export interface MultiTaskTable {
  /** One row per task. */
  readonly rows: readonly TaskDeltaRow[];
  /** Δm% = (1/T) Σ_i (−1)^{l_i} (M_i − M_b,i) / M_b,i × 100 over all T tasks; absent when a baseline is missing. */
  readonly deltaM?: number;
  /** Tasks without a baseline. */
  readonly missingBaselines: readonly string[];
}

/**
 * Per-task Δ and Δm% (Maninis et al. 2019, computed by `tn.mtl.deltaM`) of a multi-task record.
 * @example multiTaskTable({tasks: [{name: 'a', metric: 'accuracy', higherIsBetter: true, value: 0.9, baseline: 0.8},
 *   {name: 'b', metric: 'mse', higherIsBetter: false, value: 0.5, baseline: 0.4}]}).deltaM // (12.5 − 25) / 2 = −6.25
 */
export function multiTaskTable(record: MultiTaskRecord): MultiTaskTable {
  const rows = record.tasks.map((t): TaskDeltaRow => (t.baseline === undefined ? t : {
    ...t, delta: deltaM([{ value: t.value, baseline: t.baseline, higherIsBetter: t.higherIsBetter }]),
  }));
  const missingBaselines = record.tasks.filter((t) => t.baseline === undefined).map((t) => t.name);
  if (missingBaselines.length > 0 || record.tasks.length === 0) return { rows, missingBaselines };
  const terms = record.tasks.map((t) => ({ value: t.value, baseline: t.baseline!, higherIsBetter: t.higherIsBetter }));
  return { rows, deltaM: deltaM(terms), missingBaselines };
}
