/** Tokenisers: `wordTokenize` (Unicode words) and `CharTokenizer` (characters). */
import { Vocabulary, type VocabularyJSON, type VocabularyOptions } from './vocabulary.js';

/** Options of `wordTokenize`. */
export interface WordTokenizeOptions {
  /** Lower-case the text first (default true). */
  readonly lower?: boolean;
}

// A word: letters, combining marks and digits, with inner apostrophes (don't, l'homme, rock’n’roll).
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

/**
 * Split text into words: runs of Unicode letters and digits (`\p{L}\p{N}`, with combining marks), keeping
 * apostrophes inside words and dropping punctuation, symbols and whitespace. The text is NFC-normalised.
 * @param text - any text
 * @param options - lower (default true)
 * @returns the words, in order
 * @example
 * tn.data.wordTokenize("Don't panic — it's 42°C in Zürich!"); // ["don't", 'panic', "it's", '42', 'c', 'in', 'zürich']
 */
export function wordTokenize(text: string, options: WordTokenizeOptions = {}): string[] {
  let normalised = text.normalize('NFC');
  if (options.lower ?? true) normalised = normalised.toLowerCase();
  return normalised.match(WORD) ?? [];
}

/** Options of `CharTokenizer.build`. */
export interface CharTokenizerOptions extends VocabularyOptions {
  /** Lower-case texts before splitting (default false). */
  readonly lower?: boolean;
}

/**
 * Characters (Unicode code points) ↔ ids, over a `Vocabulary` of characters.
 * @example
 * const tok = tn.data.CharTokenizer.build(['hello', 'world']);
 * tok.encode('hold'); // ids; unseen characters → '<unk>'
 * tok.decode(tok.encode('hello')); // 'hello'
 */
export class CharTokenizer {
  /**
   * @param vocabulary - a vocabulary whose tokens are single characters (plus specials)
   * @param lower - lower-case texts before splitting
   */
  constructor(readonly vocabulary: Vocabulary, readonly lower = false) {}

  /**
   * Collect the characters of `texts` (specials first, then by decreasing frequency).
   * @param texts - training texts
   * @param options - lower (false), minFreq, maxSize, specials (`['<pad>', '<unk>']`), unkToken
   */
  static build(texts: Iterable<string>, options: CharTokenizerOptions = {}): CharTokenizer {
    const lower = options.lower ?? false;
    const lists = Array.from(texts, (t) => Array.from(lower ? t.toLowerCase() : t));
    return new CharTokenizer(Vocabulary.build(lists, options), lower);
  }

  /** Number of ids. */
  get size(): number {
    return this.vocabulary.size;
  }

  /** The characters (code points) of `text`. */
  tokenize(text: string): string[] {
    return Array.from(this.lower ? text.toLowerCase() : text);
  }

  /** The ids of the characters of `text`. */
  encode(text: string): number[] {
    return this.vocabulary.encode(this.tokenize(text));
  }

  /** The text of `ids` (special tokens are written as they are named). */
  decode(ids: Iterable<number>): string {
    return this.vocabulary.decode(ids).join('');
  }

  /** The JSON form: the vocabulary and the lower-casing flag. */
  toJSON(): { vocabulary: VocabularyJSON; lower: boolean } {
    return { vocabulary: this.vocabulary.toJSON(), lower: this.lower };
  }

  /** Rebuild a tokenizer from `toJSON()` output. */
  static fromJSON(json: { vocabulary: VocabularyJSON; lower?: boolean }): CharTokenizer {
    return new CharTokenizer(Vocabulary.fromJSON(json.vocabulary), json.lower ?? false);
  }
}
