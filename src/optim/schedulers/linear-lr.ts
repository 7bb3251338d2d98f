/** LinearLR: scale the lr by a factor moving linearly from startFactor to endFactor (PyTorch's; a warm-up). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { checkInteger } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of LinearLR. */
export interface LinearLROptions {
  /** The factor at epoch 0, in (0, 1] (default 1/3). */
  readonly startFactor?: number;
  /** The factor from epoch totalIters on, in [0, 1] (default 1). */
  readonly endFactor?: number;
  /** Epochs to go from startFactor to endFactor (an integer ≥ 1; default 5). */
  readonly totalIters?: number;
}

/**
 * lr = initialLr · (s + (e − s) · min(epoch, totalIters) / totalIters) (PyTorch `LinearLR`).
 * @example const warmup = new tn.optim.LinearLR(opt, {startFactor: 0.1, totalIters: 500}); // step per batch
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - startFactor, endFactor, totalIters
   */
  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    super('LinearLR', optimizer);
    this.startFactor = options.startFactor ?? 1 / 3;
    this.endFactor = options.endFactor ?? 1;
    this.totalIters = options.totalIters ?? 5;
    if (typeof this.startFactor !== 'number' || !(this.startFactor > 0 && this.startFactor <= 1)) {
      throw new ValueError(this.name, `invalid startFactor: ${String(this.startFactor)} (expected in (0, 1])`);
    }
    if (typeof this.endFactor !== 'number' || !(this.endFactor >= 0 && this.endFactor <= 1)) {
      throw new ValueError(this.name, `invalid endFactor: ${String(this.endFactor)} (expected in [0, 1])`);
    }
    checkInteger(this.name, 'totalIters', this.totalIters, 1);
    this.start();
  }

  protected override computeLr(): number[] {
    const e = this.lastEpoch;
    if (e === 0) return this.groups.map((g) => g.lr * this.startFactor);
    if (e > this.totalIters) return this.groups.map((g) => g.lr);
    const d = this.endFactor - this.startFactor;
    return this.groups.map((g) => g.lr * (1 + d / (this.totalIters * this.startFactor + (e - 1) * d)));
  }

  protected override closedFormLr(): number[] {
    const d = this.endFactor - this.startFactor;
    return this.baseLrs.map((lr) => lr * (this.startFactor + d * Math.min(this.totalIters, this.lastEpoch) / this.totalIters));
  }
}
