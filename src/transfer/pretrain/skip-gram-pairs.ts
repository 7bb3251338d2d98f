/** (center, context) pairs of word2vec's skip-gram, and the unigram^0.75 negative sampler. */
import { Generator, ValueError } from '../../core/index.js';

/** Options of `skipGramPairs`. */
export interface SkipGramPairsOptions {
  /** Largest distance between center and context (default 4); each center draws its window from 1…window (word2vec). */
  readonly window?: number;
  /** Ids that are neither centers nor contexts (e.g. padding, unknown; default none). */
  readonly skipIds?: readonly number[];
  /** Seed of the window draws (default 0). */
  readonly seed?: number;
}

/**
 * Every (center, context) pair within a randomly shrunk window, over token-id sequences.
 * @returns centers and contexts, int32 of equal length
 * @example const {centers, contexts} = tn.transfer.skipGramPairs(sequences, {window: 4, skipIds: [0, 1]});
 */
export function skipGramPairs(sequences: Iterable<ArrayLike<number>>, options: SkipGramPairsOptions = {}): { centers: Int32Array; contexts: Int32Array } {
  const window = options.window ?? 4;
  if (!Number.isInteger(window) || window < 1) throw new ValueError('skipGramPairs', `window must be an integer ≥ 1, found ${window}`);
  const skip = new Set(options.skipIds ?? []);
  const gen = new Generator(options.seed ?? 0);
  const centers: number[] = [];
  const contexts: number[] = [];
  for (const raw of sequences) {
    const seq = Array.from(raw).filter((id) => !skip.has(id));
    for (let i = 0; i < seq.length; i++) {
      const w = 1 + Math.floor(gen.uniform() * window);
      for (let j = Math.max(0, i - w); j <= Math.min(seq.length - 1, i + w); j++) {
        if (j === i) continue;
        centers.push(seq[i]!);
        contexts.push(seq[j]!);
      }
    }
  }
  return { centers: Int32Array.from(centers), contexts: Int32Array.from(contexts) };
}

/**
 * Draws ids with probability ∝ count^power (word2vec's noise distribution, power 0.75).
 * @example const noise = new tn.transfer.UnigramSampler(counts); noise.sample(5 * 1024, gen);
 */
export class UnigramSampler {
  private readonly cumulative: Float64Array;

  /**
   * @param counts - how often each id occurs (ids with count 0 are never drawn)
   * @param power - the exponent (default 0.75)
   */
  constructor(counts: ArrayLike<number>, power = 0.75) {
    this.cumulative = new Float64Array(counts.length);
    let total = 0;
    for (let i = 0; i < counts.length; i++) this.cumulative[i] = total += Math.max(0, counts[i]!) ** power;
    if (!(total > 0)) throw new ValueError('UnigramSampler', 'expected at least one positive count, found none');
  }

  /** `n` ids, int32. */
  sample(n: number, gen: Generator): Int32Array {
    const out = new Int32Array(n);
    const c = this.cumulative;
    const total = c[c.length - 1]!;
    for (let k = 0; k < n; k++) {
      const u = gen.uniform() * total;
      let lo = 0;
      let hi = c.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      out[k] = lo;
    }
    return out;
  }
}
