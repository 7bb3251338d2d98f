/** Per-task bookkeeping of one pass over data: running losses, weights and metrics on labelled samples. */
import type { Tensor } from '../../tensor/index.js';
import type { Logs, StreamingMetric } from '../../train/index.js';
import type { TaskSpec, TaskTensors } from '../types.js';
import { labelledRows } from './labelled-rows.js';

/** A weighted running mean. */
class Mean {
  #total = 0;
  #count = 0;
  add(value: number, n: number): void {
    this.#total += value * n;
    this.#count += n;
  }
  get value(): number {
    return this.#count === 0 ? Number.NaN : this.#total / this.#count;
  }
}

/** Accumulates, over the batches of one epoch (or one evaluation), everything logged per task. */
export class TaskRun {
  readonly #tasks: readonly TaskSpec[];
  readonly #total = new Mean();
  readonly #losses: Mean[];
  readonly #weights: Mean[];
  readonly #metrics: StreamingMetric[][];

  /** @param tasks - the task specs, in the model's task order */
  constructor(tasks: readonly TaskSpec[]) {
    this.#tasks = tasks;
    this.#losses = tasks.map(() => new Mean());
    this.#weights = tasks.map(() => new Mean());
    this.#metrics = tasks.map((t) => (t.metrics ?? []).map((make) => make()));
  }

  /** Add one batch of `n` samples: its per-task loss values (and the strategy's weights, when training). */
  addLosses(losses: readonly number[], n: number, weights?: readonly number[]): void {
    this.#total.add(losses.reduce((a, b) => a + b, 0), n);
    losses.forEach((l, i) => this.#losses[i]!.add(l, n));
    weights?.forEach((w, i) => this.#weights[i]!.add(w, 1));
  }

  /** Update every task's metrics with the labelled samples of one batch (outputs already detached). */
  addOutputs(outputs: TaskTensors, targets: TaskTensors, masks?: TaskTensors): void {
    this.#tasks.forEach((task, i) => {
      const metrics = this.#metrics[i]!;
      if (metrics.length === 0) return;
      const output = outputs[task.name]!;
      const target = targets[task.name]!;
      const rows = labelledRows(output, target, masks?.[task.name]);
      if (rows === undefined) return;
      for (const m of metrics) m.update(rows[1], rows[0]);
      disposeNew(rows, output, target);
    });
  }

  /** Mean per-task training losses (for DWA's `onEpochEnd`). */
  meanLosses(): number[] {
    return this.#losses.map((m) => m.value);
  }

  /** The main (first) metric of each task, NaN where a task has none. */
  mainMetrics(): number[] {
    return this.#metrics.map((ms) => (ms.length === 0 ? Number.NaN : ms[0]!.compute()));
  }

  /**
   * `loss`, `loss_<task>`, `<metric>_<task>` and, when weights were added, `weight_<task>`, each
   * name prefixed (`val_`).
   */
  logs(prefix = ''): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.#total.value };
    this.#tasks.forEach((task, i) => {
      logs[`${prefix}loss_${task.name}`] = this.#losses[i]!.value;
      for (const m of this.#metrics[i]!) logs[`${prefix}${m.name}_${task.name}`] = m.compute();
      const weight = this.#weights[i]!.value;
      if (!Number.isNaN(weight)) logs[`${prefix}weight_${task.name}`] = weight;
    });
    return logs;
  }
}

/** Dispose the tensors of `rows` that are not `output` or `target` themselves. */
function disposeNew(rows: [Tensor, Tensor], output: Tensor, target: Tensor): void {
  if (rows[0] !== output) rows[0].dispose();
  if (rows[1] !== target) rows[1].dispose();
}
