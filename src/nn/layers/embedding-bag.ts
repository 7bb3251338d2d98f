/** EmbeddingBag: sums, means or maxima of bags of embeddings, without materialising each lookup per bag. */
import { DTypeError, formatShape, ShapeError, ValueError } from '../../core/index.js';
import { fromTypedArray, zeros, type Tensor, scoped } from '../../tensor/index.js';
import {
  cast, div, embedding, logicalAnd, maximum, max, mul, ne, scatterAdd, slice, sum, take, unsqueeze, where,
} from '../../ops/index.js';
import { Module } from '../module.js';
import type { Parameter } from '../parameter.js';
import { embeddingTable, resolvePaddingIdx } from './embedding.js';

/** How the vectors of a bag are combined. */
export type EmbeddingBagMode = 'sum' | 'mean' | 'max';

/** Options of EmbeddingBag. */
export interface EmbeddingBagOptions {
  /** Combination of each bag's vectors (default `'mean'`). */
  readonly mode?: EmbeddingBagMode;
  /** Entries equal to this index are left out of their bag (and its row is initialised to zeros); negative counts from the end. */
  readonly paddingIdx?: number | null;
  /** `offsets` has one more entry than there are bags, the last one ending the last bag (default false). */
  readonly includeLastOffset?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
  /** Use these values [numEmbeddings, embeddingDim] (shared, not copied) instead of drawing N(0, 1) (PyTorch `_weight`). */
  readonly weight?: Tensor;
}

/** Bag boundaries on the host: bag b covers entries [starts[b], ends[b]) of the flat input. */
interface Bags {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Bags of embeddings (PyTorch `nn.EmbeddingBag`): out[b] = Σ, mean or max over the bag's entries i
 * of weight[input[i]] (times `perSampleWeights[i]` in `'sum'` mode). Entries equal to `paddingIdx`
 * are left out (an empty bag gives zeros). Bags are the rows of a 2-D input [B, L], or for a 1-D
 * input the runs starting at `offsets`.
 * @example new tn.nn.EmbeddingBag(10000, 64, {mode: 'sum'}).forward(tokens, offsets) // → [B, 64]
 */
export class EmbeddingBag extends Module {
  /** The table [numEmbeddings, embeddingDim], N(0, 1) with the padding row zeroed. */
  weight: Parameter;
  /** How bags are combined. */
  readonly mode: EmbeddingBagMode;
  /** The non-negative padding index, or null. */
  readonly paddingIdx: number | null;
  /** Whether `offsets` ends with the end of the last bag. */
  readonly includeLastOffset: boolean;

  /**
   * @param numEmbeddings - number of rows (vocabulary size)
   * @param embeddingDim - size of each vector
   */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingBagOptions = {}) {
    super();
    this.mode = options.mode ?? 'mean';
    if (!['sum', 'mean', 'max'].includes(this.mode)) throw new ValueError('EmbeddingBag', `mode must be 'sum', 'mean' or 'max', found '${String(this.mode)}'`);
    this.includeLastOffset = options.includeLastOffset ?? false;
    this.paddingIdx = resolvePaddingIdx(options.paddingIdx, numEmbeddings, 'EmbeddingBag');
    this.weight = embeddingTable(numEmbeddings, embeddingDim, this.paddingIdx, options, 'EmbeddingBag');
  }

  /**
   * @param input - int32 [B, L] (B bags of L entries) or [T] (bags given by `offsets`)
   * @param offsets - int32 [B] start of each bag in a 1-D input (first 0, non-decreasing); [B + 1] with `includeLastOffset`
   * @param perSampleWeights - weights of the input's shape multiplying each vector (`'sum'` mode only)
   * @returns [B, embeddingDim]
   */
  forward(input: Tensor, offsets?: Tensor | null, perSampleWeights?: Tensor | null): Tensor {
    const op = 'EmbeddingBag';
    if (input.dtype !== 'int32') throw new DTypeError(op, `input must be an int32 tensor, found ${input.dtype}`);
    const psw = perSampleWeights ?? null;
    if (psw !== null) {
      if (this.mode !== 'sum') throw new ValueError(op, `perSampleWeights is only supported for mode 'sum', found mode '${this.mode}'`);
      if (psw.ndim !== input.ndim || psw.shape.some((d, i) => d !== input.shape[i])) {
        throw new ShapeError(op, `perSampleWeights must have the input's shape ${formatShape(input.shape)}, found ${formatShape(psw.shape)}`);
      }
    }
    if (input.ndim === 2) {
      if (offsets !== undefined && offsets !== null) throw new ValueError(op, 'offsets must be omitted when input is 2-D [B, L] (each row is a bag)');
      return scoped([this.weight, psw], () => this.reduceRows(input, null, psw));
    }
    if (input.ndim !== 1) throw new ShapeError(op, `expected input [B, L], or [T] with offsets [B], found ${formatShape(input.shape)}`);
    if (offsets === undefined || offsets === null) throw new ValueError(op, 'offsets [B] are required with a 1-D input [T]');
    const bags = this.bagsOf(offsets, input.size);
    return scoped([this.weight, psw], () => (this.mode === 'max'
      ? this.maxOverBags(input, bags)
      : this.sumOverBags(input, bags, psw)));
  }

