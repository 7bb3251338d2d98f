/**
 * BERT's attention block (Hugging Face `BertSelfAttention`, `BertSelfOutput`, `BertAttention`).
 *
 * Naming: sub-modules use Hugging Face's names (`self`, `output`, `query`, `key`, `value`, `dense`, `LayerNorm`),
 * because state-dict keys are property names and must equal theirs. `nn.MultiheadAttention` packs the three
 * projections into one `in_proj_weight`, so its keys cannot be BERT's; this is the same computation with separate
 * `query`/`key`/`value` Linear layers.
 */
import { Dropout, LayerNorm, Linear, Module } from '../../nn/index.js';
import { add, div, matmul, permute, reshape, softmax } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import type { ResolvedBertConfig } from './bert-config.js';

/**
 * Multi-head self-attention: per head h, softmax(Q_h K_hᵀ / √d + mask) V_h with Q = x·W_qᵀ + b_q (likewise K, V),
 * d = hiddenSize / numAttentionHeads; heads concatenated. Dropout (attentionProbsDropoutProb) on the probabilities.
 * Shapes: hidden [B, L, H], additive mask [B, 1, 1, L] (or null) → context [B, L, H].
 * @example const context = new tn.models.bert.BertSelfAttention(config).forward(hidden, extendedMask);
 */
export class BertSelfAttention extends Module {
  /** Query projection H → H. */
  query: Linear;
  /** Key projection H → H. */
  key: Linear;
  /** Value projection H → H. */
  value: Linear;
  /** Dropout on the attention probabilities. */
  dropout: Dropout;
  /** Heads. */
  readonly numAttentionHeads: number;
  /** Features per head d. */
  readonly attentionHeadSize: number;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.numAttentionHeads = config.numAttentionHeads;
    this.attentionHeadSize = config.hiddenSize / config.numAttentionHeads;
    this.query = new Linear(config.hiddenSize, config.hiddenSize);
    this.key = new Linear(config.hiddenSize, config.hiddenSize);
    this.value = new Linear(config.hiddenSize, config.hiddenSize);
    this.dropout = new Dropout(config.attentionProbsDropoutProb);
  }

  /** [B, L, H] and an additive mask broadcastable to [B, heads, L, L] (or null) → [B, L, H]. */
  forward(hidden: Tensor, mask: Tensor | null): Tensor {
    return scoped([hidden, mask, ...this.parameters()], () => {
      const [b, l, h] = hidden.shape as [number, number, number];
      const heads = this.numAttentionHeads;
      const d = this.attentionHeadSize;
      const q = permute(reshape(this.query.forward(hidden), [b, l, heads, d]), [0, 2, 1, 3]); // [B, heads, L, d]
      const kT = permute(reshape(this.key.forward(hidden), [b, l, heads, d]), [0, 2, 3, 1]); // [B, heads, d, L]
      const v = permute(reshape(this.value.forward(hidden), [b, l, heads, d]), [0, 2, 1, 3]); // [B, heads, L, d]
      let scores = div(matmul(q, kT), Math.sqrt(d));
      if (mask !== null) scores = add(scores, mask);
      const probs = this.dropout.forward(softmax(scores, -1));
      return reshape(permute(matmul(probs, v), [0, 2, 1, 3]), [b, l, h]);
    });
  }
}

/**
 * The attention block's output: LayerNorm(dropout(dense(context)) + input) (post-LN residual).
 * Shapes: context, input [B, L, H] → [B, L, H].
 * @example const y = new tn.models.bert.BertSelfOutput(config).forward(context, hidden);
 */
export class BertSelfOutput extends Module {
  /** Output projection H → H. */
  dense: Linear;
  /** Normalisation after the residual sum. */
  LayerNorm: LayerNorm;
  /** Dropout (hiddenDropoutProb) on the projection. */
  dropout: Dropout;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
  }

  /** [B, L, H] context and the block's input [B, L, H] → [B, L, H]. */
  forward(hidden: Tensor, input: Tensor): Tensor {
    return scoped([hidden, input, ...this.parameters()], () =>
      this.LayerNorm.forward(add(this.dropout.forward(this.dense.forward(hidden)), input)));
  }
}

/**
 * Self-attention with its output block: `output.forward(self.forward(x, mask), x)`.
 * Shapes: [B, L, H] → [B, L, H].
 * @example const y = new tn.models.bert.BertAttention(config).forward(hidden, extendedMask);
 */
export class BertAttention extends Module {
  /** The attention itself (key prefix `attention.self.`). */
  self: BertSelfAttention;
  /** Projection, dropout, residual and LayerNorm (key prefix `attention.output.`). */
  output: BertSelfOutput;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.self = new BertSelfAttention(config);
    this.output = new BertSelfOutput(config);
  }

  /** [B, L, H] and an additive mask (or null) → [B, L, H]. */
  forward(hidden: Tensor, mask: Tensor | null): Tensor {
    return scoped([hidden, mask, ...this.parameters()], () => this.output.forward(this.self.forward(hidden, mask), hidden));
  }
}
