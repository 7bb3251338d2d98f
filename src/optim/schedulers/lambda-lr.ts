/** LambdaLR: the initial lr times a user function of the epoch (PyTorch's). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/** A multiplicative factor as a function of the epoch. */
export type LrLambda = (epoch: number) => number;

/** Options of LambdaLR. */
export interface LambdaLROptions {
  /** The factor function, or one per parameter group. */
  readonly lrLambda: LrLambda | readonly LrLambda[];
}

/**
 * lr = initialLr · lrLambda(epoch) (PyTorch `LambdaLR`). The functions are not part of `stateDict`.
 * @example const warmup = new tn.optim.LambdaLR(opt, {lrLambda: (e) => Math.min(1, (e + 1) / 5)});
 */
export class LambdaLR extends LRScheduler {
  /** One function per group. */
  readonly lrLambdas: LrLambda[];

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - lrLambda
   */
  constructor(optimizer: Optimizer, options: LambdaLROptions) {
    super('LambdaLR', optimizer);
    const n = optimizer.paramGroups.length;
    const fns = typeof options.lrLambda === 'function' ? Array.from({ length: n }, () => options.lrLambda as LrLambda) : [...options.lrLambda];
    if (fns.length !== n) throw new ValueError(this.name, `expected ${n} lrLambdas (one per parameter group), got ${fns.length}`);
    fns.forEach((f, i) => {
      if (typeof f !== 'function') throw new ValueError(this.name, `lrLambda at index ${i} is not a function (found ${typeof f})`);
    });
    this.lrLambdas = fns;
    this.start();
  }

  protected override computeLr(): number[] {
    return this.baseLrs.map((lr, i) => lr * (this.lrLambdas[i] as LrLambda)(this.lastEpoch));
  }

  protected override stateExclusions(): readonly string[] {
    return [...super.stateExclusions(), 'lrLambdas'];
  }
}
