/** GradNorm (Chen et al. 2018): task weights learned so that the tasks' gradient norms train at one rate. */
import { formatShape, StateError, ValueError } from '../../core/index.js';
import { gradients, tidy, type Tensor } from '../../tensor/index.js';
import { norm } from '../../ops/index.js';
import { Parameter } from '../../nn/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import {
  backwardWeighted, checkLosses, checkNumber, checkNumberArray, checkOptionKeys, checkStateKeys, checkTaskNames,
  type TaskNamesOption,
} from './common.js';
import { WeightDescent, type WeightOptimizerName } from './weight-descent.js';

/** Options of `GradNorm`. */
export interface GradNormOptions extends TaskNamesOption {
  /** α ≥ 0, the strength of the restoring force toward a common training rate (default 1.5, as LibMTL). */
  readonly alpha?: number;
  /** Learning rate of the task weights (default 1e-4, LibMTL's default learning rate, which its weights share). */
  readonly lr?: number;
  /** How the weights descend ∇_w L_grad: `'adam'` (default, as LibMTL) or `'sgd'` (plain w ← w − lr·∇, the paper's step). */
  readonly optimizer?: WeightOptimizerName;
  /**
   * W, where the gradient norms are measured: a Parameter, or its dotted name in `model.namedParameters()`.
   * Default: the last parameter of `ctx.sharedParameters` with two or more dimensions (the weight of the
   * last shared layer, as parameters are listed in the order layers are created).
   */
  readonly sharedWeight?: Parameter | string;
}

/** What one evaluation of the GradNorm objective gives. */
export interface GradNormGradient {
  /** ∂L_grad/∂w_i, the targets held constant. */
  readonly gradient: number[];
  /** The targets Ḡ·r_i^α. */
  readonly targets: number[];
  /** L_grad = Σ_i |G_i − Ḡ·r_i^α|. */
  readonly loss: number;
}

/** The smallest weight kept after a step (a step past 0 would turn a task's descent into ascent). */
const MIN_WEIGHT = 1e-6;

/**
 * The GradNorm objective and its gradient with respect to the weights. With G_i = w_i·‖∇_W L_i‖,
 * Ḡ = mean_i G_i, r_i = L̃_i / mean_j L̃_j:
 *   L_grad = Σ_i |G_i − Ḡ·r_i^α|,   ∂L_grad/∂w_i = sign(G_i − Ḡ·r_i^α)·‖∇_W L_i‖,
 * the targets Ḡ·r_i^α being treated as constants (as in the paper and LibMTL).
 * @param gradNorms - ‖∇_W L_i‖, each task's unweighted gradient norm at the shared weight W
 * @param weights - w_i
 * @param lossRatios - L̃_i = L_i(t)/L_i(0), the inverse training rates
 * @param alpha - α
 * @example gradNormGradient([1, 2], [1, 1], [1, 1], 1.5).gradient // [-1, 2]: the larger gradient's weight falls
 */
export function gradNormGradient(
  gradNorms: readonly number[], weights: readonly number[], lossRatios: readonly number[], alpha: number,
): GradNormGradient {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const g = gradNorms.map((n, i) => (weights[i] as number) * n);
  const meanG = mean(g);
  const meanRatio = mean(lossRatios);
  const targets = lossRatios.map((l) => meanG * (l / meanRatio) ** alpha);
  const gaps = g.map((gi, i) => gi - (targets[i] as number));
  return {
    gradient: gaps.map((gap, i) => Math.sign(gap) * (gradNorms[i] as number)),
    targets,
    loss: gaps.reduce((a, gap) => a + Math.abs(gap), 0),
  };
}

