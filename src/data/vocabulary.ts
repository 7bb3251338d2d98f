/** Vocabulary: a two-way mapping between tokens and integer ids, built from token counts. */
import { ValueError } from '../core/index.js';

/** Options of `Vocabulary.build`. */
export interface VocabularyOptions {
  /** Keep tokens seen at least this many times (default 1). */
  readonly minFreq?: number;
  /** Largest vocabulary, specials included (default: no limit). */
  readonly maxSize?: number;
  /** Tokens placed first, in this order (default `['<pad>', '<unk>']`: pad id 0, unknown id 1). */
  readonly specials?: readonly string[];
  /** The token unknown tokens map to (default `'<unk>'` when among the specials, else none: unknown tokens throw). */
  readonly unkToken?: string | null;
}

/** The JSON form of a vocabulary (`toJSON` / `fromJSON`). */
export interface VocabularyJSON {
  /** Tokens in id order. */
  readonly tokens: readonly string[];
  /** Token unknown tokens map to, or null. */
  readonly unkToken: string | null;
}

/**
 * Tokens ↔ ids (torchtext `Vocab`). Built from token lists: specials first, then tokens by decreasing frequency,
 * ties in code-point order.
 * @example
 * const vocab = tn.data.Vocabulary.build([['a', 'good', 'movie'], ['a', 'bad', 'movie']], {minFreq: 1});
 * vocab.encode(['a', 'great', 'movie']); // [2, 1, 3]: 'great' is unknown → id of '<unk>'
 * vocab.decode([2, 3]);                  // ['a', 'movie']
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  /** Tokens in id order. */
  readonly tokens: readonly string[];
  /** The id unknown tokens map to, or undefined when unknown tokens throw. */
  readonly unkId: number | undefined;

  /**
   * @param tokens - tokens in id order, without duplicates
   * @param unkToken - token unknown tokens map to (must be in `tokens`), or null
   * @throws ValueError on a duplicate token or an unk token that is not in the list.
   */
  constructor(tokens: readonly string[], unkToken: string | null = null) {
    tokens.forEach((t, i) => {
      if (this.ids.has(t)) throw new ValueError('Vocabulary', `duplicate token '${t}' at ids ${this.ids.get(t)} and ${i}`);
      this.ids.set(t, i);
    });
    this.tokens = [...tokens];
    if (unkToken !== null && !this.ids.has(unkToken)) {
      throw new ValueError('Vocabulary', `unknown-token '${unkToken}' is not in the vocabulary`);
    }
    this.unkId = unkToken === null ? undefined : this.ids.get(unkToken);
  }

  /**
   * Count tokens and keep the frequent ones.
   * @param tokenLists - tokenised texts (any iterable of token iterables)
   * @param options - minFreq (1), maxSize, specials (`['<pad>', '<unk>']`), unkToken
   * @example tn.data.Vocabulary.build(texts.map((t) => tn.data.wordTokenize(t)), {minFreq: 2, maxSize: 20000})
   */
  static build(tokenLists: Iterable<Iterable<string>>, options: VocabularyOptions = {}): Vocabulary {
    const minFreq = options.minFreq ?? 1;
    const specials = options.specials ?? ['<pad>', '<unk>'];
    const maxSize = options.maxSize ?? Infinity;
    if (!Number.isInteger(minFreq) || minFreq < 1) throw new ValueError('Vocabulary.build', `minFreq must be an integer ≥ 1, found ${minFreq}`);
    if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < specials.length)) {
      throw new ValueError('Vocabulary.build', `maxSize must be an integer ≥ the number of specials (${specials.length}), found ${maxSize}`);
    }
    const counts = new Map<string, number>();
    for (const list of tokenLists) for (const token of list) counts.set(token, (counts.get(token) ?? 0) + 1);
    const special = new Set(specials);
    const ranked = [...counts].filter(([t, c]) => c >= minFreq && !special.has(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, Math.max(0, maxSize - specials.length))
      .map(([t]) => t);
    const unk = options.unkToken === undefined ? (special.has('<unk>') ? '<unk>' : null) : options.unkToken;
    return new Vocabulary([...specials, ...ranked], unk);
  }

  /** Number of tokens. */
  get size(): number {
    return this.tokens.length;
  }

  /** Whether `token` has an id. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /**
   * The id of one token (the unknown id for an unseen token).
   * @throws ValueError for an unseen token when the vocabulary has no unknown token.
   */
  indexOf(token: string): number {
    const id = this.ids.get(token) ?? this.unkId;
    if (id === undefined) throw new ValueError('Vocabulary.encode', `token '${token}' is not in the vocabulary and there is no unknown token`);
    return id;
  }

  /** The ids of `tokens` (unseen tokens → the unknown id). */
  encode(tokens: Iterable<string>): number[] {
    return Array.from(tokens, (t) => this.indexOf(t));
  }

  /**
   * The tokens of `ids`.
   * @throws ValueError for an id outside [0, size).
   */
  decode(ids: Iterable<number>): string[] {
    return Array.from(ids, (id) => {
      const token = this.tokens[id];
      if (token === undefined) throw new ValueError('Vocabulary.decode', `id ${id} is out of range for a vocabulary of size ${this.size}`);
      return token;
    });
  }

  /** The JSON form: tokens in id order and the unknown token. */
  toJSON(): VocabularyJSON {
    return { tokens: [...this.tokens], unkToken: this.unkId === undefined ? null : this.tokens[this.unkId] as string };
  }

  /**
   * Rebuild a vocabulary from `toJSON()` output (or its parsed JSON text).
   * @example const v2 = tn.data.Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)));
   */
  static fromJSON(json: VocabularyJSON): Vocabulary {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.tokens) || json.tokens.some((t) => typeof t !== 'string')) {
      throw new ValueError('Vocabulary.fromJSON', 'expected {tokens: string[], unkToken: string | null}');
    }
    return new Vocabulary(json.tokens, json.unkToken ?? null);
  }
}
