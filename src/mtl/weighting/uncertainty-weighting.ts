/** Uncertainty weighting (Kendall, Gal & Cipolla 2018): learned log-variances s_i = log σ_i². */
import { ValueError } from '../../core/index.js';
import { noGrad, full, tensor, tidy, type Tensor } from '../../tensor/index.js';
import { add, concat, exp, mul, neg, reshape, sum } from '../../ops/index.js';
import { Parameter } from '../../nn/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import { checkLosses, checkNumber, checkOptionKeys, checkStateKeys, checkTaskNames, checkNumberArray } from './common.js';

/** Options of `UncertaintyWeighting`. */
export interface UncertaintyWeightingOptions {
  /** The model's task names, in order (required: the log-variances exist before the optimiser is built). */
  readonly tasks: readonly string[];
  /** The starting s_i = log σ_i² of every task (default 0: σ² = 1, every weight 1, as equal weighting). */
  readonly initialLogVariance?: number;
}

/**
 * Uncertainty weighting — Kendall, Gal & Cipolla, "Multi-Task Learning Using Uncertainty to Weigh Losses
 * for Scene Geometry and Semantics", CVPR 2018. Each task has a learned homoscedastic uncertainty,
 * parameterised as s_i = log σ_i² for numerical stability, and the total loss is
 *
 *   L = Σ_i ( exp(−s_i)·L_i + s_i ),
 *
 * so a task's weight is w_i = exp(−s_i) = 1/σ_i², and the term s_i keeps σ_i from growing without bound.
 * Gradients: ∂L/∂θ = Σ_i exp(−s_i)·∂L_i/∂θ and ∂L/∂s_i = 1 − exp(−s_i)·L_i, so s_i tends to log L_i.
 *
 * This is twice the paper's regression form Σ_i (1/(2σ_i²)·L_i + log σ_i) = Σ_i ½(exp(−s_i)·L_i + s_i),
 * which LibMTL's `UW` uses (with s_i starting at −0.5 and ½exp(−s_i) logged as the weight). The factor 2
 * changes neither the optimal s_i nor the direction of any gradient; it makes w_i = exp(−s_i) exactly
 * the factor on L_i (the weight logged) and, with s_i = 0 at the start, makes the first steps those of
 * equal weighting. One form serves every task kind (the paper's classification variant differs by the
 * same factor of ½ on the log σ term).
 *
 * The s_i are a Parameter returned by `parameters()`: give them to the optimiser with the model's.
 * @example
 * const strategy = new tn.mtl.UncertaintyWeighting({tasks: model.tasks});
 * const opt = new tn.optim.Adam([...model.parameters(), ...strategy.parameters()], {lr: 1e-3});
 * opt.zeroGrad(); strategy.backward(losses, ctx); opt.step(); // weights = exp(−s)
 */
export class UncertaintyWeighting implements WeightingStrategy {
  readonly name = 'uncertainty';
  /** s = log σ² [T], one per task, trained by the optimiser. */
  readonly logVariance: Parameter;
  private readonly tasks: readonly string[];

  /**
   * @param options - `tasks` (required), `initialLogVariance` (default 0)
   * @throws ValueError when the tasks are missing or repeat, or the initial value is not finite
   */
  constructor(options: UncertaintyWeightingOptions) {
    const op = 'UncertaintyWeighting';
    checkOptionKeys(op, options, ['tasks', 'initialLogVariance']);
    this.tasks = checkTaskNames(op, options?.tasks);
    const s0 = checkNumber(op, 'initialLogVariance', options.initialLogVariance ?? 0);
    const fresh = full([this.tasks.length], s0);
    this.logVariance = new Parameter(fresh);
    fresh.dispose();
  }

  /** Backpropagate Σ_i (exp(−s_i)·L_i + s_i) into the model and into s; returns exp(−s_i). */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    checkLosses('UncertaintyWeighting.backward', losses, ctx, this.tasks);
    const weights = this.weights();
    tidy(() => this.totalLoss(losses).backward());
    return weights;
  }

  /**
   * The objective Σ_i (exp(−s_i)·L_i + s_i) as a scalar tensor, differentiable in the losses and in s.
   * @param losses - the scalar L_i in task order
   * @throws ValueError when there is not one loss per task
   */
  totalLoss(losses: readonly Tensor[]): Tensor {
    if (losses.length !== this.tasks.length) {
      throw new ValueError('UncertaintyWeighting.totalLoss', `expected ${this.tasks.length} losses (one per task: ` +
        `${this.tasks.join(', ')}), found ${losses.length}`);
    }
    const stacked = concat(losses.map((loss) => reshape(loss, [1])));
    return sum(add(mul(exp(neg(this.logVariance)), stacked), this.logVariance));
  }

  /** [s]: the log-variances, for the optimiser. */
  parameters(): Parameter[] {
    return [this.logVariance];
  }

  /** `{logVariance: [s_1 … s_T]}`. */
  stateDict(): Record<string, number[]> {
    return { logVariance: Array.from(this.logVariance.dataSync()) };
  }

  /**
   * Restore the log-variances from `stateDict`.
   * @throws ValueError when the state is not T finite numbers under `logVariance`
   */
  loadStateDict(state: Record<string, number | number[]>): void {
    const op = 'UncertaintyWeighting.loadStateDict';
    checkStateKeys(op, state, ['logVariance']);
    const values = checkNumberArray(op, "state 'logVariance'", state.logVariance, this.tasks.length);
    noGrad(() => tidy(() => { this.logVariance.assign(tensor(values, { dtype: this.logVariance.dtype })); }));
  }

  /** The current weights exp(−s_i). */
  private weights(): number[] {
    return tidy(() => Array.from(noGrad(() => exp(neg(this.logVariance))).dataSync()));
  }
}
