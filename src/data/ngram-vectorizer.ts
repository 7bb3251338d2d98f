/** Bag of n-grams: token lists → count vectors (scikit-learn `CountVectorizer` on pre-tokenised text). */
import { ValueError } from '../core/index.js';
import { fromTypedArray, type Tensor } from '../tensor/index.js';

/** Options of NgramVectorizer. */
export interface NgramVectorizerOptions {
  /** Smallest and largest n (default [1, 1]: words; [1, 2] adds word pairs). */
  readonly ngramRange?: readonly [number, number];
  /** Keep n-grams seen at least this many times in the fitted texts (default 1). */
  readonly minFreq?: number;
  /** Keep at most this many n-grams, the most frequent first (default: all). */
  readonly maxFeatures?: number;
}

/**
 * Counts of each n-gram of the fitted vocabulary per text, as float32 [N, V]. N-grams join tokens with a space;
 * ones not in the vocabulary are ignored.
 * @example
 * const vec = new tn.data.NgramVectorizer({ngramRange: [1, 2]}).fit(trainTokens);
 * const x = vec.transform(testTokens); // [N, vec.size]
 */
export class NgramVectorizer {
  /** n-gram → column. */
  readonly vocabulary = new Map<string, number>();
  private readonly range: readonly [number, number];

  /** @param options - ngramRange, minFreq, maxFeatures */
  constructor(readonly options: NgramVectorizerOptions = {}) {
    this.range = options.ngramRange ?? [1, 1];
    const [lo, hi] = this.range;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) {
      throw new ValueError('NgramVectorizer', `ngramRange must be integers 1 ≤ min ≤ max, found [${lo}, ${hi}]`);
    }
  }

  /** Number of columns. */
  get size(): number {
    return this.vocabulary.size;
  }

  /** The n-grams of one token list. */
  ngrams(tokens: readonly string[]): string[] {
    const out: string[] = [];
    for (let n = this.range[0]; n <= this.range[1]; n++) {
      for (let i = 0; i + n <= tokens.length; i++) out.push(n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' '));
    }
    return out;
  }

  /** Learn the vocabulary from token lists (columns ordered by frequency, then first appearance). */
  fit(texts: readonly (readonly string[])[]): this {
    const counts = new Map<string, number>();
    for (const tokens of texts) for (const g of this.ngrams(tokens)) counts.set(g, (counts.get(g) ?? 0) + 1);
    const kept = [...counts].filter(([, c]) => c >= (this.options.minFreq ?? 1)).sort((a, b) => b[1] - a[1]);
    this.vocabulary.clear();
    for (const [g] of kept.slice(0, this.options.maxFeatures ?? kept.length)) this.vocabulary.set(g, this.vocabulary.size);
    return this;
  }

  /** Count vectors [N, size] (float32). */
  transform(texts: readonly (readonly string[])[]): Tensor {
    if (this.vocabulary.size === 0) throw new ValueError('NgramVectorizer.transform', 'the vocabulary is empty: call fit(texts) first');
    const v = this.vocabulary.size;
    const counts = new Float32Array(texts.length * v);
    texts.forEach((tokens, row) => {
      for (const g of this.ngrams(tokens)) {
        const column = this.vocabulary.get(g);
        if (column !== undefined) counts[row * v + column] = (counts[row * v + column] as number) + 1;
      }
    });
    return fromTypedArray(counts, [texts.length, v], 'float32');
  }

  /** `fit` then `transform` on the same texts. */
  fitTransform(texts: readonly (readonly string[])[]): Tensor {
    return this.fit(texts).transform(texts);
  }
}
