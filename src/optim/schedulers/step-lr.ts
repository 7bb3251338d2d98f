/** StepLR and MultiStepLR: multiply the lr by γ every `stepSize` epochs, or at given milestones (PyTorch's). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite, checkInteger } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of StepLR. */
export interface StepLROptions {
  /** Epochs between decays (an integer ≥ 1). */
  readonly stepSize: number;
  /** The factor γ (default 0.1). */
  readonly gamma?: number;
}

/**
 * lr = initialLr · γ^⌊epoch / stepSize⌋ (PyTorch `StepLR`, applied multiplicatively to the current lr).
 * @example const sched = new tn.optim.StepLR(opt, {stepSize: 30, gamma: 0.1});
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - stepSize, gamma
   */
  constructor(optimizer: Optimizer, options: StepLROptions) {
    super('StepLR', optimizer);
    this.stepSize = options.stepSize;
    this.gamma = options.gamma ?? 0.1;
    checkInteger(this.name, 'stepSize', this.stepSize, 1);
    checkFinite(this.name, 'gamma', this.gamma);
    this.start();
  }

  protected override computeLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

/** Options of MultiStepLR. */
export interface MultiStepLROptions {
  /** Epochs at which the lr is multiplied by γ (a repeated milestone multiplies once per repetition). */
  readonly milestones: readonly number[];
  /** The factor γ (default 0.1). */
  readonly gamma?: number;
}

/**
 * lr = initialLr · γ^(number of milestones ≤ epoch) (PyTorch `MultiStepLR`).
 * @example const sched = new tn.optim.MultiStepLR(opt, {milestones: [30, 80], gamma: 0.1});
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted. */
  readonly milestones: number[];
  readonly gamma: number;

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - milestones, gamma
   */
  constructor(optimizer: Optimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer);
    if (!Array.isArray(options.milestones)) {
      throw new ValueError(this.name, `invalid milestones: ${String(options.milestones)} (expected a list of epochs)`);
    }
    options.milestones.forEach((m, i) => checkInteger(this.name, `milestone at index ${i}`, m, 0));
    this.milestones = [...options.milestones].sort((a, b) => a - b);
    this.gamma = options.gamma ?? 0.1;
    checkFinite(this.name, 'gamma', this.gamma);
    this.start();
  }

  protected override computeLr(): number[] {
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }
}
