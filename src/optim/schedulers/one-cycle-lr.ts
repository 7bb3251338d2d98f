/** OneCycleLR: the 1cycle policy, lr up then down and momentum the other way, stepped per batch (PyTorch's). */
import { ValueError } from '../../core/index.js';
import type { Optimizer, ParamGroup } from '../optimizer.js';
import { checkBoolean, checkInteger } from '../validate.js';
import { LRScheduler, perGroup } from './lr-scheduler.js';

/** Options of OneCycleLR; give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** The peak lr, or one per group. */
  readonly maxLr: number | readonly number[];
  /** Steps in the cycle (an integer ≥ 1). */
  readonly totalSteps?: number;
  /** With stepsPerEpoch, instead of totalSteps. */
  readonly epochs?: number;
  /** With epochs, instead of totalSteps. */
  readonly stepsPerEpoch?: number;
  /** Fraction of the cycle spent increasing the lr, in [0, 1] (default 0.3). */
  readonly pctStart?: number;
  /** 'cos' (default) or 'linear' annealing. */
  readonly annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (SGD/RMSprop `momentum`, Adam-style `betas[0]`) inversely to the lr (default true). */
  readonly cycleMomentum?: boolean;
  /** Momentum at the peak lr (default 0.85), or one per group. */
  readonly baseMomentum?: number | readonly number[];
  /** Momentum at the lowest lr (default 0.95), or one per group. */
  readonly maxMomentum?: number | readonly number[];
  /** initialLr = maxLr / divFactor (default 25). */
  readonly divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  readonly finalDivFactor?: number;
  /** Three phases (up, down to initialLr, down to minLr) instead of two (default false). */
  readonly threePhase?: boolean;
}

/** One phase of the cycle: the step it ends at and the group fields it moves between. */
interface Phase {
  endStep: number;
  startLr: keyof ParamGroup;
  endLr: keyof ParamGroup;
  startMomentum: keyof ParamGroup;
  endMomentum: keyof ParamGroup;
}

/**
 * The 1cycle policy (Smith & Topin 2019; PyTorch `OneCycleLR`): from maxLr/divFactor up to maxLr over
 * pctStart of the steps, then down to initialLr/finalDivFactor, with cosine or linear annealing; momentum
 * moves from maxMomentum to baseMomentum and back. Sets each group's `initialLr`, `maxLr`, `minLr`
 * (and `maxMomentum`, `baseMomentum`). Call `step()` after every batch.
 * @example const sched = new tn.optim.OneCycleLR(opt, {maxLr: 0.01, epochs: 10, stepsPerEpoch: loader.length});
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  /** Whether momentum is the optimiser's `betas[0]` (Adam-style) rather than `momentum`. */
  readonly useBeta1: boolean;
  readonly phases: Phase[];

  /**
   * @param optimizer - the optimiser to schedule
   * @param options - see OneCycleLROptions
   * @throws ValueError for invalid options, or when cycleMomentum is set and the optimiser has no momentum
   */
  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    super('OneCycleLR', optimizer);
    if (options.totalSteps !== undefined) {
      checkInteger(this.name, 'totalSteps', options.totalSteps, 1);
      this.totalSteps = options.totalSteps;
    } else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined) {
      checkInteger(this.name, 'epochs', options.epochs, 1);
      checkInteger(this.name, 'stepsPerEpoch', options.stepsPerEpoch, 1);
      this.totalSteps = options.epochs * options.stepsPerEpoch;
    } else {
      throw new ValueError(this.name, 'you must define either totalSteps OR (epochs AND stepsPerEpoch)');
    }
    const pctStart = options.pctStart ?? 0.3;
    if (typeof pctStart !== 'number' || !(pctStart >= 0 && pctStart <= 1)) {
      throw new ValueError(this.name, `invalid pctStart: ${String(pctStart)} (expected a number in [0, 1])`);
    }
    const strategy = options.annealStrategy ?? 'cos';
    if (strategy !== 'cos' && strategy !== 'linear') {
      throw new ValueError(this.name, `annealStrategy must be one of 'cos' or 'linear', found '${String(strategy)}'`);
    }
    this.annealStrategy = strategy;
    const threePhase = options.threePhase ?? false;
    checkBoolean(this.name, 'threePhase', threePhase);
    const T = this.totalSteps;
    this.phases = threePhase
      ? [
        { endStep: pctStart * T - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: 2 * pctStart * T - 2, startLr: 'maxLr', endLr: 'initialLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
        { endStep: T - 1, startLr: 'initialLr', endLr: 'minLr', startMomentum: 'maxMomentum', endMomentum: 'maxMomentum' },
      ]
      : [
        { endStep: pctStart * T - 1, startLr: 'initialLr', endLr: 'maxLr', startMomentum: 'maxMomentum', endMomentum: 'baseMomentum' },
        { endStep: T - 1, startLr: 'maxLr', endLr: 'minLr', startMomentum: 'baseMomentum', endMomentum: 'maxMomentum' },
      ];
    const divFactor = options.divFactor ?? 25;
    const finalDivFactor = options.finalDivFactor ?? 1e4;
    for (const [name, v] of [['divFactor', divFactor], ['finalDivFactor', finalDivFactor]] as const) {
      if (typeof v !== 'number' || !(v > 0)) throw new ValueError(this.name, `invalid ${name}: ${String(v)} (expected a number > 0)`);
    }
    const maxLrs = perGroup(this.name, 'maxLr', optimizer, options.maxLr);
    this.groups.forEach((group, i) => {
      group.initialLr = (maxLrs[i] as number) / divFactor;
      group.maxLr = maxLrs[i] as number;
      group.minLr = group.initialLr / finalDivFactor;
    });
    this.cycleMomentum = options.cycleMomentum ?? true;
    checkBoolean(this.name, 'cycleMomentum', this.cycleMomentum);
    this.useBeta1 = 'betas' in optimizer.defaults;
    if (this.cycleMomentum) {
      if (!('momentum' in optimizer.defaults) && !this.useBeta1) {
        throw new ValueError(this.name, `optimizer must support momentum with the cycleMomentum option enabled (${optimizer.name} has neither momentum nor betas)`);
      }
      const maxMomenta = perGroup(this.name, 'maxMomentum', optimizer, options.maxMomentum ?? 0.95);
      const baseMomenta = perGroup(this.name, 'baseMomentum', optimizer, options.baseMomentum ?? 0.85);
      this.groups.forEach((group, i) => {
        this.setMomentum(group, maxMomenta[i] as number);
        group.maxMomentum = maxMomenta[i] as number;
        group.baseMomentum = baseMomenta[i] as number;
      });
    }
    this.start();
  }

  private setMomentum(group: ParamGroup, value: number): void {
    const g = group as ParamGroup & { betas?: number[]; momentum?: number };
    if (this.useBeta1) g.betas = [value, ...(g.betas ?? [0.999]).slice(1)];
    else g.momentum = value;
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'cos') return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  /** @throws ValueError when stepped more than totalSteps times */
  protected override computeLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(this.name, `tried to step ${stepNum + 1} times; the specified number of total steps is ${this.totalSteps}`);
    }
    return this.groups.map((group) => {
      const fields = group as unknown as Record<string, number>;
      let startStep = 0;
      for (const [i, phase] of this.phases.entries()) {
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          const lr = this.anneal(fields[phase.startLr] as number, fields[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            this.setMomentum(group, this.anneal(fields[phase.startMomentum] as number, fields[phase.endMomentum] as number, pct));
          }
          return lr;
        }
        startStep = phase.endStep;
      }
      return group.lr;
    });
  }
}
