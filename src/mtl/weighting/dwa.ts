/** Dynamic Weight Average (Liu, Johns & Davison 2019): weights from the rate each task's loss falls. */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import {
  backwardWeighted, checkLosses, checkNumber, checkOptionKeys, checkNumberArray, checkStateKeys, checkTaskNames, scaledSoftmax,
  type TaskNamesOption,
} from './common.js';

/** Options of `DWA`. */
export interface DWAOptions extends TaskNamesOption {
  /** The softmax temperature T > 0 (default 2, as the paper and LibMTL); larger T, more even weights. */
  readonly temperature?: number;
}

/**
 * DWA's weights from the mean task losses of the last two epochs:
 * r_i = L_i(k−1) / L_i(k−2), w_i = K·exp(r_i/T) / Σ_j exp(r_j/T) for K tasks, so Σ_i w_i = K.
 * A task whose earlier loss is 0 (no labelled sample in that epoch) gets r_i = 1.
 * @param previous - L_i(k−2), each task's mean training loss two epochs ago
 * @param last - L_i(k−1), the last epoch's
 * @param temperature - T
 * @example dwaWeights([1, 1], [0.5, 1], 2) // [0.876, 1.124]: the task whose loss fell less weighs more
 */
export function dwaWeights(previous: readonly number[], last: readonly number[], temperature: number): number[] {
  const ratios = last.map((l, i) => {
    const p = previous[i] as number;
    return p > 0 ? l / p : 1;
  });
  return scaledSoftmax(ratios.map((r) => r / temperature));
}

/**
 * Dynamic Weight Average — Liu, Johns & Davison, "End-to-End Multi-Task Learning with Attention",
 * CVPR 2019. The weight of each task follows the relative descending rate of its loss over the last two
 * epochs: with K tasks and temperature T, epoch k uses
 *
 *   r_i = L_i(k−1) / L_i(k−2),  w_i = K·exp(r_i/T) / Σ_j exp(r_j/T),   L = Σ_i w_i·L_i,
 *
 * where L_i(k) is task i's mean training loss in epoch k (the trainer reports it through `onEpochEnd`).
 * The first two epochs, which lack that history, use w_i = 1.
 * @example
 * const strategy = new tn.mtl.DWA({temperature: 2});
 * // each step: strategy.backward(losses, ctx); after each epoch: strategy.onEpochEnd(meanLosses)
 */
export class DWA implements WeightingStrategy {
  readonly name = 'dwa';
  private readonly temperature: number;
  private readonly tasks: readonly string[] | undefined;
  /** Mean task losses of the epoch before the last one, and of the last one. */
  private previous: number[] | undefined;
  private last: number[] | undefined;

  /**
   * @param options - `temperature` T (default 2); `tasks`, checked at each step when given
   * @throws ValueError when T is not a positive finite number
   */
  constructor(options: DWAOptions = {}) {
    checkOptionKeys('DWA', options, ['temperature', 'tasks']);
    this.temperature = checkNumber('DWA', 'temperature', options.temperature ?? 2, (v) => v > 0, '> 0');
    this.tasks = options.tasks === undefined ? undefined : checkTaskNames('DWA', options.tasks);
  }

  /** Backpropagate Σ_i w_i·L_i with this epoch's weights; returns them. */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    const op = 'DWA.backward';
    const n = checkLosses(op, losses, ctx, this.tasks);
    if (this.last !== undefined && this.last.length !== n) {
      throw new ValueError(op, `the loss history holds ${this.last.length} tasks, the model has ${n}`);
    }
    const weights = this.previous !== undefined && this.last !== undefined
      ? dwaWeights(this.previous, this.last, this.temperature)
      : new Array<number>(n).fill(1);
    backwardWeighted(losses, weights);
    return weights;
  }

  /**
   * Record an epoch's mean training loss per task (in task order).
   * @throws ValueError when a loss is negative or not finite, or the task count changes
   */
  onEpochEnd(epochLosses: readonly number[]): void {
    const op = 'DWA.onEpochEnd';
    const expected = this.tasks?.length ?? this.last?.length;
    const losses = checkNumberArray(op, 'epoch losses (one mean loss ≥ 0 per task)', epochLosses, expected, (v) => v >= 0);
    this.previous = this.last;
    this.last = losses;
  }

  /** `{previousEpochLosses, lastEpochLosses}`, those already known. */
  stateDict(): Record<string, number[]> {
    const state: Record<string, number[]> = {};
    if (this.previous !== undefined) state.previousEpochLosses = [...this.previous];
    if (this.last !== undefined) state.lastEpochLosses = [...this.last];
    return state;
  }

  /**
   * Restore the loss history from `stateDict`.
   * @throws ValueError on unexpected keys, a previous epoch without a last one, or lengths that differ
   */
  loadStateDict(state: Record<string, number | number[]>): void {
    const op = 'DWA.loadStateDict';
    checkStateKeys(op, state, ['previousEpochLosses', 'lastEpochLosses'], []);
    if ('previousEpochLosses' in state && !('lastEpochLosses' in state)) {
      throw new ValueError(op, "state has 'previousEpochLosses' without 'lastEpochLosses'");
    }
    const nonNegative = (v: number) => v >= 0;
    const last = 'lastEpochLosses' in state ? checkNumberArray(op, "state 'lastEpochLosses'", state.lastEpochLosses, this.tasks?.length, nonNegative) : undefined;
    this.previous = 'previousEpochLosses' in state
      ? checkNumberArray(op, "state 'previousEpochLosses'", state.previousEpochLosses, last?.length, nonNegative)
      : undefined;
    this.last = last;
  }
}