/**
 * GradNorm — Chen, Badrinarayanan, Lee & Rabinovich, "GradNorm: Gradient Normalization for Adaptive Loss
 * Balancing in Deep Multitask Networks", ICML 2018. Learnable weights w_i (starting at 1) scale the task
 * losses, L = Σ_i w_i(t)·L_i. Each step also measures, at a shared weight W (see `sharedWeight`),
 *   G_i = ‖∇_W w_i·L_i‖ = w_i·‖∇_W L_i‖,  Ḡ = mean_i G_i,
 *   L̃_i = L_i(t)/L_i(0) (inverse training rate),  r_i = L̃_i / mean_j L̃_j,
 *   L_grad = Σ_i |G_i − Ḡ·r_i^α|,
 * takes ∂L_grad/∂w_i = sign(G_i − Ḡ·r_i^α)·‖∇_W L_i‖ with the targets held constant, steps the weights
 * with their own learning rate (Adam by default), floors them at 1e-6 and renormalises them to Σ_i w_i = T
 * (T tasks). A task that trains slowly (large r_i) gets a larger target, so its weight grows.
 *
 * This follows the paper. LibMTL's `GradNorm` differs in three ways: it parameterises w = T·softmax(v) (so
 * no renormalisation is needed) and steps v with the model's optimiser; it measures G_i over all shared
 * parameters at once; and it runs equal weighting for the first epoch, taking L_i(0) as that epoch's mean.
 *
 * Here L_i(0) is task i's loss at the first step where it is positive. A task whose loss this step is 0 (no
 * labelled sample) or which has no L_i(0) yet takes no part in the weight update (gradient 0 for it).
 * Cost: one extra backward pass per task for ∇_W L_i (it walks L_i's whole graph), besides the one for L.
 * @example
 * const strategy = new tn.mtl.GradNorm({alpha: 1.5, lr: 0.025});
 * strategy.backward(losses, ctx); // backpropagates Σ w_i·L_i, then moves w toward balanced gradient norms
 */
export class GradNorm implements WeightingStrategy {
  readonly name = 'gradnorm';
  private readonly alpha: number;
  private readonly sharedWeight: Parameter | string | undefined;
  private readonly tasks: readonly string[] | undefined;
  private readonly descent: WeightDescent;
  /** w_i, or undefined until the task count is known. */
  private weights: number[] | undefined;
  /** L_i(0), 0 where not yet recorded. */
  private initialLosses: number[] | undefined;

  /**
   * @param options - `alpha` (1.5), `lr` (1e-4), `optimizer` ('adam'), `sharedWeight`, `tasks`
   * @throws ValueError when an option is out of range
   */
  constructor(options: GradNormOptions = {}) {
    const op = 'GradNorm';
    checkOptionKeys(op, options, ['alpha', 'lr', 'optimizer', 'sharedWeight', 'tasks']);
    this.alpha = checkNumber(op, 'alpha', options.alpha ?? 1.5, (v) => v >= 0, '≥ 0');
    const lr = checkNumber(op, 'lr', options.lr ?? 1e-4, (v) => v > 0, '> 0');
    this.descent = new WeightDescent(op, options.optimizer ?? 'adam', lr);
    const shared = options.sharedWeight;
    if (shared !== undefined && !(shared instanceof Parameter) && (typeof shared !== 'string' || shared === '')) {
      throw new ValueError(op, `invalid sharedWeight: expected a Parameter or a parameter name, found ${String(shared)}`);
    }
    this.sharedWeight = shared;
    this.tasks = options.tasks === undefined ? undefined : checkTaskNames(op, options.tasks);
    if (this.tasks !== undefined) this.start(this.tasks.length);
  }

