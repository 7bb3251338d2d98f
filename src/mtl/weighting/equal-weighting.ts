/** Equal weighting: L = Σ_i L_i. */
import type { Tensor } from '../../tensor/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import { backwardWeighted, checkLosses, checkOptionKeys, checkTaskNames, type TaskNamesOption } from './common.js';

/** Options of `EqualWeighting`. */
export type EqualWeightingOptions = TaskNamesOption;

/**
 * Equal weighting (LibMTL's `EW`), the baseline every other strategy is compared with: the total loss is
 * L = Σ_i L_i, so every task's weight is 1.
 * @example
 * const strategy = new tn.mtl.EqualWeighting();
 * const weights = strategy.backward(losses, ctx); // [1, 1], and Σ L_i backpropagated
 */
export class EqualWeighting implements WeightingStrategy {
  readonly name = 'equal';
  private readonly tasks: readonly string[] | undefined;

  /** @param options - `tasks`: the model's task names, checked at each step when given */
  constructor(options: EqualWeightingOptions = {}) {
    checkOptionKeys('EqualWeighting', options, ['tasks']);
    this.tasks = options.tasks === undefined ? undefined : checkTaskNames('EqualWeighting', options.tasks);
  }

  /** Backpropagate Σ_i L_i; returns the weights, all 1. */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    const weights = new Array<number>(checkLosses('EqualWeighting.backward', losses, ctx, this.tasks)).fill(1);
    backwardWeighted(losses, weights);
    return weights;
  }
}
