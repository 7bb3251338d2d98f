/**
 * The logged names a multi-task run may monitor (best checkpoint, early stopping), checked before training starts,
 * and their counterparts in the single-task baselines.
 */
import type { TaskSpec } from '../../mtl/index.js';
import type { MultiTaskConfig } from '../config/schema.js';
import { configError } from '../errors.js';
import { datasetTasks } from './data.js';

/** The name of a task's main metric in logs (`accuracy`, `r2`). */
export function mainMetric(task: TaskSpec): string {
  const make = task.metrics?.[0];
  return make === undefined ? 'loss' : make().name;
}

/**
 * Names `fitMultiTask` logs after every epoch that can pick a checkpoint: `loss`, `loss_<task>`,
 * `<metric>_<task>` and, with a validation split, their `val_` versions.
 */
export function monitorNames(tasks: readonly TaskSpec[], validation: boolean): string[] {
  const names = ['loss', ...tasks.flatMap((t) => [`loss_${t.name}`, `${mainMetric(t)}_${t.name}`])];
  return validation ? [...names.map((n) => `val_${n}`), ...names] : names;
}

/**
 * The monitored name as the run logs it (without `val_` when there is no validation split), checked.
 * @param name - the config's value
 * @param key - its config key, for the message (`training.monitor`)
 * @throws CliError (config) naming the key, the allowed names and the value found.
 */
export function resolveMonitor(name: string, key: string, tasks: readonly TaskSpec[], validation: boolean): string {
  const resolved = validation ? name : name.replace(/^val_/, '');
  const allowed = monitorNames(tasks, validation);
  if (!allowed.includes(resolved)) {
    throw configError(`${key}: expected one of ${allowed.join(', ')}${validation ? '' : ' (no validation split: data.validation is 0)'}, found '${name}'`);
  }
  return resolved;
}

/**
 * The single-task baseline's counterpart of a multi-task monitor: `loss` stays, a task's loss becomes the
 * baseline task's loss, a task's metric becomes the baseline task's main metric (`val_accuracy_left` →
 * `val_accuracy_right` for the baseline of `right`).
 */
export function baselineMonitor(monitor: string, tasks: readonly TaskSpec[], task: TaskSpec): string {
  const prefix = monitor.startsWith('val_') ? 'val_' : '';
  const rest = monitor.slice(prefix.length);
  const owner = [...tasks].sort((a, b) => b.name.length - a.name.length).find((t) => rest.endsWith(`_${t.name}`));
  if (owner === undefined) return monitor;
  const metric = rest.slice(0, rest.length - owner.name.length - 1);
  return `${prefix}${metric === 'loss' ? 'loss' : mainMetric(task)}_${task.name}`;
}

/** The monitored names of a config, as its run logs them: the best checkpoint's and early stopping's. */
export interface RunMonitors {
  readonly checkpoint: string;
  readonly earlyStopping?: string;
}

/**
 * Check a config's monitored names against what its data set's tasks log, before any work starts.
 * @throws CliError (config) naming `training.monitor` or `training.earlyStopping.monitor`.
 */
export function configMonitors(config: MultiTaskConfig): RunMonitors {
  const tasks = datasetTasks(config.data.dataset);
  const validation = config.data.validation > 0;
  const checkpoint = resolveMonitor(config.training.monitor, 'training.monitor', tasks, validation);
  const stopping = config.training.earlyStopping;
  return stopping === undefined ? { checkpoint }
    : { checkpoint, earlyStopping: resolveMonitor(stopping.monitor, 'training.earlyStopping.monitor', tasks, validation) };
}
