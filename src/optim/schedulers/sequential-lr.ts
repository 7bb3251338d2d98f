/** SequentialLR and ChainedScheduler: schedules one after another, or several at once (PyTorch's). */
import { ValueError } from '../../core/index.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler, type SchedulerStateDict } from './lr-scheduler.js';

/** A schedule made of inner schedules, whose states it saves and restores with its own. */
abstract class CompositeScheduler extends LRScheduler {
  /** The inner schedules. */
  abstract readonly schedulers: LRScheduler[];

  protected override stateExclusions(): readonly string[] {
    return [...super.stateExclusions(), 'schedulers'];
  }

  /** This schedule's counters and every inner schedule's state (under `schedulers`). */
  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restore what `stateDict` saved, inner schedules included. */
  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    const inner = stateDict.schedulers;
    if (Array.isArray(inner)) inner.forEach((sd, i) => this.schedulers[i]?.loadStateDict(sd as SchedulerStateDict));
  }
}

function checkSchedulers(op: string, schedulers: readonly LRScheduler[], optimizer?: Optimizer): Optimizer {
  if (!Array.isArray(schedulers) || schedulers.length === 0) throw new ValueError(op, 'expected a non-empty list of schedulers');
  schedulers.forEach((s, i) => {
    if (!(s instanceof LRScheduler)) throw new ValueError(op, `the scheduler at index ${i} is not an LRScheduler`);
  });
  const owner = optimizer ?? (schedulers[0] as LRScheduler).optimizer;
  schedulers.forEach((s, i) => {
    if (s.optimizer !== owner) {
      throw new ValueError(op, `expects all schedulers to belong to the same optimizer, but the scheduler at index ${i} has another one`);
    }
  });
  return owner;
}

/** Options of SequentialLR. */
export interface SequentialLROptions {
  /** The schedules, built on the same optimiser, run one after the other. */
  readonly schedulers: readonly LRScheduler[];
  /** The epochs at which the next schedule takes over (one fewer than the schedules, increasing). */
  readonly milestones: readonly number[];
}

/**
 * Run schedules one after the other, switching at the milestones (PyTorch `SequentialLR`); at a milestone
 * the next schedule restarts from epoch 0 of its own closed form. The usual warm-up then cosine decay:
 * @example
 * const warmup = new tn.optim.LinearLR(opt, {startFactor: 0.1, totalIters: 5});
 * const cosine = new tn.optim.CosineAnnealingLR(opt, {Tmax: 95});
 * const sched = new tn.optim.SequentialLR(opt, {schedulers: [warmup, cosine], milestones: [5]});
 */
export class SequentialLR extends CompositeScheduler {
  override readonly schedulers: LRScheduler[];
  readonly milestones: number[];

  /**
   * @param optimizer - the optimiser every schedule belongs to
   * @param options - schedulers, milestones
   */
  constructor(optimizer: Optimizer, options: SequentialLROptions) {
    super('SequentialLR', optimizer);
    checkSchedulers(this.name, options.schedulers, optimizer);
    if (!Array.isArray(options.milestones) || options.milestones.length !== options.schedulers.length - 1) {
      throw new ValueError(this.name, `expects one milestone fewer than schedulers, but got ${options.schedulers.length} scheduler(s) ` +
        `and ${Array.isArray(options.milestones) ? options.milestones.length : 'no'} milestone(s)`);
    }
    options.milestones.forEach((m, i) => {
      if (!Number.isInteger(m) || (i > 0 && m <= (options.milestones[i - 1] as number))) {
        throw new ValueError(this.name, `milestones must be increasing integers, found [${options.milestones.join(', ')}]`);
      }
    });
    this.schedulers = [...options.schedulers];
    this.milestones = [...options.milestones];
    this.lastEpoch = 0;
    for (const group of this.groups) group.lr = group.initialLr ?? group.lr;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    (this.schedulers[0] as LRScheduler).initialStep();
    this.baseLrs = (this.schedulers[0] as LRScheduler).baseLrs;
    this.lastLr = (this.schedulers[0] as LRScheduler).getLastLr();
  }

  protected override computeLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  /** Advance one epoch: step the schedule in charge (restarting it at its milestone). */
  override step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const scheduler = this.schedulers[idx] as LRScheduler;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.stepTo(0);
    else scheduler.step();
    this.lastLr = scheduler.getLastLr();
  }

}

/**
 * Step several schedules together each epoch, their factors multiplying (PyTorch `ChainedScheduler`).
 * @example const sched = new tn.optim.ChainedScheduler([new tn.optim.LinearLR(opt, {totalIters: 4}), new tn.optim.ExponentialLR(opt, {gamma: 0.9})]);
 */
export class ChainedScheduler extends CompositeScheduler {
  override readonly schedulers: LRScheduler[];

  /** @param schedulers - chainable schedules built on the same optimiser */
  constructor(schedulers: readonly LRScheduler[]) {
    const optimizer = checkSchedulers('ChainedScheduler', schedulers);
    super('ChainedScheduler', optimizer);
    this.schedulers = [...schedulers];
    this.lastLr = this.groups.map((g) => g.lr);
  }

  protected override computeLr(): number[] {
    return this.groups.map((g) => g.lr);
  }

  /** Step every schedule once. */
  override step(): void {
    for (const s of this.schedulers) s.step();
    this.lastLr = this.groups.map((g) => g.lr);
  }

}
