/** SlantedTriangularLR: ULMFiT's short linear warm-up then long linear decay (Howard & Ruder 2018). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { checkInteger } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of SlantedTriangularLR. */
export interface SlantedTriangularLROptions {
  /** T, the number of training iterations (an integer ≥ 1; ⌊T·cutFrac⌋ must be ≥ 1). */
  readonly totalSteps: number;
  /** Fraction of the iterations spent increasing the lr, in (0, 1) (default 0.1). */
  readonly cutFrac?: number;
  /** How much smaller the lowest lr is than the peak (≥ 1; default 32). */
  readonly ratio?: number;
}

/**
 * Slanted triangular learning rates (Howard & Ruder 2018, eq. 3), with lrMax each group's initialLr and t the
 * step index: cut = ⌊T·cutFrac⌋, p = t/cut if t < cut else 1 − (t − cut)/(cut·(1/cutFrac − 1)),
 * lr = lrMax·(1 + p·(ratio − 1))/ratio. p is floored at 0, so the lr stays at lrMax/ratio once the decay is
 * over (when T·cutFrac is not an integer, the paper's formula would go below it, even negative, before step T).
 * Call `step()` after every batch. No PyTorch counterpart.
 * @example const sched = new tn.optim.SlantedTriangularLR(opt, {totalSteps: epochs * loader.length});
 */
export class SlantedTriangularLR extends LRScheduler {
  readonly totalSteps: number;
  readonly cutFrac: number;
  readonly ratio: number;
  /** ⌊totalSteps·cutFrac⌋, the step at which the lr peaks. */
  readonly cut: number;

  /**
   * @param optimizer - the optimiser to schedule; each group's lr is its peak
   * @param options - totalSteps, cutFrac, ratio
   */
  constructor(optimizer: Optimizer, options: SlantedTriangularLROptions) {
    super('SlantedTriangularLR', optimizer);
    this.totalSteps = options.totalSteps;
    this.cutFrac = options.cutFrac ?? 0.1;
    this.ratio = options.ratio ?? 32;
    checkInteger(this.name, 'totalSteps', this.totalSteps, 1);
    if (typeof this.cutFrac !== 'number' || !(this.cutFrac > 0 && this.cutFrac < 1)) {
      throw new ValueError(this.name, `invalid cutFrac: ${String(this.cutFrac)} (expected in (0, 1))`);
    }
    if (typeof this.ratio !== 'number' || !(this.ratio >= 1) || !Number.isFinite(this.ratio)) {
      throw new ValueError(this.name, `invalid ratio: ${String(this.ratio)} (expected a finite number ≥ 1)`);
    }
    this.cut = Math.floor(this.totalSteps * this.cutFrac);
    if (this.cut < 1) {
      throw new ValueError(this.name, `totalSteps·cutFrac must be at least 1 (found ${this.totalSteps}·${this.cutFrac} = ${this.totalSteps * this.cutFrac})`);
    }
    this.start();
  }

  /** The factor lr/lrMax at step t. */
  factorAt(t: number): number {
    const p = t < this.cut ? t / this.cut : 1 - (t - this.cut) / (this.cut * (1 / this.cutFrac - 1));
    return (1 + Math.max(0, p) * (this.ratio - 1)) / this.ratio;
  }

  protected override computeLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.factorAt(this.lastEpoch));
  }

  protected override closedFormLr(): number[] {
    return this.computeLr();
  }
}
