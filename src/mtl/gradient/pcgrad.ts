/**
 * PCGrad, projecting conflicting gradients: Yu, Kumar, Gupta, Levine, Hausman, Finn, "Gradient
 * Surgery for Multi-Task Learning", NeurIPS 2020 (arXiv:2001.06782), Algorithm 1.
 */
import { Generator, globalGenerator, ValueError } from '../../core/index.js';
import { combineFlatGradients, type CombinedGradient, type FlatGradient } from './flat-gradients.js';
import type { Gram } from './gram.js';
import { GradientCombination } from './gradient-strategy.js';

/** Where `pcgrad` and `PCGrad` draw their random task orders from: at most one of the two. */
export interface PcgradOptions {
  /** Seed of a fresh generator (the same seed gives the same orders). */
  readonly seed?: number;
  /** A generator to draw from, advanced by each use (`pcgrad` in a loop: different orders each step). */
  readonly generator?: Generator;
}

/**
 * PCGrad's effective weights from the Gram matrix. Each projected gradient stays a combination of
 * the originals, g_i^PC = Σ_k C[i][k] g_k (C starts as the identity), so every inner product it needs
 * is g_i^PC · g_j = Σ_k C[i][k] G[k][j], and Σ_i g_i^PC = Σ_k (Σ_i C[i][k]) g_k.
 * @param generator - draws, for each task i, a random order of the other tasks
 */
function pcgradWeights(gram: Gram, generator: Generator): number[] {
  const n = gram.length;
  const coefficients = gram.map((_, i) => gram.map((__, k): number => (i === k ? 1 : 0)));
  coefficients.forEach((c, i) => {
    const others = gram.flatMap((_, j) => (j === i ? [] : [j]));
    for (const p of generator.permutation(n - 1)) {
      const j = others[p] as number;
      const conflict = c.reduce((s, ck, k) => s + ck * (gram[k]![j] as number), 0);
      const squaredNorm = gram[j]![j] as number;
      if (conflict < 0 && squaredNorm > 0) c[j] = (c[j] as number) - conflict / squaredNorm;
    }
  });
  return gram.map((_, k) => coefficients.reduce((s, c) => s + (c[k] as number), 0));
}

/** The generator `options` name, or `fallback()` when they name none. */
function generatorFor(op: string, options: PcgradOptions, fallback: () => Generator): Generator {
  const { seed, generator } = options;
  if (seed !== undefined && generator !== undefined) throw new ValueError(op, `expected seed or generator, found both (seed=${seed})`);
  if (generator !== undefined) return generator;
  if (seed === undefined) return fallback();
  if (!Number.isInteger(seed)) throw new ValueError(op, `seed must be an integer, found ${seed}`);
  return new Generator(seed);
}

/**
 * PCGrad over per-task flat gradients: for each task i, in a random order of the other tasks j,
 * if g_i^PC · g_j < 0 then g_i^PC ← g_i^PC − (g_i^PC · g_j / ‖g_j‖²) g_j (projection onto the normal
 * plane of g_j; g_i^PC starts as g_i, g_j is always the original); the result is the SUM Σ_i g_i^PC.
 * The sum is Algorithm 1's update and LibMTL's, and equals the equal-weighting gradient Σ_i g_i when
 * no pair conflicts, so learning rates carry over. Inner products are taken in float64.
 * @param grads - one flat gradient per task, all Float32Array, all Float64Array or all 1-D tensors of one length
 * @param options - `seed` or `generator` for the task orders (default: the global generator, `tn.manualSeed`)
 * @returns `grad` of the inputs' kind, and `weights` w with grad = Σ_i w_i g_i
 * @throws ValueError/ShapeError/DTypeError on an empty list, mixed kinds, different lengths, or a NaN or infinity
 * @example
 * const { grad, weights } = tn.mtl.pcgrad([new Float32Array([1, 0]), new Float32Array([-1, 1])], { seed: 0 });
 * // grad = [0.5, 1.5] (g1^PC = [0.5, 0.5], g2^PC = [0, 1]); weights = [2, 1.5]
 */
export function pcgrad<G extends FlatGradient>(grads: readonly G[], options: PcgradOptions = {}): CombinedGradient<G> {
  const generator = generatorFor('pcgrad', options, () => globalGenerator);
  return combineFlatGradients('pcgrad', grads, (gram) => pcgradWeights(gram, generator));
}

/**
 * PCGrad as a weighting strategy (Yu et al. 2020): each step, per-task gradients of the shared
 * parameters (or representation) are combined by `pcgrad` with task orders drawn from the
 * strategy's own generator, whose position `stateDict` saves. On the representation it projects
 * the per-sample feature gradients, a cheaper variant that LibMTL does not offer.
 * @example
 * const strategy = new tn.mtl.PCGrad({ seed: 0 });
 * const weights = strategy.backward(losses, ctx); // fills .grad; weights w with d = Σ w_i g_i
 */
export class PCGrad extends GradientCombination {
  readonly name = 'pcgrad';
  private readonly generator: Generator;

  /**
   * @param options - `seed` or `generator` for the task orders (default: a generator seeded from the
   *   global one, so `tn.manualSeed` fixes it)
   * @throws ValueError when both are given or `seed` is not an integer
   */
  constructor(options: PcgradOptions = {}) {
    super();
    this.generator = generatorFor('PCGrad', options, () => new Generator(globalGenerator.nextUint32()));
  }

  protected override combinationWeights(gram: Gram): number[] {
    return pcgradWeights(gram, this.generator);
  }

  /** The generator's position: `{generator: [four uint32 words]}`. */
  stateDict(): Record<string, number | number[]> {
    return { generator: [...this.generator.getState().words] };
  }

  /**
   * Continue from a state `stateDict` returned.
   * @throws ValueError when `state.generator` is not four uint32 words
   */
  loadStateDict(state: Record<string, number | number[]>): void {
    const words = state.generator;
    if (!Array.isArray(words)) {
      throw new ValueError('PCGrad.loadStateDict', `expected {generator: four uint32 words}, found generator=${JSON.stringify(words)}`);
    }
    this.generator.setState({ words, spareNormal: null });
  }
}
