/**
 * CAGrad, conflict-averse gradient descent: Liu, Liu, Jin, Stone, Liu, "Conflict-Averse Gradient
 * Descent for Multi-task Learning", NeurIPS 2021 (arXiv:2110.14048), Algorithm 1.
 */
import { ValueError } from '../../core/index.js';
import { combineFlatGradients, type CombinedGradient, type FlatGradient } from './flat-gradients.js';
import { nonZeroTasks, subGram, type Gram } from './gram.js';
import { GradientCombination } from './gradient-strategy.js';
import { minNormWeights } from './min-norm.js';

/** Options of `cagrad` and `CAGrad`. */
export interface CagradOptions {
  /** The radius c ≥ 0 of the ball around g0 that d may leave g0 by, relative to ‖g0‖ (default 0.5, LibMTL's). */
  readonly c?: number;
  /** Divide d by 1 + c² (default true: the official code's and LibMTL's default), keeping its scale near g0's. */
  readonly rescale?: boolean;
}

/** A squared norm below this fraction of max_i ‖g_i‖² counts as zero. */
const NEGLIGIBLE = 1e-12;
/** The dual's alternating minimisation stops when s moves by less than this fraction of max_i ‖g_i‖. */
const S_TOLERANCE = 1e-12;
/** An upper bound on its rounds (each one min-norm problem; typically under 20 are needed). */
const MAX_ROUNDS = 500;

function checkOptions(op: string, options: CagradOptions): { c: number; rescale: boolean } {
  const { c = 0.5, rescale = true } = options;
  if (typeof c !== 'number' || !Number.isFinite(c) || c < 0) throw new ValueError(op, `c must be a finite number >= 0, found ${c}`);
  if (typeof rescale !== 'boolean') throw new ValueError(op, `rescale must be a boolean, found ${JSON.stringify(rescale)}`);
  return { c, rescale };
}

/** wᵀGw over the tasks `active` (w indexed like `active`). */
function quadraticForm(gram: Gram, active: readonly number[], w: readonly number[]): number {
  return active.reduce((s, i, a) => s + (w[a] as number) * active.reduce((t, j, b) => t + (gram[i]![j] as number) * (w[b] as number), 0), 0);
}

/**
 * w = argmin_{w ∈ Δ} g_w·g0 + k‖g_w‖ over the tasks `active` (w indexed like `active`), through the
 * variational form ‖x‖ = min_{s>0} (‖x‖²/s + s)/2, minimised alternately in w and s (convex in both
 * together, so the rounds converge): for fixed s, with β = s/k, the w-step
 * min_w g_w·g0 + (k/2s)‖g_w‖² is the min-norm point of the shifted gradients g_i + βg0, solved exactly
 * by MGDA's `minNormWeights` on their Gram matrix G_ij + β(g_i·g0 + g_j·g0) + β²‖g0‖²; the s-step is s = ‖g_w‖.
 * @param toMean - g_i · g0 for every task
 */
function solveDual(gram: Gram, active: readonly number[], toMean: readonly number[], meanSquared: number, k: number): number[] {
  const base = subGram(gram, active);
  const r = active.map((i) => toMean[i] as number);
  const tolerance = S_TOLERANCE * Math.sqrt(Math.max(...base.map((row, a) => row[a] as number)));
  let w = active.map(() => 1 / active.length);
  let s = Math.sqrt(meanSquared);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const beta = s / k;
    w = minNormWeights(base.map((row, a) => row.map((g, b) => g + beta * ((r[a] as number) + (r[b] as number)) + beta * beta * meanSquared)));
    const next = Math.sqrt(Math.max(0, quadraticForm(gram, active, w)));
    const moved = Math.abs(next - s);
    s = next;
    if (moved <= tolerance) break;
  }
  return w;
}

/**
 * CAGrad's effective weights from the Gram matrix: with g0 = (1/T)Σ_i g_i and the dual solution w,
 * d = g0 + (c‖g0‖/‖g_w‖) g_w, so weight_i = (1/T + c‖g0‖ w_i/‖g_w‖) / (1 + c²) (without the divisor
 * when `rescale` is false). c = 0 gives 1/T each: the average gradient. Tasks with an exactly zero
 * gradient stay in g0 but out of the dual (they would make its worst case 0 for every direction),
 * and the caller reports their weight as 0.
 * Where the dual's optimum has g_w = 0, the formula is 0/0: when c ≥ 1 and 0 lies in the convex
 * hull of the gradients (a Pareto-stationary point; MGDA's min-norm point is 0), the best worst-case
 * improvement is 0 and d = 0 attains it, so every weight is 0; otherwise (c < 1, only in degenerate
 * configurations) d = g0, the limit the official code and LibMTL reach through their ε.
 */
