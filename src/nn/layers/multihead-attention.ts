/**
 * MultiheadAttention: scaled dot-product attention over several heads (PyTorch 1.13 `nn.MultiheadAttention`).
 *
 * Naming: tasknet properties are normally camelCase, but the parameters and sub-module here use
 * PyTorch's snake_case names (`in_proj_weight`, `in_proj_bias`, `q_proj_weight`, `out_proj` ...)
 * because state-dict keys are property names, and they must equal torch's for PyTorch weights to load.
 */
import { DTypeError, formatShape, isFloatDType, ShapeError, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import {
  add, div, dropout as applyDropout, linear, matmul, permute, reshape, slice, softmax, squeeze, sum, transpose, unsqueeze, where,
} from '../../ops/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { constant_, xavierUniform_ } from '../init.js';
import { empty, adoptParameter } from '../tensor-factory.js';
import { Linear } from './linear.js';
import { scoped } from '../../tensor/index.js';

/** Constructor options of MultiheadAttention (PyTorch's keyword arguments). */
export interface MultiheadAttentionOptions {
  /** Dropout probability on the attention weights while training (default 0). */
  readonly dropout?: number;
  /** Learn the input and output projection biases (default true). */
  readonly bias?: boolean;
  /** Inputs and output are [N, L, E] instead of [L, N, E] (default false). */
  readonly batchFirst?: boolean;
  /** Features of the keys (default embedDim); when kdim or vdim differ from embedDim, q/k/v get separate weights. */
  readonly kdim?: number;
  /** Features of the values (default embedDim). */
  readonly vdim?: number;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/** Options of a MultiheadAttention forward pass. */
export interface AttentionForwardOptions {
  /** [N, S] (unbatched [S]): bool with true = ignore that key, or float added to the scores. */
  readonly keyPaddingMask?: Tensor | null;
  /** [L, S] or [N·numHeads, L, S]: bool with true = may not attend, or float added to the scores. */
  readonly attnMask?: Tensor | null;
  /** Also return the attention weights (default true). */
  readonly needWeights?: boolean;
  /** Average the returned weights over the heads (default true): [N, L, S], else [N, numHeads, L, S]. */
  readonly averageAttnWeights?: boolean;
}

/**
 * Multi-head attention (PyTorch `nn.MultiheadAttention`):
 * headᵢ = softmax(QᵢKᵢᵀ/√d + mask)·Vᵢ with Q = query·W_qᵀ + b_q (likewise K, V) split into numHeads
 * heads of d = embedDim/numHeads features, output = concat(heads)·W_oᵀ + b_o.
 * Parameters as torch: `in_proj_weight` [3E, E] (or `q_proj_weight` [E, E], `k_proj_weight` [E, kdim],
 * `v_proj_weight` [E, vdim] when kdim/vdim ≠ E), `in_proj_bias` [3E], `out_proj.weight`, `out_proj.bias`;
 * projections start Xavier-uniform and the biases at zero.
 *
 * Shapes: query [L, N, E], key [S, N, kdim], value [S, N, vdim] ([N, L, E] … with `batchFirst`;
 * unbatched [L, E], [S, kdim], [S, vdim]); output like query; weights [N, L, S] (averaged) or
 * [N, numHeads, L, S] (unbatched [L, S] / [numHeads, L, S]).
 * @example
 * const mha = new tn.nn.MultiheadAttention(16, 4, {batchFirst: true});
 * const [out, weights] = mha.forward(x, x, x, {keyPaddingMask}); // x [2, 5, 16] → [2, 5, 16], [2, 5, 5]
 */
export class MultiheadAttention extends Module {
  /** Packed query/key/value projection [3E, E], or null when kdim/vdim differ from embedDim. */
  in_proj_weight: Parameter | null = null;
  /** Query projection [E, E] when the projections are separate, else null. */
  q_proj_weight: Parameter | null = null;
  /** Key projection [E, kdim] when the projections are separate, else null. */
  k_proj_weight: Parameter | null = null;
  /** Value projection [E, vdim] when the projections are separate, else null. */
  v_proj_weight: Parameter | null = null;
  /** Packed projection bias [3E], or null. */
  in_proj_bias: Parameter | null = null;
  /** Output projection E → E. */
  out_proj: Linear;
  /** Features of the keys. */
  readonly kdim: number;
  /** Features of the values. */
  readonly vdim: number;
  /** Features per head: embedDim / numHeads. */
  readonly headDim: number;
  /** Dropout probability on the attention weights. */
  readonly dropout: number;
  /** Whether inputs and output are batch-first. */
  readonly batchFirst: boolean;

  /**
   * @param embedDim - model features E (of the query and the output)
   * @param numHeads - parallel heads; must divide embedDim
   */
  constructor(readonly embedDim: number, readonly numHeads: number, options: MultiheadAttentionOptions = {}) {
    super();
    const op = 'MultiheadAttention';
    this.kdim = options.kdim ?? embedDim;
    this.vdim = options.vdim ?? embedDim;
    for (const [name, v] of [['embedDim', embedDim], ['numHeads', numHeads], ['kdim', this.kdim], ['vdim', this.vdim]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(op, `${name} must be a positive integer, found ${v}`);
    }
    if (embedDim % numHeads !== 0) throw new ValueError(op, `embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`);
    this.headDim = embedDim / numHeads;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(op, `dropout must be in [0, 1], found ${this.dropout}`);
    this.batchFirst = options.batchFirst ?? false;
    const dtype = options.dtype ?? 'float32';
    const bias = options.bias ?? true;
    if (this.sameEmbedDim) {
      this.in_proj_weight = xavierParameter([3 * embedDim, embedDim], dtype);
    } else {
      this.q_proj_weight = xavierParameter([embedDim, embedDim], dtype);
      this.k_proj_weight = xavierParameter([embedDim, this.kdim], dtype);
      this.v_proj_weight = xavierParameter([embedDim, this.vdim], dtype);
    }
    if (bias) this.in_proj_bias = adoptParameter(constant_(empty([3 * embedDim], dtype), 0));
    this.out_proj = new Linear(embedDim, embedDim, { bias, dtype });
    if (this.out_proj.bias !== null) constant_(this.out_proj.bias, 0);
  }

  /** True when keys and values have embedDim features, so one packed `in_proj_weight` is used. */
  get sameEmbedDim(): boolean {
    return this.kdim === this.embedDim && this.vdim === this.embedDim;
  }

  /**
   * Attend from `query` to `key`/`value`.
   * @returns [output, weights] (weights null when `needWeights` is false); in training mode the
   *   returned weights are those after dropout, as PyTorch's
   * @throws ShapeError on mismatched shapes, DTypeError on a mask of the wrong dtype
   */
  forward(query: Tensor, key: Tensor, value: Tensor, options: AttentionForwardOptions = {}): [Tensor, Tensor | null] {
    const keyPaddingMask = options.keyPaddingMask ?? null;
    const attnMask = options.attnMask ?? null;
    return scoped([query, key, value, ...this.parameters()], () => {
      const batched = this.checkInputs(query, key, value);
      // internally batch-first: [N, L, E], [N, S, kdim], [N, S, vdim]
      const toInternal = (t: Tensor): Tensor => (!batched ? unsqueeze(t, 0) : this.batchFirst ? t : transpose(t, 0, 1));
      const [q0, k0, v0] = [toInternal(query), toInternal(key), toInternal(value)];
      const [n, l] = q0.shape as [number, number];
      const s = k0.shape[1] as number;
      const heads = this.numHeads;
      const d = this.headDim;
      const e = this.embedDim;
      const [wq, wk, wv] = this.projectionWeights();
      const b = this.in_proj_bias;
      const bq = b === null ? undefined : slice(b, 0, 0, e);
      const bk = b === null ? undefined : slice(b, 0, e, 2 * e);
      const bv = b === null ? undefined : slice(b, 0, 2 * e, 3 * e);
      const q = permute(reshape(linear(q0, wq, bq), [n, l, heads, d]), [0, 2, 1, 3]); // [N, H, L, d]
      const kT = permute(reshape(linear(k0, wk, bk), [n, s, heads, d]), [0, 2, 3, 1]); // [N, H, d, S]
      const v = permute(reshape(linear(v0, wv, bv), [n, s, heads, d]), [0, 2, 1, 3]); // [N, H, S, d]
      let scores = matmul(div(q, Math.sqrt(d)), kT); // [N, H, L, S]
      if (attnMask !== null) scores = applyMask(scores, this.attnMaskAsScores(attnMask, n, l, s));
      if (keyPaddingMask !== null) {
        const expected = batched ? [n, s] : [s];
        checkMask(keyPaddingMask, expected, 'keyPaddingMask');
        scores = applyMask(scores, reshape(keyPaddingMask, [n, 1, 1, s]));
      }
      let weights = softmax(scores, -1);
      weights = applyDropout(weights, this.dropout, this.training);
      const context = reshape(permute(matmul(weights, v), [0, 2, 1, 3]), [n, l, e]); // [N, L, E]
      const projected = this.out_proj.forward(context);
      const output = !batched ? squeeze(projected, 0) : this.batchFirst ? projected : transpose(projected, 0, 1);
      if (!(options.needWeights ?? true)) return [output, null];
      let returned = (options.averageAttnWeights ?? true) ? div(sum(weights, 1), heads) : weights;
      if (!batched) returned = squeeze(returned, 0);
      return [output, returned];
    });
  }

  /** The query, key and value projection weights ([E, E], [E, kdim], [E, vdim]). */
  private projectionWeights(): [Tensor, Tensor, Tensor] {
    const e = this.embedDim;
    if (this.in_proj_weight !== null) {
      const w = this.in_proj_weight;
      return [slice(w, 0, 0, e), slice(w, 0, e, 2 * e), slice(w, 0, 2 * e, 3 * e)];
    }
    if (this.q_proj_weight === null || this.k_proj_weight === null || this.v_proj_weight === null) {
      throw new ValueError('MultiheadAttention', 'neither in_proj_weight nor q/k/v_proj_weight are set');
    }
    return [this.q_proj_weight, this.k_proj_weight, this.v_proj_weight];
  }

  /** Validate query/key/value; true when batched. */
  private checkInputs(query: Tensor, key: Tensor, value: Tensor): boolean {
    const op = 'MultiheadAttention';
    const layout = this.batchFirst ? '[N, L, E]' : '[L, N, E]';
    if (query.ndim !== 3 && query.ndim !== 2) {
      throw new ShapeError(op, `expected a batched query ${layout} or an unbatched query [L, E], found ${formatShape(query.shape)}`);
    }
    const batched = query.ndim === 3;
    if (key.ndim !== query.ndim || value.ndim !== query.ndim) {
      throw new ShapeError(op, `query, key and value must have the same number of dimensions, found query ${formatShape(query.shape)}, ` +
        `key ${formatShape(key.shape)}, value ${formatShape(value.shape)}`);
    }
    const features: [string, Tensor, number][] = [['query', query, this.embedDim], ['key', key, this.kdim], ['value', value, this.vdim]];
    for (const [name, t, dim] of features) {
      if (t.shape[t.ndim - 1] !== dim) throw new ShapeError(op, `${name} ${formatShape(t.shape)} must end in ${dim} features`);
    }
    const seq = batched && this.batchFirst ? 1 : 0;
    if (key.shape[seq] !== value.shape[seq]) {
      throw new ShapeError(op, `key ${formatShape(key.shape)} and value ${formatShape(value.shape)} must have the same sequence length`);
    }
    if (batched) {
      const batchDim = this.batchFirst ? 0 : 1;
      if (key.shape[batchDim] !== query.shape[batchDim] || value.shape[batchDim] !== query.shape[batchDim]) {
        throw new ShapeError(op, `query ${formatShape(query.shape)}, key ${formatShape(key.shape)} and value ${formatShape(value.shape)} ` +
          `must have the same batch size (dimension ${batchDim}, batchFirst ${this.batchFirst})`);
      }
    }
    return batched;
  }

  /** attnMask [L, S] or [N·H, L, S] as a mask broadcastable to the scores [N, H, L, S]. */
  private attnMaskAsScores(mask: Tensor, n: number, l: number, s: number): Tensor {
    if (mask.ndim === 2) {
      checkMask(mask, [l, s], 'attnMask');
      return mask;
    }
    checkMask(mask, [n * this.numHeads, l, s], 'attnMask');
    return reshape(mask, [n, this.numHeads, l, s]);
  }
}

function xavierParameter(shape: number[], dtype: 'float32' | 'float64'): Parameter {
  const p = adoptParameter(empty(shape, dtype));
  xavierUniform_(p);
  return p;
}

function checkMask(mask: Tensor, expected: readonly number[], name: string): void {
  const op = 'MultiheadAttention';
  if (mask.dtype !== 'bool' && !isFloatDType(mask.dtype)) throw new DTypeError(op, `${name} must be bool or floating point, found ${mask.dtype}`);
  if (mask.ndim !== expected.length || mask.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(op, `expected ${name} of shape ${formatShape(expected)}, found ${formatShape(mask.shape)}`);
  }
}

/** Bool masks set masked scores to −∞; float masks are added. */
function applyMask(scores: Tensor, mask: Tensor): Tensor {
  return mask.dtype === 'bool' ? where(mask, -Infinity, scores) : add(scores, mask);
}
