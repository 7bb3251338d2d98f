/** WarmupLR: a linear warm-up, then a constant, linearly decaying or cosine-decaying lr (the fine-tuning schedules). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { checkInteger } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** What follows the warm-up. */
export type WarmupDecay = 'constant' | 'linear' | 'cosine';

/** Options of WarmupLR. */
export interface WarmupLROptions {
  /** W, the steps of the linear warm-up (an integer ≥ 1). */
  readonly warmupSteps: number;
  /** The factor at step 0, in [0, 1) (default 0: Hugging Face's warm-up from zero; PyTorch `LinearLR` needs > 0). */
  readonly startFactor?: number;
  /** After the warm-up: keep the peak (`'constant'`, default), or decay linearly or along a half cosine. */
  readonly decay?: WarmupDecay;
  /** T, the step at which the decay ends (an integer > W); required for `'linear'` and `'cosine'`. */
  readonly totalSteps?: number;
  /** The factor the decay ends at and keeps after T, in [0, 1] (default 0). */
  readonly minFactor?: number;
}

/**
 * Linear warm-up then decay, per step t with each group's `initialLr` as the peak: the factor rises as
 * s + (1 − s)·t/W for t < W, then with q = min(t − W, T − W)/(T − W) it is 1 (`'constant'`),
 * 1 − (1 − m)·q (`'linear'`) or m + (1 − m)(1 + cos πq)/2 (`'cosine'`), and stays at m after T. With s = 0 and
 * m = 0 these are Hugging Face's `get_{constant,linear,cosine}_schedule_with_warmup`; with s > 0 they equal
 * PyTorch's `LinearLR(startFactor: s, totalIters: W)` alone or followed in a `SequentialLR` (milestone W) by
 * `LinearLR(1, m, T − W)` or `CosineAnnealingLR(T − W)` (m = 0) — up to T, where PyTorch's cosine climbs back.
 * Call `step()` after every batch (`new tn.train.LearningRateScheduler(sched, {perBatch: true})`).
 * @example const sched = new tn.optim.WarmupLR(opt, {warmupSteps: 100, decay: 'cosine', totalSteps: epochs * loader.length});
 */
export class WarmupLR extends LRScheduler {
  readonly warmupSteps: number;
  readonly startFactor: number;
  readonly decay: WarmupDecay;
  readonly totalSteps: number;
  readonly minFactor: number;

  /**
   * @param optimizer - the optimiser to schedule; each group's lr is its peak
   * @param options - warmupSteps, startFactor, decay, totalSteps, minFactor
   * @throws ValueError for a bad option, naming it and what was expected
   */
  constructor(optimizer: Optimizer, options: WarmupLROptions) {
    super('WarmupLR', optimizer);
    const o: Partial<WarmupLROptions> = options ?? {};
    this.warmupSteps = o.warmupSteps as number;
    this.startFactor = o.startFactor ?? 0;
    this.decay = o.decay ?? 'constant';
    this.minFactor = o.minFactor ?? 0;
    checkInteger(this.name, 'warmupSteps', this.warmupSteps, 1);
    if (typeof this.startFactor !== 'number' || !(this.startFactor >= 0 && this.startFactor < 1)) {
      throw new ValueError(this.name, `invalid startFactor: ${String(this.startFactor)} (expected in [0, 1))`);
    }
    if (!['constant', 'linear', 'cosine'].includes(this.decay)) {
      throw new ValueError(this.name, `invalid decay: ${JSON.stringify(this.decay)} (expected 'constant', 'linear' or 'cosine')`);
    }
    if (typeof this.minFactor !== 'number' || !(this.minFactor >= 0 && this.minFactor <= 1)) {
      throw new ValueError(this.name, `invalid minFactor: ${String(this.minFactor)} (expected in [0, 1])`);
    }
    if (this.decay === 'constant') {
      this.totalSteps = o.totalSteps ?? this.warmupSteps;
    } else {
      if (o.totalSteps === undefined) throw new ValueError(this.name, `decay '${this.decay}' needs totalSteps (found none)`);
      this.totalSteps = o.totalSteps;
      checkInteger(this.name, 'totalSteps', this.totalSteps, this.warmupSteps + 1);
    }
    this.start();
  }

  /** The factor lr/peak at step t. */
  factorAt(t: number): number {
    const w = this.warmupSteps;
    if (t < w) return this.startFactor + (1 - this.startFactor) * t / w;
    if (this.decay === 'constant') return 1;
    const q = Math.min(t - w, this.totalSteps - w) / (this.totalSteps - w);
    const m = this.minFactor;
    return this.decay === 'linear' ? 1 - (1 - m) * q : m + (1 - m) * (1 + Math.cos(Math.PI * q)) / 2;
  }

  protected override computeLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.factorAt(this.lastEpoch));
  }

  protected override closedFormLr(): number[] {
    return this.computeLr();
  }
}
