/** Report parts rebuilt from a run's `metrics.jsonl`, so a resumed run's report covers every epoch. */
import type { Logs } from '../train/index.js';
import { epochsFromLogs, type EpochRecord, type StepRecord } from '../report/index.js';

type MetricsLine = Readonly<Record<string, unknown>>;

function numbers(record: MetricsLine, skip: readonly string[]): Logs {
  const logs: Logs = {};
  for (const [k, v] of Object.entries(record)) {
    if (skip.includes(k)) continue;
    if (typeof v === 'number') logs[k] = v;
    else if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') logs[k] = Number(v);
  }
  return logs;
}

/** Whether a line belongs to `phase` (lines without one belong to the main phase, `undefined`). */
const inPhase = (r: MetricsLine, phase?: string): boolean => r.phase === phase;

/** Epoch records of one phase (the run's own when `phase` is undefined). */
export function epochRecords(lines: readonly MetricsLine[], tasks?: readonly string[], phase?: string): EpochRecord[] {
  const epochs = lines.filter((r) => r.type === 'epoch' && inPhase(r, phase));
  const logs = epochs.map((r) => numbers(r, ['type', 'epoch', 'phase']));
  const first = typeof epochs[0]?.epoch === 'number' ? epochs[0].epoch : 1;
  return epochsFromLogs(logs, { tasks, firstEpoch: first });
}

/** Step records of one phase: step, epoch, lr, the batch loss and each task's weight. */
export function stepRecords(lines: readonly MetricsLine[], tasks: readonly string[] = [], phase?: string): StepRecord[] {
  return lines.filter((r) => r.type === 'step' && inPhase(r, phase)).map((r) => {
    const weights = Object.fromEntries(tasks.filter((t) => typeof r[`weight_${t}`] === 'number').map((t) => [t, r[`weight_${t}`] as number]));
    return {
      step: r.step as number,
      ...(typeof r.epoch === 'number' ? { epoch: r.epoch } : {}),
      ...(typeof r.lr === 'number' ? { lr: r.lr } : {}),
      ...(typeof r.loss === 'number' ? { loss: r.loss } : {}),
      ...(Object.keys(weights).length > 0 ? { taskWeights: weights } : {}),
    };
  });
}
