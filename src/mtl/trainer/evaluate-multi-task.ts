/** evaluateMultiTask: per-task losses and metrics of a multi-task model over batches, without gradients. */
import { dispose, noGrad, Tensor, tidy } from '../../tensor/index.js';
import { MultiTaskLoader } from '../../data/index.js';
import type { Logs } from '../../train/index.js';
import { taskLoss } from '../tasks/task-loss.js';
import { validateTasks } from '../tasks/validate-tasks.js';
import type { MultiTaskBatch, MultiTaskModel, TaskSpec } from '../types.js';
import { deltaM } from './delta-m.js';
import { TaskRun } from './task-run.js';

/** Multi-task batches, re-iterable once per epoch; `length` (batches) enables the progress bar. */
export type MultiTaskSource = (Iterable<MultiTaskBatch> | AsyncIterable<MultiTaskBatch>) & { readonly length?: number };

/** Iterate a sync or async source with `for await`. */
export async function* multiTaskBatches(source: MultiTaskSource): AsyncGenerator<MultiTaskBatch> {
  if (Symbol.asyncIterator in source) yield* source as AsyncIterable<MultiTaskBatch>;
  else yield* source as Iterable<MultiTaskBatch>;
}

/** True when the source makes fresh batches that the consumer must dispose (a MultiTaskLoader). */
export function ownsMultiTaskBatches(source: MultiTaskSource): boolean {
  return source instanceof MultiTaskLoader;
}

/** Dispose every tensor of a batch the consumer owns: inputs, targets and masks. */
export function disposeBatch(batch: MultiTaskBatch): void {
  dispose([batch.x instanceof Tensor ? batch.x : Object.values(batch.x), Object.values(batch.targets), Object.values(batch.masks ?? {})].flat());
}

/** Samples in a batch: the first dimension of its (first) input. */
export function batchSize(batch: MultiTaskBatch): number {
  const first = batch.x instanceof Tensor ? batch.x : Object.values(batch.x)[0];
  return first?.shape[0] ?? 1;
}

/** Options of evaluateMultiTask. */
export interface MultiTaskEvaluateOptions {
  /** The task specs (losses and metrics). */
  readonly tasks: readonly TaskSpec[];
  /** Prefix of logged names (`val_`, `test_`). */
  readonly prefix?: string;
  /** Single-task main metrics: adds `delta_m`, Δm% against them. */
  readonly baselines?: Readonly<Record<string, number>>;
}

/**
 * Mean per-task losses (`loss_<task>`, and their sum as `loss`) and per-task metrics on labelled
 * samples only (`<metric>_<task>`) of `model` over `data`, in eval mode and without gradients; the
 * model's previous mode is restored.
 * @example const logs = await tn.mtl.evaluateMultiTask(model, testBatches, {tasks}); // {loss_left, accuracy_left, ...}
 */
export async function evaluateMultiTask(model: MultiTaskModel, data: MultiTaskSource, options: MultiTaskEvaluateOptions): Promise<Logs> {
  const tasks = validateTasks(options.tasks, model);
  const losses = tasks.map(taskLoss);
  const prefix = options.prefix ?? '';
  const run = new TaskRun(tasks);
  const wasTraining = model.training;
  model.eval();
  try {
    const owned = ownsMultiTaskBatches(data);
    for await (const batch of multiTaskBatches(data)) {
      try {
        noGrad(() => tidy(() => {
          const outputs = model.forward(batch.x);
          const values = tasks.map((t, i) => losses[i]!(outputs[t.name]!, batch.targets[t.name]!, batch.masks?.[t.name]).item());
          run.addLosses(values, batchSize(batch));
          run.addOutputs(outputs, batch.targets, batch.masks);
        }));
      } finally {
        if (owned) disposeBatch(batch);
      }
    }
  } finally {
    model.train(wasTraining);
  }
  const logs = run.logs(prefix);
  if (options.baselines !== undefined) {
    const values = run.mainMetrics();
    if (!values.some(Number.isNaN)) {
      logs[`${prefix}delta_m`] = deltaM(tasks.map((t, i) => ({
        value: values[i]!, baseline: options.baselines![t.name] ?? Number.NaN, higherIsBetter: t.higherIsBetter ?? true,
      })));
    }
  }
  return logs;
}
