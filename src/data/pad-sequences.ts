/** padSequences: a list of id sequences to one int32 matrix, padded and truncated. */
import { ValueError } from '../core/index.js';
import { fromTypedArray, type Tensor } from '../tensor/index.js';

/** Options of `padSequences`. */
export interface PadSequencesOptions {
  /** Length of every row (default: the longest sequence). */
  readonly maxLen?: number;
  /** Id used for padding (default 0, the `<pad>` id of a default `Vocabulary`). */
  readonly padValue?: number;
  /** Where to cut sequences longer than maxLen: `'post'` keeps the start (default), `'pre'` keeps the end. */
  readonly truncating?: 'pre' | 'post';
  /** Where to pad shorter sequences: `'post'` after the ids (default), `'pre'` before them. */
  readonly padding?: 'pre' | 'post';
}

/**
 * Pad (and truncate) id sequences to one length (Keras `pad_sequences`, PyTorch `pad_sequence`). The defaults pad
 * and truncate at the end, as PyTorch does (Keras defaults to `'pre'` for both).
 * Shapes: N sequences → ids int32 `[N, maxLen]`, lengths int32 `[N]` (lengths after truncation).
 * @param sequences - lists of integer ids
 * @param options - maxLen, padValue (0), truncating ('post'), padding ('post')
 * @throws ValueError for a non-integer id or a negative maxLen.
 * @example
 * const {ids, lengths} = tn.data.padSequences([[5, 6, 7], [8]], {maxLen: 2});
 * // ids [[5, 6], [8, 0]], lengths [2, 1]
 */
export function padSequences(sequences: readonly (readonly number[] | Int32Array)[], options: PadSequencesOptions = {}): { ids: Tensor; lengths: Tensor } {
  const maxLen = options.maxLen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxLen) || maxLen < 0) throw new ValueError('padSequences', `maxLen must be a non-negative integer, found ${maxLen}`);
  const padValue = options.padValue ?? 0;
  if (!Number.isInteger(padValue)) throw new ValueError('padSequences', `padValue must be an integer, found ${padValue}`);
  const n = sequences.length;
  const ids = new Int32Array(n * maxLen).fill(padValue);
  const lengths = new Int32Array(n);
  sequences.forEach((seq, i) => {
    const len = Math.min(seq.length, maxLen);
    const from = options.truncating === 'pre' ? seq.length - len : 0;
    const to = i * maxLen + (options.padding === 'pre' ? maxLen - len : 0);
    for (let j = 0; j < len; j++) {
      const v = seq[from + j] as number;
      if (!Number.isInteger(v)) throw new ValueError('padSequences', `sequence ${i} has a non-integer id ${v} at position ${from + j}`);
      ids[to + j] = v;
    }
    lengths[i] = len;
  });
  return { ids: fromTypedArray(ids, [n, maxLen], 'int32'), lengths: fromTypedArray(lengths, [n], 'int32') };
}
