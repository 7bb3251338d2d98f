/** Callbacks for `fit`: hooks, early stopping and learning-rate scheduling. */
import { ValueError } from '../core/index.js';
import { noGrad, type Tensor } from '../tensor/index.js';
import { clone } from '../ops/index.js';
import type { StatefulComponent } from './components.js';
import type { Logs, Model, OptimizerLike } from './types.js';

/** What callbacks can see and change during `fit`. */
export interface TrainContext {
  readonly model: Model;
  readonly optimizer: OptimizerLike;
  /** Current epoch (0-based). */
  epoch: number;
  /** Optimiser steps taken so far. */
  step: number;
  /** Set to true to stop after the current epoch. */
  stopTraining: boolean;
  /** Other stateful parts of the run (a weighting strategy …) that ModelCheckpoint saves by name. */
  readonly components?: Readonly<Record<string, StatefulComponent>>;
}

/** Hooks called by `fit` (all optional, may be async). */
export interface Callback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(step: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs, ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(logs: Logs[], ctx: TrainContext): void | Promise<void>;
}

/** Options of EarlyStopping. */
export interface EarlyStoppingOptions {
  /** Logged quantity to watch (default `val_loss`). */
  readonly monitor?: string;
  /** Whether lower or higher is better; `auto` = max for accuracy-like names. */
  readonly mode?: 'min' | 'max' | 'auto';
  /** Epochs without improvement before stopping (default 5). */
  readonly patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  readonly minDelta?: number;
  /** Put back the best epoch's weights when stopping or at the end. */
  readonly restoreBestWeights?: boolean;
}

/** The direction of improvement for a monitored name. */
export function modeFor(monitor: string, mode: 'min' | 'max' | 'auto' = 'auto'): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|f1|auc|precision|recall|r2/.test(monitor) ? 'max' : 'min';
}

/** Stop when the monitored value stops improving (Keras `EarlyStopping`). */
export class EarlyStopping implements Callback {
  /** Best value seen. */
  best = Number.NaN;
  /** Epoch of the best value. */
  bestEpoch = -1;
  /** Epoch at which training was stopped, or −1. */
  stoppedEpoch = -1;
  private wait = 0;
  private bestWeights: Record<string, Tensor> | null = null;
  private readonly monitor: string;
  private readonly mode: 'min' | 'max';

  /** @param options - monitor, mode, patience, minDelta, restoreBestWeights */
  constructor(readonly options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'val_loss';
    this.mode = modeFor(this.monitor, options.mode);
  }

  onEpochEnd(epoch: number, logs: Logs, ctx: TrainContext): void {
    const value = logs[this.monitor];
    if (value === undefined) {
      throw new ValueError('EarlyStopping', `monitored '${this.monitor}' is not in the logs (have ${Object.keys(logs).join(', ')})`);
    }
    const delta = this.options.minDelta ?? 0;
    const improved = Number.isNaN(this.best) || (this.mode === 'min' ? value < this.best - delta : value > this.best + delta);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.options.restoreBestWeights === true) this.snapshot(ctx.model);
      return;
    }
    this.wait++;
    if (this.wait >= (this.options.patience ?? 5)) {
      ctx.stopTraining = true;
      this.stoppedEpoch = epoch;
    }
  }

  onTrainEnd(_logs: Logs[], ctx: TrainContext): void {
    if (this.bestWeights !== null) {
      ctx.model.loadStateDict(this.bestWeights);
      for (const t of Object.values(this.bestWeights)) t.dispose();
      this.bestWeights = null;
    }
  }

  private snapshot(model: Model): void {
    for (const t of Object.values(this.bestWeights ?? {})) t.dispose();
    this.bestWeights = noGrad(() => Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, clone(t)])));
  }
}

/** A learning-rate schedule as PyTorch's schedulers expose it. */
export interface SchedulerLike {
  step(metric?: number): void;
}

/** Options of LearningRateScheduler. */
export interface LearningRateSchedulerOptions {
  /** Step after every batch instead of every epoch (one-cycle, warm-up). */
  readonly perBatch?: boolean;
  /** Pass this logged value to `step` (ReduceLROnPlateau). */
  readonly monitor?: string;
}

/** Steps a scheduler at the end of each epoch (or batch). */
export class LearningRateScheduler implements Callback {
  /**
   * @param scheduler - e.g. `new tn.optim.CosineAnnealingLR(opt, {Tmax: 10})`
   * @param options - perBatch, monitor
   */
  constructor(readonly scheduler: SchedulerLike, readonly options: LearningRateSchedulerOptions = {}) {}

  onBatchEnd(): void {
    if (this.options.perBatch === true) this.scheduler.step();
  }

  onEpochEnd(_epoch: number, logs: Logs): void {
    if (this.options.perBatch === true) return;
    if (this.options.monitor === undefined) { this.scheduler.step(); return; }
    const value = logs[this.options.monitor];
    if (value === undefined) throw new ValueError('LearningRateScheduler', `monitored '${this.options.monitor}' is not in the logs`);
    this.scheduler.step(value);
  }
}

/** Calls a function at the end of each epoch (Keras `LambdaCallback`). */
export class LambdaCallback implements Callback {
  /** @param fn - receives the epoch and its logs */
  constructor(private readonly fn: (epoch: number, logs: Logs) => void | Promise<void>) {}
  onEpochEnd(epoch: number, logs: Logs): void | Promise<void> {
    return this.fn(epoch, logs);
  }
}