  /**
   * Backpropagate Σ_i w_i·L_i with the current weights, then update the weights as above.
   * @returns the weights this step used
   */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    const op = 'GradNorm.backward';
    const n = checkLosses(op, losses, ctx, this.tasks);
    if (this.weights === undefined) this.start(n);
    const weights = this.weights as number[];
    if (weights.length !== n) throw new ValueError(op, `the strategy holds ${weights.length} task weights, the model has ${n} tasks`);
    const shared = this.resolveSharedWeight(ctx, op);
    const values = losses.map((loss) => loss.item());
    this.recordInitialLosses(values);
    const gradNorms = tidy(() => losses.map((loss) => norm(gradients(loss, [shared], { retainGraph: true })[0] as Tensor).item()));
    backwardWeighted(losses, weights);
    this.updateWeights(gradNorms, values);
    return weights;
  }

  /** `{weights, initialLosses}` (0 where not recorded yet), with Adam's moments under `adam*` keys. */
  stateDict(): Record<string, number | number[]> {
    if (this.weights === undefined) return {};
    return { weights: [...this.weights], initialLosses: [...(this.initialLosses as number[])], ...this.descent.stateDict() };
  }

  /**
   * Restore what `stateDict` returned.
   * @throws ValueError on missing or unexpected keys, non-positive weights or lengths that differ
   */
  loadStateDict(state: Record<string, number | number[]>): void {
    const op = 'GradNorm.loadStateDict';
    checkStateKeys(op, state, ['weights', 'initialLosses', ...this.descent.stateKeys], ['weights', 'initialLosses']);
    const weights = checkNumberArray(op, "state 'weights'", state.weights, this.tasks?.length, (v) => v > 0);
    const initial = checkNumberArray(op, "state 'initialLosses'", state.initialLosses, weights.length, (v) => v >= 0);
    this.descent.loadStateDict(op, state, weights.length);
    this.weights = weights;
    this.initialLosses = initial;
  }

  /** Weights 1 and no initial losses for `n` tasks. */
  private start(n: number): void {
    this.weights = new Array<number>(n).fill(1);
    this.initialLosses = new Array<number>(n).fill(0);
  }

  /** Take each task's first positive, finite loss as its L_i(0). */
  private recordInitialLosses(values: readonly number[]): void {
    const initial = this.initialLosses as number[];
    values.forEach((v, i) => {
      if (initial[i] === 0 && v > 0 && Number.isFinite(v)) initial[i] = v;
    });
  }

  /** W: the given Parameter, the named one, or the last shared parameter with ≥ 2 dimensions. */
  private resolveSharedWeight(ctx: StrategyContext, op: string): Parameter {
    let shared: Parameter | undefined;
    if (this.sharedWeight instanceof Parameter) {
      shared = this.sharedWeight;
    } else if (typeof this.sharedWeight === 'string') {
      const name = this.sharedWeight;
      shared = ctx.model.namedParameters().find(([n]) => n === name)?.[1];
      if (shared === undefined) throw new ValueError(op, `the model has no parameter named '${name}'`);
    } else {
      shared = ctx.sharedParameters.filter((p) => p.ndim >= 2).at(-1);
      if (shared === undefined) {
        const shapes = ctx.sharedParameters.map((p) => formatShape(p.shape)).join(', ');
        throw new ValueError(op, `no shared parameter with two or more dimensions to measure gradient norms at ` +
          `(shared parameter shapes: ${shapes || 'none'}); pass {sharedWeight}`);
      }
    }
    if (!shared.requiresGrad) throw new StateError(op, 'the shared weight does not require grad (is it frozen?)');
    return shared;
  }

  /** Step the weights on ∂L_grad/∂w over the tasks that take part, floor them and renormalise to Σ w = T. */
  private updateWeights(gradNorms: readonly number[], lossValues: readonly number[]): void {
    const weights = this.weights as number[];
    const initial = this.initialLosses as number[];
    const active = lossValues.flatMap((v, i) => (v > 0 && Number.isFinite(v) && (initial[i] as number) > 0 ? [i] : []));
    if (active.length === 0) return;
    const { gradient } = gradNormGradient(
      active.map((i) => gradNorms[i] as number),
      active.map((i) => weights[i] as number),
      active.map((i) => (lossValues[i] as number) / (initial[i] as number)),
      this.alpha,
    );
    const full = new Array<number>(weights.length).fill(0);
    active.forEach((i, k) => { full[i] = gradient[k] as number; });
    const stepped = this.descent.step(weights, full).map((w) => Math.max(w, MIN_WEIGHT));
    const total = stepped.reduce((a, b) => a + b, 0);
    this.weights = stepped.map((w) => (w * stepped.length) / total);
  }
}
