/** An Embedding for a tasknet Vocabulary, initialised from pretrained word vectors (GloVe …), with a coverage report. */
import { Generator, ValueError } from '../core/index.js';
import type { Vocabulary, wordVectors } from '../data/index.js';
import { Embedding } from '../nn/index.js';
import { fromTypedArray } from '../tensor/index.js';

/** How rows of words without a pretrained vector start. */
export type OovInit = 'random' | 'zeros' | 'mean';

/** Options of `embeddingFromVectors`. */
export interface EmbeddingFromVectorsOptions {
  /** Keep the table fixed (default false: fine-tune it). */
  readonly freeze?: boolean;
  /** Rows of words without a vector: `'random'` N(mean, std of the pretrained values) per coordinate (default), `'zeros'`, `'mean'` (the mean vector). */
  readonly oov?: OovInit;
  /** Also look up the lower-cased word when the exact one is missing (default true; GloVe 6B is lower-cased). */
  readonly lowerCaseFallback?: boolean;
  /** Tokens that are not words: not looked up, not counted in the coverage, zeros for `paddingIdx`, else the oov rule (default `['<pad>', '<unk>', '<mask>', '<cls>', '<sep>', '<bos>', '<eos>']`). */
  readonly specials?: readonly string[];
  /** The padding row (zeros, no gradient; default the id of `'<pad>'` when the vocabulary has it, else none). */
  readonly paddingIdx?: number | null;
  /** Seed of the `'random'` rows (default 0). */
  readonly seed?: number;
}

/** How much of the vocabulary the pretrained vectors cover. */
export interface VectorCoverage {
  /** Vocabulary words looked up (specials excluded). */
  readonly words: number;
  /** Found as they are. */
  readonly exact: number;
  /** Found only after lower-casing. */
  readonly lowerCased: number;
  /** Not found: `words − exact − lowerCased`. */
  readonly missing: number;
  /** `(exact + lowerCased) / words`. */
  readonly ratio: number;
  /** Up to 20 missing words, in vocabulary order. */
  readonly missingExamples: string[];
  /** The case-folding policy, in words. */
  readonly policy: string;
}

/**
 * An `nn.Embedding` [vocabulary.size, vectors.dim] whose row i is the pretrained vector of `vocabulary.tokens[i]`
 * (exact word, else its lower-cased form), the padding row zeros, and every other row by the `oov` rule.
 * @param vocabulary - the task's vocabulary
 * @param vectors - pretrained vectors, e.g. `await tn.data.wordVectors.glove100()`
 * @param options - freeze (false), oov ('random'), lowerCaseFallback (true), specials, paddingIdx, seed (0)
 * @returns the embedding and the coverage report
 * @example
 * const glove = await tn.data.wordVectors.glove100();
 * const {embedding, coverage} = tn.transfer.embeddingFromVectors(vocab, glove, {freeze: true});
 * console.log(`${(100 * coverage.ratio).toFixed(1)}% of ${coverage.words} words found`);
 */
export function embeddingFromVectors(
  vocabulary: Vocabulary, vectors: wordVectors.WordVectors, options: EmbeddingFromVectorsOptions = {},
): { embedding: Embedding; coverage: VectorCoverage } {
  const oov = options.oov ?? 'random';
  if (oov !== 'random' && oov !== 'zeros' && oov !== 'mean') throw new ValueError('embeddingFromVectors', `oov must be 'random', 'zeros' or 'mean', found '${String(oov)}'`);
  const lower = options.lowerCaseFallback ?? true;
  const specials = new Set(options.specials ?? ['<pad>', '<unk>', '<mask>', '<cls>', '<sep>', '<bos>', '<eos>']);
  const paddingIdx = options.paddingIdx === undefined ? (vocabulary.has('<pad>') ? vocabulary.indexOf('<pad>') : null) : options.paddingIdx;
  const dim = vectors.dim;
  const { mean, std } = vectorStats(vectors);
  const table = new Float32Array(vocabulary.size * dim);
  const gen = new Generator(options.seed ?? 0);
  let exact = 0;
  let lowerCased = 0;
  let words = 0;
  const missingExamples: string[] = [];
  vocabulary.tokens.forEach((token, i) => {
    const row = table.subarray(i * dim, (i + 1) * dim);
    if (i === paddingIdx) return;
    let found = -1;
    if (!specials.has(token)) {
      words++;
      found = vectors.indexOf(token);
      if (found >= 0) exact++;
      else if (lower && token.toLowerCase() !== token && (found = vectors.indexOf(token.toLowerCase())) >= 0) lowerCased++;
      else if (missingExamples.length < 20) missingExamples.push(token);
    }
    if (found >= 0) row.set(vectors.vectors.subarray(found * dim, (found + 1) * dim));
    else if (oov === 'mean') row.set(mean);
    else if (oov === 'random') for (let d = 0; d < dim; d++) row[d] = gen.normal(mean[d], std);
  });
  const embedding = Embedding.fromPretrained(fromTypedArray(table, [vocabulary.size, dim], 'float32'), {
    freeze: options.freeze ?? false, paddingIdx,
  });
  const policy = lower ? 'exact word, else its lower-cased form' : 'exact word only (no case folding)';
  const coverage = { words, exact, lowerCased, missing: words - exact - lowerCased, ratio: words === 0 ? 0 : (exact + lowerCased) / words, missingExamples, policy };
  return { embedding, coverage };
}

/** The mean vector and the overall standard deviation of the values around it. */
function vectorStats(wv: wordVectors.WordVectors): { mean: Float32Array; std: number } {
  const mean = new Float64Array(wv.dim);
  const v = wv.vectors;
  for (let i = 0; i < v.length; i++) mean[i % wv.dim] = mean[i % wv.dim]! + v[i]!;
  for (let d = 0; d < wv.dim; d++) mean[d] = mean[d]! / Math.max(1, wv.size);
  let squares = 0;
  for (let i = 0; i < v.length; i++) squares += (v[i]! - mean[i % wv.dim]!) ** 2;
  return { mean: Float32Array.from(mean), std: Math.sqrt(squares / Math.max(1, v.length)) };
}
