/** Static weighting: L = Σ_i w_i·L_i with fixed, user-given weights. */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import { backwardWeighted, checkLosses, checkOptionKeys, checkTaskNames, type TaskNamesOption } from './common.js';

/** Options of `StaticWeighting`. */
export interface StaticWeightingOptions extends TaskNamesOption {
  /**
   * The weights w_i ≥ 0, not all 0: by task name (one for every task of the model, no other) or as an
   * array in the model's task order.
   */
  readonly weights: Readonly<Record<string, number>> | readonly number[];
}

/**
 * Static (hand-tuned) weighting, the classic multi-task objective: L = Σ_i w_i·L_i with fixed w_i ≥ 0.
 * A task spec's `weight` is the natural source of these weights.
 * @example
 * const strategy = new tn.mtl.StaticWeighting({weights: {digit: 1, parity: 0.3}});
 * strategy.backward(losses, ctx); // backpropagates 1·L_digit + 0.3·L_parity, returns [1, 0.3]
 */
export class StaticWeighting implements WeightingStrategy {
  readonly name = 'static';
  private readonly weights: Readonly<Record<string, number>> | readonly number[];
  private readonly tasks: readonly string[] | undefined;

  /**
   * @param options - `weights` by task name or in task order; `tasks` (optional) lets the weights be
   * checked against the task names now instead of at the first step
   * @throws ValueError when a weight is negative or not finite, all are 0, or (with `tasks`) they do not match the tasks
   */
  constructor(options: StaticWeightingOptions) {
    const op = 'StaticWeighting';
    checkOptionKeys(op, options, ['weights', 'tasks']);
    const weights = options?.weights;
    if (weights === null || typeof weights !== 'object') {
      throw new ValueError(op, `expected weights by task name or as an array, found ${JSON.stringify(weights)}`);
    }
    const values = Object.entries(weights);
    const bad = values.filter(([, w]) => typeof w !== 'number' || !Number.isFinite(w) || w < 0);
    if (bad.length > 0) {
      throw new ValueError(op, `weights must be finite numbers ≥ 0, found ${bad.map(([k, w]) => `${k}: ${String(w)}`).join(', ')}`);
    }
    if (values.length === 0 || values.every(([, w]) => w === 0)) {
      throw new ValueError(op, `at least one weight must be positive, found ${JSON.stringify(weights)}`);
    }
    this.weights = Array.isArray(weights) ? [...weights] : { ...weights };
    this.tasks = options.tasks === undefined ? undefined : checkTaskNames(op, options.tasks);
    if (this.tasks !== undefined) this.weightsFor(this.tasks, op);
  }

  /** Backpropagate Σ_i w_i·L_i; returns the w_i in the model's task order. */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    checkLosses('StaticWeighting.backward', losses, ctx, this.tasks);
    const weights = this.weightsFor(ctx.model.tasks, 'StaticWeighting.backward');
    backwardWeighted(losses, weights);
    return weights;
  }

  /** The weights in the order of `tasks`, checking that they name exactly these tasks. */
  private weightsFor(tasks: readonly string[], op: string): number[] {
    const weights = this.weights;
    if (Array.isArray(weights)) {
      if (weights.length !== tasks.length) {
        throw new ValueError(op, `expected ${tasks.length} weights (one per task: ${tasks.join(', ')}), found ${weights.length}`);
      }
      return [...weights];
    }
    const byName = weights as Readonly<Record<string, number>>;
    const unknown = Object.keys(byName).filter((k) => !tasks.includes(k));
    if (unknown.length > 0) throw new ValueError(op, `weights for unknown task(s) ${unknown.join(', ')} (tasks: ${tasks.join(', ')})`);
    const missing = tasks.filter((t) => !(t in byName));
    if (missing.length > 0) throw new ValueError(op, `no weight for task(s) ${missing.join(', ')}`);
    return tasks.map((t) => byName[t] as number);
  }
}
