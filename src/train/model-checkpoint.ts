/**
 * ModelCheckpoint and resumeFrom: save `best` and `last` checkpoints during `fit` (weights, optimiser and
 * scheduler state, epoch, step, logs) and continue a run from one of them. Node.js only (files).
 */
import { globalGenerator, ValueError, type GeneratorState } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';
import type { OptimizerStateDict, SchedulerStateDict } from '../optim/index.js';
import { CheckpointError, loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from '../io/index.js';
import { modeFor, type Callback, type TrainContext } from './callbacks.js';
import { componentStates, loadComponentStates, type StatefulComponent } from './components.js';
import type { Logs, Model } from './types.js';

/** A scheduler whose state can be saved and restored (every `tn.optim` scheduler). */
export interface StatefulScheduler {
  stateDict(): SchedulerStateDict;
  loadStateDict(stateDict: SchedulerStateDict): void;
}

/** An optimiser whose state can be saved and restored (every `tn.optim` optimiser). */
export interface StatefulOptimizer {
  stateDict(): OptimizerStateDict;
  loadStateDict(stateDict: OptimizerStateDict): void;
}

/** Options of ModelCheckpoint. */
export interface ModelCheckpointOptions {
  /** Folder of the checkpoints: `<dir>/best.{safetensors,json}` and `<dir>/last.{safetensors,json}` (created if needed). */
  readonly dir: string;
  /** Logged quantity that decides the best epoch (default `val_loss`). */
  readonly monitor?: string;
  /** Whether lower or higher is better; `auto` (default) = max for accuracy-like names. */
  readonly mode?: 'min' | 'max' | 'auto';
  /** Write `best` whenever the monitored value improves (default true). */
  readonly saveBest?: boolean;
  /** Write `last` after every epoch (default true). */
  readonly saveLast?: boolean;
  /**
   * The model's config (`{name, ...options}`), stored so `tn.models.loadModel` can rebuild the model; default:
   * the model's own `config` when it has one.
   */
  readonly config?: Readonly<Record<string, unknown>> & { readonly name: string };
  /** A scheduler whose state to save too (step it before this callback runs: list ModelCheckpoint last). */
  readonly scheduler?: StatefulScheduler;
  /** More JSON stored in every checkpoint's `extra` (class names, input preparation …); the run's own keys win. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** What ModelCheckpoint stores as the checkpoint's `extra` (read back by {@link resumeFrom}). */
export interface TrainCheckpointInfo {
  /** The model config, when known. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** The epoch just completed (0-based). */
  readonly epoch: number;
  /** Optimiser steps taken so far (pass it as `fit`'s `initialStep`). */
  readonly step: number;
  /** That epoch's logs. */
  readonly logs: Logs;
  /** The monitored name. */
  readonly monitor: string;
  /** The best monitored value so far (NaN before any) and its epoch. */
  readonly best: number;
  readonly bestEpoch: number;
  /** The global generator's state (dropout, random factories), so a resumed run draws the same numbers. */
  readonly rng?: GeneratorState;
  /** The state of each of the run's components (`ctx.components`), by name. */
  readonly components?: Readonly<Record<string, unknown>>;
}

function hasStateDict(x: unknown): x is StatefulOptimizer {
  return typeof (x as { stateDict?: unknown } | null)?.stateDict === 'function';
}

function disposeOptimizerState(sd: OptimizerStateDict | undefined): void {
  for (const entry of Object.values(sd?.state ?? {})) {
    for (const value of Object.values(entry)) if (value !== null && typeof value === 'object') (value as Tensor).dispose();
  }
}

function disposeCheckpoint(ckpt: LoadedCheckpoint): void {
  for (const t of Object.values(ckpt.weights)) t.dispose();
  disposeOptimizerState(ckpt.optimizer);
}

function configOf(model: Model): Readonly<Record<string, unknown>> | undefined {
  const config = (model as { config?: unknown }).config;
  return config !== null && typeof config === 'object' && typeof (config as { name?: unknown }).name === 'string'
    ? config as Record<string, unknown> : undefined;
}

/**
 * Save checkpoints during `fit` (Keras `ModelCheckpoint`): after every epoch `<dir>/last` (weights, optimiser
 * state, scheduler state, epoch, step, logs, config), and `<dir>/best` whenever the monitored value improves.
 * Each checkpoint is written atomically (`tn.io.saveCheckpoint`). When a resumed run starts (`initialEpoch` > 0)
 * the best value so far is read back from `<dir>/best`, so a worse epoch does not replace it.
 * Put it after LearningRateScheduler in the callbacks so the saved state is the one the next epoch starts from.
 * @example
 * await tn.train.fit(model, {train, validation, loss, optimizer, epochs: 20,
 *   callbacks: [new tn.train.ModelCheckpoint({dir: 'runs/a', monitor: 'val_accuracy'})]});
 * // later: const next = await tn.train.resumeFrom('runs/a/last', {model, optimizer, loader: train});
 */
export class ModelCheckpoint implements Callback {
  /** Best monitored value so far (NaN before any). */
  best = Number.NaN;
  /** Epoch of the best value (−1 before any). */
  bestEpoch = -1;
  private readonly monitor: string;
  private readonly mode: 'min' | 'max';

  /** @param options - dir, monitor, mode, saveBest, saveLast, config, scheduler */
  constructor(readonly options: ModelCheckpointOptions) {
    if (options === null || typeof options !== 'object' || typeof options.dir !== 'string' || options.dir.length === 0) {
      throw new ValueError('ModelCheckpoint', 'expected options with a non-empty dir');
    }
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = modeFor(this.monitor, options.mode);
  }

  /** Base path of the best checkpoint. */
  get bestPath(): string {
    return `${this.options.dir}/best`;
  }

  /** Base path of the last checkpoint. */
  get lastPath(): string {
    return `${this.options.dir}/last`;
  }

  async onTrainBegin(ctx: TrainContext): Promise<void> {
    const fs = await import('node:fs/promises');
    await fs.mkdir(this.options.dir, { recursive: true });
    if (ctx.epoch > 0 && (this.options.saveBest ?? true) && Number.isNaN(this.best)) {
      let ckpt: LoadedCheckpoint;
      try {
        ckpt = await loadCheckpoint(this.bestPath);
      } catch (error) {
        if (error instanceof CheckpointError && error.problem === 'missing') return;
        throw error;
      }
      disposeCheckpoint(ckpt);
      const { best, bestEpoch, monitor } = ckpt.extra as Partial<TrainCheckpointInfo>;
      if (monitor === this.monitor && typeof best === 'number' && typeof bestEpoch === 'number' && bestEpoch < ctx.epoch) {
        this.best = best;
        this.bestEpoch = bestEpoch;
      }
    }
  }

  async onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext): Promise<void> {
    const saveBest = this.options.saveBest ?? true;
    let improved = false;
    if (saveBest) {
      const value = logs[this.monitor];
      if (value === undefined) {
        throw new ValueError('ModelCheckpoint', `monitored '${this.monitor}' is not in the logs (have ${Object.keys(logs).join(', ')})`);
      }
      improved = !Number.isNaN(value) && (Number.isNaN(this.best) || (this.mode === 'min' ? value < this.best : value > this.best));
      if (improved) {
        this.best = value;
        this.bestEpoch = epoch;
      }
    }
    if (!improved && !(this.options.saveLast ?? true)) return;
    const config = this.options.config ?? configOf(ctx.model);
    const info: TrainCheckpointInfo = {
      ...this.options.extra,
      ...(config === undefined ? {} : { config }),
      epoch, step: ctx.step, logs: { ...logs }, monitor: this.monitor, best: this.best, bestEpoch: this.bestEpoch,
      rng: globalGenerator.getState(),
      ...(ctx.components === undefined ? {} : { components: await componentStates(ctx.components) }),
    };
    const optimizer = hasStateDict(ctx.optimizer) ? ctx.optimizer.stateDict() : undefined;
    try {
      const data = {
        weights: ctx.model.stateDict(), optimizer, scheduler: this.options.scheduler?.stateDict(), extra: { ...info },
      };
      if (this.options.saveLast ?? true) await saveCheckpoint(this.lastPath, data);
      if (improved) await saveCheckpoint(this.bestPath, data);
    } finally {
      disposeOptimizerState(optimizer);
    }
  }
}

/** What {@link resumeFrom} restores. */
export interface ResumeTargets {
  /** The model, built like the one saved (weights are loaded strictly). */
  readonly model: Model;
  /** The optimiser over the model's parameters, built like the one saved. */
  readonly optimizer?: StatefulOptimizer;
  /** The scheduler attached to that optimiser, built like the one saved. */
  readonly scheduler?: StatefulScheduler;
  /** A loader with `setEpoch` (tn.data.DataLoader): set to the next epoch so it replays the same shuffling. */
  readonly loader?: { setEpoch(epoch: number): void };
  /** The run's other stateful parts, by the names they were saved under (`ctx.components`). */
  readonly components?: Readonly<Record<string, StatefulComponent>>;
}

/** Where a restored run goes on: the next epoch and the optimiser steps taken so far. */
export interface RestoredRun {
  /** The next epoch (0-based): the saved epoch + 1 (`initialEpoch`). */
  readonly epoch: number;
  /** Steps taken before it (`initialStep`). */
  readonly step: number;
}

/**
 * Restore a run from a checkpoint written by ModelCheckpoint: model weights (strict), optimiser state, scheduler
 * state, and the loader's epoch. Pass the result as `fit`'s `initialEpoch` (and the checkpoint's step as
 * `initialStep`) with the same total `epochs` to continue the run: with a seeded DataLoader the continued run
 * equals the uninterrupted one bit for bit (the global generator, which dropout draws from, is restored too).
 * @param path - base path of the checkpoint (`<dir>/last`)
 * @param targets - model, optimizer, scheduler, loader, components
 * @returns the next epoch (0-based): the saved epoch + 1
 * @throws CheckpointError for a missing/corrupt checkpoint; ValueError when it lacks what is asked (optimiser
 *   or scheduler state, an epoch) or the weights do not fit the model.
 * @example
 * const initialEpoch = await tn.train.resumeFrom('runs/a/last', {model, optimizer, scheduler, loader});
 * await tn.train.fit(model, {train: loader, loss, optimizer, epochs: 10, initialEpoch});
 */
export async function resumeFrom(path: string, targets: ResumeTargets): Promise<number> {
  return (await restoreRun(path, targets)).epoch;
}

/**
 * Restore a run like {@link resumeFrom}, and also say how many steps it had taken: what a training loop
 * needs to continue it (`initialEpoch`, `initialStep`).
 * @param path - base path of the checkpoint (`<dir>/last`)
 * @param targets - model, optimizer, scheduler, loader, components
 * @throws CheckpointError for a missing/corrupt checkpoint; ValueError when it lacks what is asked
 * @example const { epoch, step } = await tn.train.restoreRun('runs/a/last', {model, optimizer});
 */
export async function restoreRun(path: string, targets: ResumeTargets): Promise<RestoredRun> {
  const op = 'resumeFrom';
  if (targets === null || typeof targets !== 'object' || targets.model === undefined) {
    throw new ValueError(op, 'expected {model, optimizer?, scheduler?, loader?, components?}');
  }
  const ckpt = await loadCheckpoint(path);
  try {
    const { epoch, step } = ckpt.extra as Partial<TrainCheckpointInfo>;
    if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 0) {
      throw new ValueError(op, `${path} has no epoch (found ${JSON.stringify(epoch)}); was it written by ModelCheckpoint?`);
    }
    if (targets.optimizer !== undefined && ckpt.optimizer === undefined) {
      throw new ValueError(op, `${path} holds no optimizer state, but an optimizer was given to restore`);
    }
    if (targets.scheduler !== undefined && ckpt.scheduler === undefined) {
      throw new ValueError(op, `${path} holds no scheduler state, but a scheduler was given to restore`);
    }
    targets.model.loadStateDict(ckpt.weights, { strict: true });
    if (targets.optimizer !== undefined) targets.optimizer.loadStateDict(ckpt.optimizer as OptimizerStateDict);
    if (targets.scheduler !== undefined) targets.scheduler.loadStateDict(ckpt.scheduler as SchedulerStateDict);
    if (targets.components !== undefined) loadComponentStates(targets.components, ckpt.extra.components, path);
    targets.loader?.setEpoch(epoch + 1);
    const rng = (ckpt.extra as Partial<TrainCheckpointInfo>).rng;
    if (rng !== undefined) globalGenerator.setState(rng);
    return { epoch: epoch + 1, step: typeof step === 'number' && Number.isInteger(step) && step >= 0 ? step : 0 };
  } finally {
    disposeCheckpoint(ckpt);
  }
}
