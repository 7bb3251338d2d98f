/** CosineAnnealingLR: the lr follows a half cosine from initialLr down to etaMin over Tmax epochs (PyTorch's). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of CosineAnnealingLR. */
export interface CosineAnnealingLROptions {
  /** Epochs of the half cosine (PyTorch `T_max`; > 0). */
  readonly Tmax: number;
  /** The lowest lr (PyTorch `eta_min`; default 0). */
  readonly etaMin?: number;
}

/**
 * lr = etaMin + (initialLr − etaMin)(1 + cos(π · epoch / Tmax))/2 (SGDR without restarts; PyTorch
 * `CosineAnnealingLR`, computed recursively as PyTorch does, so that it composes with other schedules;
 * past Tmax the cosine climbs back).
 * @example const sched = new tn.optim.CosineAnnealingLR(opt, {Tmax: 100, etaMin: 1e-5});
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly Tmax: number;
  readonly etaMin: number;

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - Tmax, etaMin
   */
  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer);
    this.Tmax = options.Tmax;
    this.etaMin = options.etaMin ?? 0;
    if (typeof this.Tmax !== 'number' || !(this.Tmax > 0) || !Number.isFinite(this.Tmax)) {
      throw new ValueError(this.name, `invalid Tmax: ${String(this.Tmax)} (expected a number > 0)`);
    }
    checkFinite(this.name, 'etaMin', this.etaMin);
    this.start();
  }

  protected override computeLr(): number[] {
    const e = this.lastEpoch;
    const T = this.Tmax;
    const etaMin = this.etaMin;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this.stepCount === 1 && e > 0) return this.closedFormLr();
    if ((e - 1 - T) % (2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i] as number) - etaMin) * (1 - Math.cos(Math.PI / T)) / 2);
    }
    return this.groups.map((g) => (1 + Math.cos(Math.PI * e / T)) / (1 + Math.cos(Math.PI * (e - 1) / T)) * (g.lr - etaMin) + etaMin);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => this.etaMin + (lr - this.etaMin) * (1 + Math.cos(Math.PI * this.lastEpoch / this.Tmax)) / 2);
  }
}
