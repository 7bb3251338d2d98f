/** fitMultiTask: the training loop for multi-task models, with any architecture and any weighting strategy. */
import { StateError, ValueError } from '../../core/index.js';
import { dispose, getBackend, readsSynchronously } from '../../tensor/index.js';
import { Adam } from '../../optim/index.js';
import {
  ProgressBar, restoreRun, runEpochs, type Callback, type History, type Logs, type Model, type OptimizerLike, type ProgressSink,
  type StatefulComponent, type StatefulOptimizer, type TrainContext,
} from '../../train/index.js';
import { taskLoss } from '../tasks/task-loss.js';
import { validateTasks } from '../tasks/validate-tasks.js';
import type { MultiTaskModel, TaskSpec, WeightingStrategy } from '../types.js';
import { EqualWeighting } from '../weighting/index.js';
import { deltaM } from './delta-m.js';
import { batchSize, disposeBatch, evaluateMultiTask, multiTaskBatches, ownsMultiTaskBatches, type MultiTaskSource } from './evaluate-multi-task.js';
import { TaskRun } from './task-run.js';
import { runComponents } from './run-components.js';
import { trainStep, type StepSetup } from './train-step.js';

/** Options of fitMultiTask. */
export interface MultiTaskFitOptions {
  /** The tasks, one per `model.tasks` entry (any order; matched by name). */
  readonly tasks: readonly TaskSpec[];
  /** Training batches, iterated once per epoch. */
  readonly train: MultiTaskSource;
  /** Validation batches, evaluated after every epoch (logged with the `val_` prefix). */
  readonly validation?: MultiTaskSource;
  /** The optimiser of the model's parameters. */
  readonly optimizer: OptimizerLike;
  /** How task losses become gradients (default equal weighting). */
  readonly strategy?: WeightingStrategy;
  /** Optimiser of the strategy's own parameters (uncertainty's log σ²); default Adam at the model optimiser's lr. */
  readonly strategyOptimizer?: OptimizerLike;
  /** Let the strategy work on the shared representation rather than the shared parameters (cheaper; hard sharing). */
  readonly representation?: boolean;
  /** Each task's single-task main metric: logs `delta_m` (and `val_delta_m`), Δm% against them. */
  readonly baselines?: Readonly<Record<string, number>>;
  /** Number of epochs (default 1). */
  readonly epochs?: number;
  /** Hooks: early stopping (monitor e.g. `val_delta_m`), schedulers, loggers. */
  readonly callbacks?: readonly Callback[];
  /** `true` (default) shows a progress bar per epoch; `false` prints nothing. */
  readonly progress?: boolean;
  /** Where the progress bar writes (default stderr). */
  readonly sink?: ProgressSink;
  /** Called after the backward pass and before the optimiser step (gradient clipping). */
  readonly beforeStep?: () => void;
  /**
   * Continue the run saved in this checkpoint (`<dir>/last` of a ModelCheckpoint in `callbacks`): the
   * model's weights, the optimiser's state, the strategy's state (learned log σ², GradNorm's weights,
   * DWA's loss history …) and its optimiser's, the training loader's epoch and the random generator;
   * training goes on from the epoch after the saved one up to `epochs`.
   */
  readonly resume?: string;
}

/** The strategy's optimiser when it has parameters to learn. */
function strategyOptimizers(options: MultiTaskFitOptions, strategy: WeightingStrategy): OptimizerLike[] {
  const params = strategy.parameters?.() ?? [];
  if (params.length === 0) return [];
  if (options.strategyOptimizer !== undefined) return [options.strategyOptimizer];
  return [new Adam(params, { lr: options.optimizer.paramGroups?.[0]?.lr ?? 1e-3 })];
}

/** `delta_m` from the main metrics of a run, when baselines are given and every task has a metric. */
function deltaMLogs(tasks: readonly TaskSpec[], run: TaskRun, baselines: Readonly<Record<string, number>> | undefined, prefix: string): Logs {
  if (baselines === undefined) return {};
  const values = run.mainMetrics();
  const terms = tasks.map((task, i) => {
    const baseline = baselines[task.name];
    if (baseline === undefined) throw new ValueError('fitMultiTask', `baselines has no value for task '${task.name}'`);
    return { value: values[i]!, baseline, higherIsBetter: task.higherIsBetter ?? true };
  });
  return terms.some((t) => Number.isNaN(t.value)) ? {} : { [`${prefix}delta_m`]: deltaM(terms) };
}

/** One batch's `batch_loss` (the weighted sum), `batch_loss_<task>` and `weight_<task>`, for callbacks. */
function batchLogs(tasks: readonly TaskSpec[], losses: readonly number[], weights: readonly number[]): Logs {
  const logs: Logs = { batch_loss: losses.reduce((sum, l, i) => sum + l * (weights[i] ?? 1), 0) };
  tasks.forEach((task, i) => {
    logs[`batch_loss_${task.name}`] = losses[i]!;
    if (weights[i] !== undefined) logs[`weight_${task.name}`] = weights[i]!;
  });
  return logs;
}

