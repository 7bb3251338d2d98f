/** Turning the flat logs of `fit` / `fitMultiTask` into EpochRecords. */
import type { Logs } from '../train/index.js';
import type { EpochRecord, TaskEpochMetrics } from './run-record.js';

/** Options of epochsFromLogs. */
export interface EpochsFromLogsOptions {
  /** Task names of a multi-task run: `<metric>_<task>` keys go to `tasks`, `weight_<task>` to `taskWeights`. */
  readonly tasks?: readonly string[];
  /** Number of the first epoch (default 1; e.g. 4 when a resumed run's logs start at its fourth epoch). */
  readonly firstEpoch?: number;
}

type Mutable = Record<string, number>;

/**
 * EpochRecords from `History.epochs`: `lr` → `lr`, `val_<name>` → `validation`, other names → `train`; with `tasks`,
 * `[val_]<metric>_<task>` → `tasks[task].train|validation[metric]` (the longest matching task name wins) and
 * `weight_<task>` → `taskWeights[task]`.
 * @example epochsFromLogs([{loss: 0.9, val_loss: 1, lr: 0.1}])
 * // [{epoch: 1, lr: 0.1, train: {loss: 0.9}, validation: {loss: 1}}]
 */
export function epochsFromLogs(logs: readonly Logs[], options: EpochsFromLogsOptions = {}): EpochRecord[] {
  const tasks = [...(options.tasks ?? [])].sort((a, b) => b.length - a.length);
  const first = options.firstEpoch ?? 1;
  return logs.map((entry, i) => {
    const train: Mutable = {};
    const validation: Mutable = {};
    const perTask: Record<string, { train: Mutable; validation: Mutable }> = {};
    const weights: Mutable = {};
    let lr: number | undefined;
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'lr') { lr = value; continue; }
      const isVal = key.startsWith('val_');
      const name = isVal ? key.slice(4) : key;
      const task = tasks.find((t) => name.endsWith(`_${t}`) && name.length > t.length + 1);
      if (task === undefined) { (isVal ? validation : train)[name] = value; continue; }
      const metric = name.slice(0, name.length - task.length - 1);
      if (metric === 'weight' && !isVal) { weights[task] = value; continue; }
      perTask[task] ??= { train: {}, validation: {} };
      perTask[task][isVal ? 'validation' : 'train'][metric] = value;
    }
    const taskRecords: Record<string, TaskEpochMetrics> = {};
    for (const [task, m] of Object.entries(perTask)) {
      taskRecords[task] = { train: m.train, ...(Object.keys(m.validation).length > 0 ? { validation: m.validation } : {}) };
    }
    return {
      epoch: first + i,
      ...(lr === undefined ? {} : { lr }),
      train,
      ...(Object.keys(validation).length > 0 ? { validation } : {}),
      ...(Object.keys(taskRecords).length > 0 ? { tasks: taskRecords } : {}),
      ...(Object.keys(weights).length > 0 ? { taskWeights: weights } : {}),
    };
  });
}