function cagradWeights(gram: Gram, c: number, rescale: boolean): number[] {
  const n = gram.length;
  const divisor = rescale ? 1 + c * c : 1;
  const toMean = gram.map((row) => row.reduce((s, g) => s + g, 0) / n); // g_i · g0
  const meanSquared = Math.max(0, toMean.reduce((s, v) => s + v, 0) / n); // ‖g0‖²
  const meanNorm = Math.sqrt(meanSquared);
  const weights = new Array<number>(n).fill(1 / n);
  const active = nonZeroTasks(gram);
  if (c === 0 || meanNorm === 0) return weights.map((v) => v / divisor);
  const maxSquared = Math.max(...active.map((i) => gram[i]![i] as number));
  const isNegligible = (squaredNorm: number) => squaredNorm <= NEGLIGIBLE * maxSquared;
  if (c >= 1 && isNegligible(quadraticForm(gram, active, minNormWeights(subGram(gram, active))))) return weights.map(() => 0);
  const w = solveDual(gram, active, toMean, meanSquared, c * meanNorm);
  const gwSquared = quadraticForm(gram, active, w);
  const lambda = isNegligible(gwSquared) ? 0 : (c * meanNorm) / Math.sqrt(gwSquared);
  active.forEach((i, a) => { weights[i] = (weights[i] as number) + lambda * (w[a] as number); });
  return weights.map((v) => v / divisor);
}

/**
 * CAGrad over per-task flat gradients: the direction d that maximises the worst task's improvement
 * min_i g_i·d within the ball ‖d − g0‖ ≤ c‖g0‖ around the average gradient g0 = (1/T)Σ_i g_i,
 * through its dual over the simplex: w = argmin_{w ∈ Δ} g_w·g0 + c‖g0‖‖g_w‖, d = g0 + c‖g0‖ g_w/‖g_w‖,
 * then d / (1 + c²) when `rescale` (the official code's default). c = 0 gives g0 exactly; a larger c
 * moves toward MGDA's conflict-free direction. The dual is solved from the Gram matrix by alternating
 * minimisation over exact min-norm problems (see `cagradWeights`); inner products in float64.
 * @param grads - one flat gradient per task, all Float32Array, all Float64Array or all 1-D tensors of one length
 * @param options - `c` (default 0.5) and `rescale` (default true)
 * @returns `grad` of the inputs' kind, and `weights` w with grad = Σ_i w_i g_i
 * @throws ValueError/ShapeError/DTypeError on bad gradients (see `pcgrad`), or c < 0, NaN or infinite
 * @example
 * const { grad } = tn.mtl.cagrad([new Float32Array([1, 0]), new Float32Array([0, 1])], { c: 0.5 });
 * // by symmetry w = [½, ½], d = g0·(1 + c)/(1 + c²) = [0.6, 0.6]
 */
export function cagrad<G extends FlatGradient>(grads: readonly G[], options: CagradOptions = {}): CombinedGradient<G> {
  const { c, rescale } = checkOptions('cagrad', options);
  return combineFlatGradients('cagrad', grads, (gram) => cagradWeights(gram, c, rescale));
}

/**
 * CAGrad as a weighting strategy (Liu et al. 2021), on the shared parameters or representation.
 * Note that d scales like the average gradient, 1/T of the equal-weighting sum.
 * @example
 * const strategy = new tn.mtl.CAGrad({ c: 0.4 });
 * const weights = strategy.backward(losses, ctx); // fills .grad with the conflict-averse direction
 */
export class CAGrad extends GradientCombination {
  readonly name = 'cagrad';
  private readonly c: number;
  private readonly rescale: boolean;

  /** @throws ValueError when c is negative, NaN or infinite, or rescale is not a boolean */
  constructor(options: CagradOptions = {}) {
    super();
    ({ c: this.c, rescale: this.rescale } = checkOptions('CAGrad', options));
  }

  protected override combinationWeights(gram: Gram): number[] {
    return cagradWeights(gram, this.c, this.rescale);
  }
}
