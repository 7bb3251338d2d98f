/** CosineAnnealingWarmRestarts: cosine annealing restarted every T_i epochs, T_i growing by Tmult (SGDR; PyTorch's). */
import type { Optimizer } from '../optimizer.js';
import { ValueError } from '../../core/index.js';
import { checkFinite, checkInteger } from '../validate.js';
import { LRScheduler } from './lr-scheduler.js';

/** Options of CosineAnnealingWarmRestarts. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart (PyTorch `T_0`; an integer ≥ 1). */
  readonly T0: number;
  /** Factor by which the period grows after each restart (PyTorch `T_mult`; an integer ≥ 1; default 1). */
  readonly Tmult?: number;
  /** The lowest lr (PyTorch `eta_min`; default 0). */
  readonly etaMin?: number;
}

/**
 * lr = etaMin + (initialLr − etaMin)(1 + cos(π · Tcur / Ti))/2, where Tcur counts epochs since the last restart
 * and Ti is the current period (Loshchilov & Hutter 2017; PyTorch `CosineAnnealingWarmRestarts`).
 * `step(epoch)` accepts a fractional epoch, e.g. `epoch + batch / batches`, for per-batch annealing.
 * @example const sched = new tn.optim.CosineAnnealingWarmRestarts(opt, {T0: 10, Tmult: 2});
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly T0: number;
  readonly Tmult: number;
  readonly etaMin: number;
  /** The current period. */
  Ti: number;
  /** Epochs since the last restart. */
  Tcur = -1;

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - T0, Tmult, etaMin
   */
  constructor(optimizer: Optimizer, options: CosineAnnealingWarmRestartsOptions) {
    super('CosineAnnealingWarmRestarts', optimizer);
    this.T0 = options.T0;
    this.Tmult = options.Tmult ?? 1;
    this.etaMin = options.etaMin ?? 0;
    checkInteger(this.name, 'T0', this.T0, 1);
    checkInteger(this.name, 'Tmult', this.Tmult, 1);
    checkFinite(this.name, 'etaMin', this.etaMin);
    this.Ti = this.T0;
    this.start();
  }

  protected override computeLr(): number[] {
    return this.baseLrs.map((lr) => this.etaMin + (lr - this.etaMin) * (1 + Math.cos(Math.PI * this.Tcur / this.Ti)) / 2);
  }

  /**
   * Advance one epoch, or go to `epoch` (fractional allowed).
   * @throws ValueError for a negative epoch
   */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.Tcur += 1;
      if (this.Tcur >= this.Ti) {
        this.Tcur -= this.Ti;
        this.Ti *= this.Tmult;
      }
    } else {
      if (typeof epoch !== 'number' || !(epoch >= 0)) throw new ValueError(this.name, `expected a non-negative epoch, found ${String(epoch)}`);
      if (epoch >= this.T0) {
        if (this.Tmult === 1) {
          this.Tcur = epoch % this.T0;
        } else {
          const n = Math.floor(Math.log(epoch / this.T0 * (this.Tmult - 1) + 1) / Math.log(this.Tmult));
          this.Tcur = epoch - this.T0 * (this.Tmult ** n - 1) / (this.Tmult - 1);
          this.Ti = this.T0 * this.Tmult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.Tcur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this.stepCount++;
    this.setLrs(this.computeLr());
  }

  /** @internal Go to `epoch` (SequentialLR's restart at a milestone). */
  override stepTo(epoch: number): void {
    this.step(epoch);
  }
}
