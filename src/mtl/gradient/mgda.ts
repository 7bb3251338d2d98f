/**
 * MGDA-UB, multi-task learning as multi-objective optimisation: Sener & Koltun, "Multi-Task Learning
 * as Multi-Objective Optimization", NeurIPS 2018 (arXiv:1810.04650); the min-norm step is Désidéri's
 * MGDA (2012) solved by Frank–Wolfe.
 */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { combineFlatGradients, type CombinedGradient, type FlatGradient } from './flat-gradients.js';
import { nonZeroTasks, subGram, type Gram } from './gram.js';
import { GradientCombination } from './gradient-strategy.js';
import { minNormWeights } from './min-norm.js';

/**
 * How MGDA scales each gradient before the min-norm problem (Sener & Koltun's and LibMTL's options):
 * ĝ_i = g_i / n_i with n_i = 1 (`none`), ‖g_i‖ (`l2`), L_i (`loss`) or L_i·‖g_i‖ (`loss+`).
 */
export type MgdaNormalization = 'none' | 'l2' | 'loss' | 'loss+';

const NORMALIZATIONS: readonly MgdaNormalization[] = ['none', 'l2', 'loss', 'loss+'];

/** Options of `mgda` and `MGDA`. */
export interface MgdaOptions {
  /** Gradient normalisation (default `none`). */
  readonly normalization?: MgdaNormalization;
}

/** Options of the `mgda` function. */
export interface MgdaFunctionOptions extends MgdaOptions {
  /** The per-task loss values, needed by the `loss` and `loss+` normalisations (positive). */
  readonly losses?: readonly number[];
}

function checkNormalization(op: string, normalization: unknown): MgdaNormalization {
  if (!NORMALIZATIONS.includes(normalization as MgdaNormalization)) {
    throw new ValueError(op, `normalization must be one of ${NORMALIZATIONS.map((n) => `'${n}'`).join(', ')}, found ${JSON.stringify(normalization)}`);
  }
  return normalization as MgdaNormalization;
}

/** Where the loss normalisations find each task's loss, and how errors name it. */
interface TaskLosses {
  readonly values: readonly number[];
  readonly label: (i: number) => string;
}

function usesLosses(normalization: MgdaNormalization): boolean {
  return normalization === 'loss' || normalization === 'loss+';
}

/** n_i for each task in `active`. */
function normalizers(op: string, gram: Gram, active: readonly number[], normalization: MgdaNormalization, losses: TaskLosses): number[] {
  return active.map((i) => {
    const norm = Math.sqrt(gram[i]![i] as number);
    if (!usesLosses(normalization)) return normalization === 'l2' ? norm : 1;
    const loss = losses.values[i] as number;
    if (!(loss > 0 && Number.isFinite(loss))) {
      throw new ValueError(op, `normalization '${normalization}' needs positive finite losses, found ${losses.label(i)} = ${loss}`);
    }
    return normalization === 'loss' ? loss : loss * norm;
  });
}

/**
 * MGDA's effective weights from the Gram matrix: λ = argmin_{λ ∈ Δ} ‖Σ_i λ_i ĝ_i‖² over the
 * normalised gradients, then w_i = λ_i / n_i so that Σ_i w_i g_i is that min-norm point. Tasks whose
 * gradient is exactly zero (a task without labelled samples in the batch) are left out with w_i = 0:
 * otherwise the min-norm point would be 0 and the step would stop every task; all zero gives d = 0.
 * @param losses - the task losses, read by the `loss` and `loss+` normalisations for non-zero gradients only
 */
function mgdaWeights(gram: Gram, normalization: MgdaNormalization, losses: TaskLosses, op: string): number[] {
  const weights = new Array<number>(gram.length).fill(0);
  const active = nonZeroTasks(gram);
  if (active.length === 0) return weights;
  const n = normalizers(op, gram, active, normalization, losses);
  const normalized = subGram(gram, active).map((row, a) => row.map((g, b) => g / ((n[a] as number) * (n[b] as number))));
  minNormWeights(normalized).forEach((lambda, a) => { weights[active[a] as number] = lambda / (n[a] as number); });
  return weights;
}

/**
 * MGDA over per-task flat gradients: the min-norm point of their convex hull,
 * d = Σ_i λ_i ĝ_i with λ = argmin_{λ ∈ Δ} ‖Σ_i λ_i ĝ_i‖² (ĝ_i = g_i / n_i, see `MgdaNormalization`),
 * a direction along which no task's loss increases (Désidéri 2012; Sener & Koltun 2018). Two tasks:
 * the closed form λ_1 = clamp((ĝ_2 − ĝ_1)·ĝ_2 / ‖ĝ_1 − ĝ_2‖², 0, 1); more: Frank–Wolfe (see
 * `minNormWeights`). Inner products in float64. Tasks with an exactly zero gradient get weight 0.
 * @param grads - one flat gradient per task, all Float32Array, all Float64Array or all 1-D tensors of one length
 * @param options - `normalization` (default `none`) and, for `loss`/`loss+`, the task `losses`
 * @returns `grad` of the inputs' kind, and `weights` w = λ_i / n_i with grad = Σ_i w_i g_i
 * @throws ValueError/ShapeError/DTypeError on bad gradients (see `pcgrad`), an unknown normalisation, or missing or non-positive losses
 * @example
 * const { grad, weights } = tn.mtl.mgda([new Float32Array([1, 0]), new Float32Array([0, 2])]);
 * // λ_1 = (4 − 0) / 5 = 0.8: weights = [0.8, 0.2], grad = [0.8, 0.4], orthogonal to g_1 − g_2
 */
export function mgda<G extends FlatGradient>(grads: readonly G[], options: MgdaFunctionOptions = {}): CombinedGradient<G> {
  const normalization = checkNormalization('mgda', options.normalization ?? 'none');
  const values = options.losses ?? [];
  if (usesLosses(normalization) && (!Array.isArray(values) || values.length !== grads.length)) {
    const found = Array.isArray(values) ? `${values.length} losses` : JSON.stringify(values);
    throw new ValueError('mgda', `normalization '${normalization}' needs options.losses, one per gradient (${grads.length}), found ${found}`);
  }
  const losses = { values, label: (i: number) => `options.losses[${i}]` };
  return combineFlatGradients('mgda', grads, (gram) => mgdaWeights(gram, normalization, losses, 'mgda'));
}

/**
 * MGDA as a weighting strategy; on the shared representation it is Sener & Koltun's MGDA-UB (the
 * min-norm problem over gradients at the representation, an upper bound that needs one backward
 * pass through the trunk). The loss normalisations read the current losses.
 * @example
 * const strategy = new tn.mtl.MGDA({ normalization: 'loss+' });
 * const weights = strategy.backward(losses, ctx); // fills .grad with the min-norm combination
 */
export class MGDA extends GradientCombination {
  readonly name = 'mgda';
  private readonly normalization: MgdaNormalization;

  /** @throws ValueError on an unknown normalisation */
  constructor(options: MgdaOptions = {}) {
    super();
    this.normalization = checkNormalization('MGDA', options.normalization ?? 'none');
  }

  protected override combinationWeights(gram: Gram, losses: readonly Tensor[], tasks: readonly string[]): number[] {
    const values = usesLosses(this.normalization) ? losses.map((loss) => loss.item()) : [];
    return mgdaWeights(gram, this.normalization, { values, label: (i) => `the loss of task '${tasks[i]}'` }, 'MGDA.backward');
  }
}
