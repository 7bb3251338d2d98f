/** Random loss weighting (Lin et al. 2021): fresh random weights at every step. */
import { Generator, globalGenerator, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import type { StrategyContext, WeightingStrategy } from '../types.js';
import {
  backwardWeighted, checkLosses, checkNumber, checkNumberArray, checkOptionKeys, checkStateKeys, checkTaskNames, scaledSoftmax,
  type TaskNamesOption,
} from './common.js';

/** Options of `RLW`. */
export interface RLWOptions extends TaskNamesOption {
  /** Seed of the strategy's own generator (default: drawn from the global generator, so `tn.manualSeed` fixes it). */
  readonly seed?: number;
}

/**
 * Random loss weighting — Lin, Ye, Zhang & Tsang, "Reasonable Effectiveness of Random Weighting: A Litmus
 * Test for Multi-Task Learning" (arXiv:2111.10603, 2021; TMLR 2022). At every step it draws z_i ~ N(0, 1)
 * from a seeded tasknet `Generator` and uses
 *
 *   w = T·softmax(z),   L = Σ_i w_i·L_i,
 *
 * for T tasks: positive weights that sum to T, so that each has mean 1 and learning rates tuned for equal
 * weighting carry over (the paper and LibMTL's `RLW` use softmax(z), which sums to 1, i.e. 1/T of these).
 * The generator's position is part of `stateDict`, so a resumed run draws the same weights.
 * @example
 * const strategy = new tn.mtl.RLW({seed: 0});
 * strategy.backward(losses, ctx); // e.g. [1.31, 0.69]: new weights each step
 */
export class RLW implements WeightingStrategy {
  readonly name = 'rlw';
  private readonly generator: Generator;
  private readonly tasks: readonly string[] | undefined;

  /**
   * @param options - `seed`; `tasks`, checked at each step when given
   * @throws ValueError when the seed is not an integer
   */
  constructor(options: RLWOptions = {}) {
    checkOptionKeys('RLW', options, ['seed', 'tasks']);
    const seed = checkNumber('RLW', 'seed', options.seed ?? globalGenerator.nextUint32(), Number.isInteger, '(an integer)');
    this.generator = new Generator(seed);
    this.tasks = options.tasks === undefined ? undefined : checkTaskNames('RLW', options.tasks);
  }

  /** Draw w = T·softmax(z), z ~ N(0, I), backpropagate Σ_i w_i·L_i; returns w. */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[] {
    const n = checkLosses('RLW.backward', losses, ctx, this.tasks);
    const weights = scaledSoftmax(Array.from({ length: n }, () => this.generator.normal()));
    backwardWeighted(losses, weights);
    return weights;
  }

  /** The generator's position: `{generator: [four uint32 words]}`, plus `spareNormal` when it holds one. */
  stateDict(): Record<string, number | number[]> {
    const { words, spareNormal } = this.generator.getState();
    const state: Record<string, number | number[]> = { generator: [...words] };
    if (spareNormal !== null) state.spareNormal = spareNormal;
    return state;
  }

  /**
   * Continue from a position `stateDict` returned.
   * @throws ValueError when the state is not four uint32 words (and an optional finite `spareNormal`)
   */
  loadStateDict(state: Record<string, number | number[]>): void {
    const op = 'RLW.loadStateDict';
    checkStateKeys(op, state, ['generator', 'spareNormal'], ['generator']);
    const isWord = (v: number) => Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
    const words = checkNumberArray(op, "state 'generator' (uint32 words)", state.generator, 4, isWord);
    const spare = state.spareNormal;
    if (spare !== undefined && (typeof spare !== 'number' || !Number.isFinite(spare))) {
      throw new ValueError(op, `state 'spareNormal': expected a finite number, found ${JSON.stringify(spare)}`);
    }
    this.generator.setState({ words, spareNormal: spare ?? null });
  }
}
