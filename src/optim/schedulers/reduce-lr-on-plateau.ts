/** ReduceLROnPlateau: multiply the lr by a factor when a metric stops improving (PyTorch's). */
import { ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';
import type { Optimizer } from '../optimizer.js';
import { checkInteger, checkNonNegative } from '../validate.js';
import { assertOptimizer, copyPlain, perGroup, type SchedulerStateDict } from './lr-scheduler.js';

/** Options of ReduceLROnPlateau. */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): lower is better (a loss); 'max': higher is better (an accuracy). */
  readonly mode?: 'min' | 'max';
  /** new lr = lr · factor, factor < 1 (default 0.1). */
  readonly factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  readonly patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4). */
  readonly threshold?: number;
  /** 'rel' (default): better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. */
  readonly thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  readonly cooldown?: number;
  /** Lower bound on the lr, or one per group (default 0). */
  readonly minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  readonly eps?: number;
}

/**
 * Reduce each group's lr by `factor` once the metric given to `step(metric)` has not improved for more than
 * `patience` epochs (PyTorch `ReduceLROnPlateau`).
 * @example
 * const sched = new tn.optim.ReduceLROnPlateau(opt, {mode: 'min', factor: 0.5, patience: 3});
 * for (...) { train(); sched.step(validationLoss); }
 */
export class ReduceLROnPlateau {
  readonly name = 'ReduceLROnPlateau';
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** The best metric seen (±Infinity before the first step). */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Number of `step` calls. */
  lastEpoch = 0;
  private lastLr: number[];

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - see ReduceLROnPlateauOptions
   */
  constructor(readonly optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    assertOptimizer(this.name, optimizer);
    this.mode = options.mode ?? 'min';
    this.factor = options.factor ?? 0.1;
    this.patience = options.patience ?? 10;
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? 'rel';
    this.cooldown = options.cooldown ?? 0;
    this.eps = options.eps ?? 1e-8;
    if (this.mode !== 'min' && this.mode !== 'max') throw new ValueError(this.name, `mode must be 'min' or 'max', found '${String(this.mode)}'`);
    if (this.thresholdMode !== 'rel' && this.thresholdMode !== 'abs') {
      throw new ValueError(this.name, `thresholdMode must be 'rel' or 'abs', found '${String(this.thresholdMode)}'`);
    }
    if (typeof this.factor !== 'number' || !(this.factor < 1) || !(this.factor >= 0)) {
      throw new ValueError(this.name, `invalid factor: ${String(this.factor)} (expected in [0, 1))`);
    }
    checkInteger(this.name, 'patience', this.patience, 0);
    checkInteger(this.name, 'cooldown', this.cooldown, 0);
    checkNonNegative(this.name, 'threshold', this.threshold);
    checkNonNegative(this.name, 'eps', this.eps);
    this.minLrs = perGroup(this.name, 'minLr', optimizer, options.minLr ?? 0);
    this.minLrs.forEach((m, i) => checkNonNegative(this.name, `minLr at index ${i}`, m));
    this.best = this.modeWorse;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The worst possible metric: +Infinity in 'min' mode, −Infinity in 'max' mode. */
  get modeWorse(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether a reduction happened fewer than `cooldown` epochs ago. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether `a` improves on `best` by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min') return a < best - this.threshold;
    if (this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /**
   * Record this epoch's metric and reduce the lrs if it has not improved for more than `patience` epochs.
   * @param metric - a number or a one-element tensor (read synchronously); required (optional in the
   *   signature only so that the class fits a generic `step(metric?)` scheduler protocol)
   * @throws ValueError when the metric is missing or not a number
   */
  step(metric?: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') throw new ValueError(this.name, `step expects the metric as a number, found ${typeof current}`);
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i] as number);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }

  /** The lrs after the last step, one per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Counters, best metric and options (PyTorch's `state_dict`), copied. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) if (key !== 'optimizer' && key !== 'name') out[key] = copyPlain(value);
    return out;
  }

  /** Restore what `stateDict` saved (a `best` of null, as JSON writes ±Infinity, means no metric seen yet). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    for (const [key, value] of Object.entries(stateDict)) {
      if (key !== 'optimizer' && key !== 'name') (this as unknown as Record<string, unknown>)[key] = copyPlain(value);
    }
    if (typeof this.best !== 'number') this.best = this.modeWorse;
  }
}