  /** Combine each row of [B, L] indices; `valid` [B, L] (bool) marks real entries, and padding entries are dropped too. */
  private reduceRows(input: Tensor, valid: Tensor | null, psw: Tensor | null): Tensor {
    const rows = embedding(input, this.weight, this.paddingIdx ?? undefined); // [B, L, D]
    let keep = valid;
    if (this.paddingIdx !== null) {
      const notPadding = ne(input, this.paddingIdx);
      keep = keep === null ? notPadding : logicalAnd(keep, notPadding);
    }
    const keep3 = keep === null ? null : unsqueeze(keep, 2);
    const length = input.shape[1] as number;
    if (this.mode === 'max') {
      if (keep3 === null) return max(rows, 1);
      const best = max(where(keep3, rows, -Infinity), 1);
      const nonEmpty = unsqueeze(ne(sum(cast(keep as Tensor, 'int32'), 1), 0), 1);
      return where(nonEmpty, best, 0);
    }
    const weighted = psw === null ? rows : mul(rows, unsqueeze(psw, 2));
    const total = sum(keep3 === null ? weighted : where(keep3, weighted, 0), 1);
    if (this.mode === 'sum') return total;
    if (keep === null) return div(total, Math.max(length, 1));
    const counts = unsqueeze(sum(cast(keep, rows.dtype), 1), 1);
    return div(total, maximum(counts, 1));
  }

  /** 'sum' and 'mean' over 1-D bags: each entry's vector is scatter-added into its bag. */
  private sumOverBags(input: Tensor, bags: Bags, psw: Tensor | null): Tensor {
    const b = bags.starts.length;
    const end = b === 0 ? 0 : Math.max(...bags.ends);
    const segment = new Int32Array(end);
    for (let k = 0; k < b; k++) segment.fill(k, bags.starts[k], bags.ends[k]);
    const used = slice(input, 0, 0, end);
    const rows = embedding(used, this.weight, this.paddingIdx ?? undefined); // [T, D]
    const weighted = psw === null ? rows : mul(rows, unsqueeze(slice(psw, 0, 0, end), 1));
    const keep = this.paddingIdx === null ? null : ne(used, this.paddingIdx);
    const contributions = keep === null ? weighted : where(unsqueeze(keep, 1), weighted, 0);
    const segments = fromTypedArray(segment, [end], 'int32');
    const total = scatterAdd(zeros([b, this.embeddingDim], { dtype: rows.dtype }), segments, contributions, 0);
    if (this.mode === 'sum') return total;
    const ones = keep === null ? fromTypedArray(new Float32Array(end).fill(1), [end], 'float32') : cast(keep, 'float32');
    const counts = scatterAdd(zeros([b], { dtype: 'float32' }), segments, ones, 0);
    return div(total, unsqueeze(cast(maximum(counts, 1), rows.dtype), 1));
  }

  /** 'max' over 1-D bags: gather the bags into a padded [B, Lmax] layout with a validity mask. */
  private maxOverBags(input: Tensor, bags: Bags): Tensor {
    const b = bags.starts.length;
    let longest = 1;
    for (let k = 0; k < b; k++) longest = Math.max(longest, (bags.ends[k] as number) - (bags.starts[k] as number));
    const positions = new Int32Array(b * longest);
    const valid = new Uint8Array(b * longest);
    for (let k = 0; k < b; k++) {
      for (let j = 0; j < longest; j++) {
        const at = (bags.starts[k] as number) + j;
        if (at < (bags.ends[k] as number)) {
          positions[k * longest + j] = at;
          valid[k * longest + j] = 1;
        }
      }
    }
    const padded = input.size === 0
      ? zeros([b, longest], { dtype: 'int32' })
      : take(input, fromTypedArray(positions, [b, longest], 'int32'), 0);
    return this.reduceRows(padded, fromTypedArray(valid, [b, longest], 'bool'), null);
  }

  /** Read and check `offsets` (on the host), returning each bag's range over a flat input of `total` entries. */
  private bagsOf(offsets: Tensor, total: number): Bags {
    const op = 'EmbeddingBag';
    if (offsets.dtype !== 'int32') throw new DTypeError(op, `offsets must be an int32 tensor, found ${offsets.dtype}`);
    if (offsets.ndim !== 1) throw new ShapeError(op, `offsets must be 1-D [B], found ${formatShape(offsets.shape)}`);
    const values = offsets.dataSync();
    const n = values.length;
    if (n > 0 && values[0] !== 0) {
      throw new ValueError(op, `offsets[0] must be 0 (the first bag starts at the first entry), found ${values[0]}`);
    }
    for (let i = 0; i < n; i++) {
      const v = values[i] as number;
      if (v > total || (i > 0 && v < (values[i - 1] as number))) {
        throw new ValueError(op, `offsets must be non-decreasing and at most the input length ${total}, found [${Array.from(values).join(',')}]`);
      }
    }
    const b = this.includeLastOffset ? Math.max(0, n - 1) : n;
    const starts = new Int32Array(b);
    const ends = new Int32Array(b);
    for (let k = 0; k < b; k++) {
      starts[k] = values[k] as number;
      ends[k] = k + 1 < n ? (values[k + 1] as number) : total;
    }
    return { starts, ends };
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}, mode=${this.mode}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
