/** The report and the result line of `tasknet mtl`: the Δm% table, per-task curves, task weights over time. */
import type { RunRecord } from '../../report/index.js';
import { epochRecords, stepRecords } from '../report-record.js';
import type { MultiTaskRunResult, TaskOutcome } from './run.js';

/** `+1.23%` / `−0.40%`. */
export function formatDeltaM(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}%`;
}

/** A metric value for people: accuracy as a percentage, others (R²) with three decimals and their name. */
export function formatMetric(metric: string, value: number): string {
  if (metric === 'accuracy') return `${(100 * value).toFixed(1)}%`;
  return `${metric === 'r2' ? 'R²' : metric} ${value.toFixed(3)}`;
}

/** `left 91.2% (single 90.1%)`. */
function taskText(t: TaskOutcome): string {
  return `${t.name} ${formatMetric(t.metric, t.value)}${t.baseline !== undefined ? ` (single ${formatMetric(t.metric, t.baseline).replace(/^R² /, '')})` : ''}`;
}

/** The result line: `Δm +1.23% · left 91.2% (single 90.1%) · right … · report runs/…/report.html`. */
export function resultText(result: MultiTaskRunResult, report: string): string {
  return [
    ...(result.deltaM !== undefined ? [`Δm ${formatDeltaM(result.deltaM)}`] : []),
    ...result.tasks.map(taskText),
    `report ${report}`,
  ].join(' · ');
}

/** The report's key results: Δm%, each task's test value (and baseline), the best epoch, the wall time. */
function summary(result: MultiTaskRunResult, seconds: number): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  if (result.deltaM !== undefined) out['Δm (test)'] = formatDeltaM(result.deltaM);
  for (const t of result.tasks) {
    out[`${t.name} ${t.metric === 'r2' ? 'R²' : t.metric}`] = t.baseline !== undefined
      ? `${formatMetric(t.metric, t.value).replace(/^R² /, '')} (single-task ${formatMetric(t.metric, t.baseline).replace(/^R² /, '')})`
      : t.value;
  }
  out['best epoch'] = `${result.multiTask.bestEpoch} of ${result.multiTask.epochs}`;
  out['wall time'] = `${seconds.toFixed(1)} s`;
  return out;
}

/** Options of {@link multiTaskRecord}. */
export interface MultiTaskRecordOptions {
  readonly name: string;
  readonly config: unknown;
  /** metrics.jsonl's records. */
  readonly lines: readonly Readonly<Record<string, unknown>>[];
  readonly result: MultiTaskRunResult;
  /** Wall time of this invocation. */
  readonly seconds: number;
}

/**
 * The run's report record: per-task curves from the multi-task phase's epoch records, task weights from its step
 * records, and the Δm% table (test split; baselines when trained).
 */
export function multiTaskRecord(options: MultiTaskRecordOptions): RunRecord {
  const { result, lines } = options;
  const tasks = result.tasks.map((t) => t.name);
  return {
    name: options.name,
    startedAt: new Date(Date.now() - options.seconds * 1000).toISOString(),
    summary: summary(result, options.seconds),
    config: options.config,
    epochs: epochRecords(lines, tasks),
    steps: stepRecords(lines, tasks),
    multiTask: {
      split: 'test',
      method: result.method,
      tasks: result.tasks.map((t) => ({
        name: t.name, metric: t.metric, higherIsBetter: t.higherIsBetter, value: t.value, ...(t.baseline !== undefined ? { baseline: t.baseline } : {}),
      })),
    },
  };
}
