/**
 * LRScheduler: the base class of learning-rate schedules (PyTorch `lr_scheduler._LRScheduler`), with
 * PyTorch's semantics: the constructor records each group's `initialLr` and sets the lr of epoch 0;
 * each `step()` (after `optimizer.step()`) advances one epoch (or one batch, for warm-up and one-cycle).
 */
import { ValueError } from '../../core/index.js';
import { Optimizer, type ParamGroup } from '../optimizer.js';

/** A scheduler's state: plain numbers, strings, booleans and arrays (see `LRScheduler.stateDict`). */
export type SchedulerStateDict = Record<string, unknown>;

/** A deep copy of plain data (arrays and plain objects; functions are dropped). */
export function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (typeof v !== 'function') out[k] = copyPlain(v);
    return out;
  }
  return value;
}

/** @internal Check that `optimizer` is a tasknet Optimizer. */
export function assertOptimizer(op: string, optimizer: unknown): asserts optimizer is Optimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new ValueError(op, `expected an Optimizer, found ${optimizer === null ? 'null' : typeof optimizer}`);
  }
}

/** @internal One value per parameter group: a number is repeated, a list must have one entry per group. */
export function perGroup(op: string, name: string, optimizer: Optimizer, value: number | readonly number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (typeof value === 'number') return Array.from({ length: n }, () => value);
  if (!Array.isArray(value) || value.length !== n) {
    throw new ValueError(op, `expected ${n} values for ${name} (one per parameter group), got ${Array.isArray(value) ? value.length : typeof value}`);
  }
  return [...value];
}

/**
 * Base class of the epoch-driven schedules. A subclass sets its fields, then calls `this.start()`; it
 * implements `computeLr()` (PyTorch's chainable `get_lr`, which may read the groups' current lr) and, where
 * PyTorch has one, `closedFormLr()` (used when SequentialLR restarts a schedule at a milestone).
 * @example
 * const sched = new tn.optim.StepLR(opt, {stepSize: 30, gamma: 0.1});
 * for (let epoch = 0; epoch < 90; epoch++) { train(); sched.step(); }
 */
export abstract class LRScheduler {
  /** Each group's lr at the start (its `initialLr`). */
  baseLrs: number[] = [];
  /** The index of the last epoch (−1 before the constructor's first step). */
  lastEpoch = -1;
  /** Number of steps taken, counting the constructor's (PyTorch `_step_count`). */
  stepCount = 0;
  /** The lrs set by the last step. */
  protected lastLr: number[] = [];

  /**
   * @param name - the class name, for error messages
   * @param optimizer - the optimiser whose groups' `lr` this schedule sets
   */
  protected constructor(readonly name: string, readonly optimizer: Optimizer) {
    assertOptimizer(name, optimizer);
  }

  /** The optimiser's parameter groups. */
  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /** Record each group's `initialLr` (first scheduler wins) and take the first step (epoch 0). Call last in the constructor. */
  protected start(): void {
    for (const group of this.groups) if (group.initialLr === undefined) group.initialLr = group.lr;
    this.baseLrs = this.groups.map((g) => g.initialLr as number);
    this.initialStep();
  }

  /** @internal Reset the step count and take the epoch-0 step (PyTorch `_initial_step`). */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /** The lrs of epoch `lastEpoch` (PyTorch's chainable `get_lr`). */
  protected abstract computeLr(): number[];

  /** The lrs of epoch `lastEpoch` from the base lrs alone (PyTorch `_get_closed_form_lr`), where there is such a form. */
  protected closedFormLr(): number[] | undefined {
    return undefined;
  }

  /** Advance one epoch and set every group's lr. */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.setLrs(this.computeLr());
  }

  /**
   * @internal Jump to `epoch` with the closed form where there is one (PyTorch's deprecated `step(epoch)`;
   * SequentialLR uses it at milestones).
   */
  stepTo(epoch: number): void {
    this.stepCount++;
    this.lastEpoch = epoch;
    this.setLrs(this.closedFormLr() ?? this.computeLr());
  }

  /** Write `lrs` into the groups and remember them. */
  protected setLrs(lrs: readonly number[]): void {
    this.groups.forEach((group, i) => {
      const lr = lrs[i];
      if (lr !== undefined) group.lr = lr;
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The lrs set by the last step, one per group (PyTorch `get_last_lr`). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Keys left out of `stateDict` (the optimiser, functions, nested schedulers). */
  protected stateExclusions(): readonly string[] {
    return ['optimizer', 'name'];
  }

  /** Every field except the optimiser (PyTorch's `state_dict`: counters, base lrs and hyper-parameters), copied. */
  stateDict(): SchedulerStateDict {
    const excluded = new Set(this.stateExclusions());
    const out: SchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) {
      if (!excluded.has(key) && typeof value !== 'function') out[key] = copyPlain(value);
    }
    return out;
  }

  /** Restore the fields saved by `stateDict` (load the optimiser's state dict too). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const excluded = new Set(this.stateExclusions());
    for (const [key, value] of Object.entries(stateDict)) {
      if (!excluded.has(key)) (this as unknown as Record<string, unknown>)[key] = copyPlain(value);
    }
  }
}
