/** WordVectors: a table of pretrained word vectors (one float32 row per word) with a word → row lookup. */
import { ValueError } from '../../core/index.js';

/**
 * Pretrained word vectors: `words[i]` has the vector `vectors[i·dim … (i+1)·dim)`. The lookup map is built on the
 * first `indexOf`/`has` call. Browser-safe; `glove100()` loads one from Node.
 * @example
 * const wv = new tn.data.wordVectors.WordVectors(['cat', 'dog'], 2, Float32Array.of(1, 0, 0, 1));
 * wv.indexOf('dog'); // 1
 * wv.vector('cat');  // Float32Array [1, 0]
 */
export class WordVectors {
  private lookup: Map<string, number> | undefined;

  /**
   * @param words - the words in row order (no duplicates)
   * @param dim - the vector width
   * @param vectors - row-major float32 `[words.length, dim]`
   * @throws ValueError when the sizes disagree.
   */
  constructor(readonly words: readonly string[], readonly dim: number, readonly vectors: Float32Array) {
    if (!Number.isInteger(dim) || dim <= 0) throw new ValueError('WordVectors', `dim must be a positive integer, found ${dim}`);
    if (vectors.length !== words.length * dim) {
      throw new ValueError('WordVectors', `vectors must hold words.length·dim = ${words.length}·${dim} = ${words.length * dim} values, found ${vectors.length}`);
    }
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }

  /** The row of `word`, or −1 when it has none (exact match: no case folding here). */
  indexOf(word: string): number {
    if (this.lookup === undefined) {
      const map = new Map<string, number>();
      this.words.forEach((w, i) => {
        if (!map.has(w)) map.set(w, i);
      });
      this.lookup = map;
    }
    return this.lookup.get(word) ?? -1;
  }

  /** Whether `word` has a vector. */
  has(word: string): boolean {
    return this.indexOf(word) >= 0;
  }

  /** The vector of `word` (a view, not a copy), or undefined. */
  vector(word: string): Float32Array | undefined {
    const i = this.indexOf(word);
    return i < 0 ? undefined : this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }
}
