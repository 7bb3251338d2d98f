/** Embedding: a lookup table of vectors indexed by integers. */
import { DTypeError, formatShape, ShapeError, ValueError } from '../../core/index.js';
import { arange, noGrad, zeros, type Tensor } from '../../tensor/index.js';
import { embedding, eq, unsqueeze, where } from '../../ops/index.js';
import { empty, adoptParameter } from '../tensor-factory.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { normal_ } from '../init.js';

/** Options of Embedding. */
export interface EmbeddingOptions {
  /** A row that is looked up but never trained (its gradient is zero) and initialised to zeros; negative counts from the end. */
  readonly paddingIdx?: number | null;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
  /** Use these values [numEmbeddings, embeddingDim] (shared, not copied) instead of drawing N(0, 1) (PyTorch `_weight`). */
  readonly weight?: Tensor;
}

/** Options of `Embedding.fromPretrained`. */
export interface FromPretrainedOptions {
  /** Keep the table fixed (`requiresGrad = false`; default true). */
  readonly freeze?: boolean;
  /** A row whose gradient is zero (it is not zeroed); negative counts from the end. */
  readonly paddingIdx?: number | null;
}

/** `paddingIdx` made non-negative and checked against the table size (as PyTorch). */
export function resolvePaddingIdx(paddingIdx: number | null | undefined, numEmbeddings: number, op: string): number | null {
  if (paddingIdx === undefined || paddingIdx === null) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings) {
    throw new ValueError(op, `paddingIdx must be an integer in [-${numEmbeddings}, ${numEmbeddings}), found ${paddingIdx}`);
  }
  return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
}

/** A weight table for Embedding/EmbeddingBag: the given values, or N(0, 1) with the padding row zeroed. */
export function embeddingTable(
  numEmbeddings: number, embeddingDim: number, paddingIdx: number | null, options: { dtype?: 'float32' | 'float64'; weight?: Tensor }, op: string,
): Parameter {
  for (const [name, v] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ValueError(op, `${name} must be a positive integer, found ${v}`);
  }
  if (options.weight !== undefined) {
    const w = options.weight;
    if (w.ndim !== 2 || w.shape[0] !== numEmbeddings || w.shape[1] !== embeddingDim) {
      throw new ShapeError(op, `weight must have shape [${numEmbeddings},${embeddingDim}], found ${formatShape(w.shape)}`);
    }
    if (w.dtype !== 'float32' && w.dtype !== 'float64') throw new DTypeError(op, `weight must be float32 or float64, found ${w.dtype}`);
    return new Parameter(w);
  }
  const table = adoptParameter(empty([numEmbeddings, embeddingDim], options.dtype ?? 'float32'));
  normal_(table, 0, 1);
  if (paddingIdx !== null) {
    noGrad(() => {
      const isPadding = unsqueeze(eq(arange(numEmbeddings, undefined, 1, { dtype: 'int32' }), paddingIdx), 1);
      table.assign(where(isPadding, zeros([1, embeddingDim], { dtype: table.dtype }), table));
    });
  }
  return table;
}

/**
 * A lookup table (PyTorch `nn.Embedding`): out[..., :] = weight[input[...], :]. The table is
 * initialised N(0, 1), the `paddingIdx` row to zeros; that row never receives a gradient.
 * @example new tn.nn.Embedding(10000, 64).forward(tokens) // int32 [B, T] → [B, T, 64]
 */
export class Embedding extends Module {
  /** The table [numEmbeddings, embeddingDim]. */
  weight: Parameter;
  /** The non-negative padding row, or null. */
  readonly paddingIdx: number | null;

  /**
   * @param numEmbeddings - number of rows (vocabulary size)
   * @param embeddingDim - size of each vector
   */
  constructor(readonly numEmbeddings: number, readonly embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    this.paddingIdx = resolvePaddingIdx(options.paddingIdx, numEmbeddings, 'Embedding');
    this.weight = embeddingTable(numEmbeddings, embeddingDim, this.paddingIdx, options, 'Embedding');
  }

  /**
   * An Embedding holding `weights` [numEmbeddings, embeddingDim] (shared, not copied), frozen by default.
   * @example tn.nn.Embedding.fromPretrained(gloveVectors, {freeze: false})
   */
  static fromPretrained(weights: Tensor, options: FromPretrainedOptions = {}): Embedding {
    if (weights.ndim !== 2) throw new ShapeError('Embedding.fromPretrained', `weights must be 2-D [numEmbeddings, embeddingDim], found ${formatShape(weights.shape)}`);
    const [n, d] = weights.shape as [number, number];
    const layer = new Embedding(n, d, { paddingIdx: options.paddingIdx ?? null, weight: weights.detach() });
    layer.weight.requiresGrad = !(options.freeze ?? true);
    return layer;
  }

  /** int32 indices of any shape [*] → [*, embeddingDim]. */
  forward(input: Tensor): Tensor {
    return embedding(input, this.weight, this.paddingIdx ?? undefined);
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