async function trainEpoch(setup: StepSetup, options: MultiTaskFitOptions, ctx: TrainContext, epochs: number): Promise<Logs> {
  const run = new TaskRun(setup.tasks);
  const bar = new ProgressBar(options.train.length ?? 0, {
    label: `epoch ${ctx.epoch + 1}/${epochs}`, unit: 'samples', sink: options.sink, quiet: options.progress === false,
  });
  const owned = ownsMultiTaskBatches(options.train);
  for await (const batch of multiTaskBatches(options.train)) {
    const n = batchSize(batch);
    let stepLogs: Logs;
    try {
      const result = trainStep(setup, batch, ctx.epoch, ctx.step);
      run.addLosses(result.losses, n, result.weights);
      run.addOutputs(result.outputs, batch.targets, batch.masks);
      dispose(Object.values(result.outputs));
      stepLogs = batchLogs(setup.tasks, result.losses, result.weights);
    } finally {
      if (owned) disposeBatch(batch);
    }
    ctx.step++;
    const logs = { loss: run.logs().loss! };
    // callbacks also see this batch's task losses and weights (per-step logs); the bar shows the running mean
    for (const cb of options.callbacks ?? []) await cb.onBatchEnd?.(ctx.step, { ...logs, ...stepLogs }, ctx);
    bar.tick(1, n, logs);
  }
  setup.strategy.onEpochEnd?.(run.meanLosses());
  const logs: Logs = { ...run.logs(), ...deltaMLogs(setup.tasks, run, options.baselines, '') };
  if (options.validation !== undefined) {
    const val = await evaluateMultiTask(setup.model, options.validation, { tasks: options.tasks, prefix: 'val_', baselines: options.baselines });
    Object.assign(logs, val);
  }
  const lr = options.optimizer.paramGroups?.[0]?.lr;
  if (lr !== undefined) logs.lr = lr;
  bar.done(logs);
  return logs;
}

/**
 * Train a multi-task model: per batch, every task's loss on its labelled samples, the strategy's
 * backward (weights or gradient combination), the model's regularisation, one optimiser step;
 * after each epoch the strategy's epoch hook, validation and callbacks. Logs `loss`,
 * `loss_<task>`, `<metric>_<task>`, `weight_<task>`, `delta_m` (with `baselines`) and their `val_`
 * versions. A ModelCheckpoint in `callbacks` also saves the strategy's state (and its optimiser's);
 * `resume` continues such a run.
 * @throws NonFiniteLossError naming the epoch and step when a task's loss becomes NaN or infinite.
 * @example
 * const history = await tn.mtl.fitMultiTask(model, {tasks, train, validation, epochs: 10,
 *   optimizer: new tn.optim.Adam(model.parameters(), {lr: 1e-3}), strategy: new tn.mtl.UncertaintyWeighting({tasks: model.tasks})});
 */
export async function fitMultiTask(model: MultiTaskModel, options: MultiTaskFitOptions): Promise<History> {
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError('fitMultiTask', `epochs must be a non-negative integer, found ${epochs}`);
  if (!readsSynchronously()) {
    throw new StateError('fitMultiTask', `the '${getBackend()}' backend reads asynchronously, and the weighting strategies ` +
      'read task losses and gradients synchronously: train multi-task models on the cpu or wasm backend for now');
  }
  const tasks = validateTasks(options.tasks, model);
  const strategy = options.strategy ?? new EqualWeighting();
  const setup: StepSetup = {
    model, tasks, losses: tasks.map(taskLoss), strategy, representation: options.representation === true,
    optimizers: [options.optimizer, ...strategyOptimizers(options, strategy)],
    ...(options.beforeStep === undefined ? {} : { beforeStep: options.beforeStep }),
  };
  const components: Record<string, StatefulComponent> = runComponents(strategy, setup.optimizers[1]);
  const ctx: TrainContext = { model: model as unknown as Model, optimizer: options.optimizer, epoch: 0, step: 0, stopTraining: false, components };
  if (options.resume !== undefined) {
    const loader = options.train as Partial<{ setEpoch(epoch: number): void }>;
    const optimizer = options.optimizer as Partial<StatefulOptimizer>;
    const restored = await restoreRun(options.resume, {
      model: ctx.model, components,
      ...(typeof optimizer.loadStateDict === 'function' ? { optimizer: optimizer as StatefulOptimizer } : {}),
      ...(typeof loader.setEpoch === 'function' ? { loader: loader as { setEpoch(epoch: number): void } } : {}),
    });
    ctx.epoch = restored.epoch;
    ctx.step = restored.step;
  }
  return runEpochs(ctx, options.callbacks ?? [], epochs, () => trainEpoch(setup, options, ctx, epochs));
}
