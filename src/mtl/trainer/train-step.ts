/** One multi-task training step: forward, per-task losses with masks, the strategy's backward, the optimiser step. */
import { StateError, ValueError } from '../../core/index.js';
import { keep, Tensor, tidy } from '../../tensor/index.js';
import { NonFiniteLossError, type OptimizerLike } from '../../train/index.js';
import type { MultiTaskBatch, MultiTaskModel, StrategyContext, TaskLoss, TaskSpec, TaskTensors, WeightingStrategy } from '../types.js';

/** What one step needs besides the batch. */
export interface StepSetup {
  readonly model: MultiTaskModel;
  readonly tasks: readonly TaskSpec[];
  readonly losses: readonly TaskLoss[];
  readonly strategy: WeightingStrategy;
  /** The model's optimiser, and the strategy's when it learns parameters. */
  readonly optimizers: readonly OptimizerLike[];
  /** Work on the shared representation instead of the shared parameters. */
  readonly representation: boolean;
  readonly beforeStep?: () => void;
}

/** What a step reports: per-task loss values, the strategy's weights, and the detached outputs. */
export interface StepResult {
  readonly losses: number[];
  readonly weights: number[];
  readonly outputs: TaskTensors;
}

/** Forward pass; in representation mode the heads read a detached leaf of the trunk's output. */
function forward(setup: StepSetup, x: MultiTaskBatch['x']): { outputs: TaskTensors; representation?: StrategyContext['representation'] } {
  const { model } = setup;
  if (!setup.representation) return { outputs: model.forward(x) };
  if (!(x instanceof Tensor)) throw new ValueError('fitMultiTask', 'representation mode needs one input shared by every task, found per-task inputs');
  if (model.represent === undefined || model.heads === undefined) {
    throw new StateError('fitMultiTask', `representation mode needs a model with represent() and heads() (hard sharing); ${model.constructor.name} has none`);
  }
  const rep = model.represent(x);
  const leaf = rep.detach().requiresGrad_(true);
  return { outputs: model.heads(leaf), representation: { leaf, backward: (gradient) => rep.backward(gradient) } };
}

/** Each task's output, checked to be present. */
function outputOf(outputs: TaskTensors, task: string): Tensor {
  const out = outputs[task];
  if (out === undefined) throw new StateError('fitMultiTask', `the model returned no output for task '${task}' (outputs: ${Object.keys(outputs).join(', ')})`);
  return out;
}

/**
 * Run one step on `batch` inside a `tidy`: zero the gradients, compute each task's loss on its
 * labelled samples, let the strategy backpropagate, add the model's regularisation gradient, step.
 * @throws NonFiniteLossError when a task's loss is NaN or infinite.
 */
export function trainStep(setup: StepSetup, batch: MultiTaskBatch, epoch: number, step: number): StepResult {
  return tidy(() => {
    for (const o of setup.optimizers) o.zeroGrad();
    const { outputs, representation } = forward(setup, batch.x);
    const losses = setup.tasks.map((task, i) => {
      const target = batch.targets[task.name];
      if (target === undefined) throw new ValueError('fitMultiTask', `the batch has no target for task '${task.name}' (targets: ${Object.keys(batch.targets).join(', ')})`);
      return setup.losses[i]!(outputOf(outputs, task.name), target, batch.masks?.[task.name]);
    });
    const values = losses.map((l) => l.item());
    const bad = values.find((v) => !Number.isFinite(v));
    if (bad !== undefined) throw new NonFiniteLossError(bad, epoch, step);
    const ctx: StrategyContext = {
      model: setup.model, sharedParameters: setup.model.sharedParameters(), epoch, step,
      ...(representation === undefined ? {} : { representation }),
    };
    const weights = setup.strategy.backward(losses, ctx);
    setup.model.regularization?.().backward();
    setup.beforeStep?.();
    for (const o of setup.optimizers) o.step();
    const detached: TaskTensors = {};
    for (const task of setup.tasks) detached[task.name] = outputOf(outputs, task.name).detach();
    return { losses: values, weights, outputs: keepAll(detached) };
  });
}

/** Keep every tensor of `record` from the enclosing tidy (the caller disposes them). */
function keepAll(record: TaskTensors): TaskTensors {
  for (const t of Object.values(record)) keep(t);
  return record;
}
