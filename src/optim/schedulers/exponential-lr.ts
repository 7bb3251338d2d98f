/** ExponentialLR: multiply the lr by γ every epoch (PyTorch's). */
import type { Optimizer } from '../optimizer.js';
import { checkFinite } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of ExponentialLR. */
export interface ExponentialLROptions {
  /** The factor γ per epoch. */
  readonly gamma: number;
}

/**
 * lr = initialLr · γ^epoch (PyTorch `ExponentialLR`).
 * @example const sched = new tn.optim.ExponentialLR(opt, {gamma: 0.95});
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - gamma
   */
  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer);
    this.gamma = options.gamma;
    checkFinite(this.name, 'gamma', this.gamma);
    this.start();
  }

  protected override computeLr(): number[] {
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
