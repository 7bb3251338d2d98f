/**
 * BERT's encoder (Hugging Face `BertIntermediate`, `BertOutput`, `BertLayer`, `BertEncoder`).
 *
 * Naming: sub-modules use Hugging Face's names (`attention`, `intermediate`, `output`, `dense`, `LayerNorm`,
 * `layer`), because state-dict keys are property names and must equal theirs.
 */
import { Dropout, LayerNorm, Linear, Module, ModuleList } from '../../nn/index.js';
import { add } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { BERT_ACTIVATIONS, type ResolvedBertConfig } from './bert-config.js';
import { BertAttention } from './bert-attention.js';

/**
 * The feed-forward expansion: act(dense(x)), act = hiddenAct.
 * Shapes: [B, L, hiddenSize] → [B, L, intermediateSize].
 * @example new tn.models.bert.BertIntermediate(config).forward(x)
 */
export class BertIntermediate extends Module {
  /** hiddenSize → intermediateSize. */
  dense: Linear;
  /** The activation function. */
  readonly activation: (x: Tensor) => Tensor;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.intermediateSize);
    this.activation = BERT_ACTIVATIONS[config.hiddenAct];
  }

  /** [B, L, H] → [B, L, intermediateSize]. */
  forward(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => this.activation(this.dense.forward(x)));
  }
}

/**
 * The feed-forward projection back, with its residual: LayerNorm(dropout(dense(h)) + input).
 * Shapes: h [B, L, intermediateSize], input [B, L, H] → [B, L, H].
 * @example new tn.models.bert.BertOutput(config).forward(intermediate, attentionOutput)
 */
export class BertOutput extends Module {
  /** intermediateSize → hiddenSize. */
  dense: Linear;
  /** Normalisation after the residual sum. */
  LayerNorm: LayerNorm;
  /** Dropout (hiddenDropoutProb). */
  dropout: Dropout;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.dense = new Linear(config.intermediateSize, config.hiddenSize);
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.dropout = new Dropout(config.hiddenDropoutProb);
  }

  /** [B, L, intermediateSize] and the residual [B, L, H] → [B, L, H]. */
  forward(hidden: Tensor, input: Tensor): Tensor {
    return scoped([hidden, input, ...this.parameters()], () =>
      this.LayerNorm.forward(add(this.dropout.forward(this.dense.forward(hidden)), input)));
  }
}

/**
 * One post-LN Transformer layer: a = attention(x, mask); y = output(intermediate(a), a).
 * Shapes: [B, L, H] → [B, L, H].
 * @example new tn.models.bert.BertLayer(config).forward(hidden, extendedMask)
 */
export class BertLayer extends Module {
  /** Self-attention with its residual block. */
  attention: BertAttention;
  /** Feed-forward expansion. */
  intermediate: BertIntermediate;
  /** Feed-forward projection with its residual block. */
  output: BertOutput;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.attention = new BertAttention(config);
    this.intermediate = new BertIntermediate(config);
    this.output = new BertOutput(config);
  }

  /** [B, L, H] and an additive mask (or null) → [B, L, H]. */
  forward(hidden: Tensor, mask: Tensor | null): Tensor {
    return scoped([hidden, mask, ...this.parameters()], () => {
      const attended = this.attention.forward(hidden, mask);
      return this.output.forward(this.intermediate.forward(attended), attended);
    });
  }
}

/**
 * numHiddenLayers BertLayers in sequence (keys `layer.0.…`, `layer.1.…`).
 * Shapes: [B, L, H] → [B, L, H].
 * @example new tn.models.bert.BertEncoder(config).forward(embedded, extendedMask)
 */
export class BertEncoder extends Module {
  /** The layers. */
  layer: ModuleList;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.layer = new ModuleList(Array.from({ length: config.numHiddenLayers }, () => new BertLayer(config)));
  }

  /** [B, L, H] and an additive mask (or null) → [B, L, H]. */
  forward(hidden: Tensor, mask: Tensor | null): Tensor {
    return scoped([hidden, mask, ...this.parameters()], () => {
      let h = hidden;
      for (const layer of this.layer) h = (layer as BertLayer).forward(h, mask);
      return h;
    });
  }
}
