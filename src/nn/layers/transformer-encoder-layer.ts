/**
 * TransformerEncoderLayer: self-attention and a feed-forward block, each with a residual connection
 * and layer normalisation (PyTorch 1.13 `nn.TransformerEncoderLayer`).
 *
 * Naming: tasknet properties are normally camelCase, but the sub-modules here use PyTorch's names
 * (`self_attn`, `linear1`, `dropout`, `linear2`, `norm1`, `norm2`, `dropout1`, `dropout2`) because
 * state-dict keys are property names, and they must equal torch's for PyTorch weights to load.
 */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { add, gelu, relu } from '../../ops/index.js';
import { Module } from '../module.js';
import { Dropout } from './basic.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { MultiheadAttention } from './multihead-attention.js';
import { scoped } from '../../tensor/index.js';

/** The feed-forward activation: a name or a function of one tensor. */
export type TransformerActivation = 'relu' | 'gelu' | ((x: Tensor) => Tensor);

/** Constructor options of TransformerEncoderLayer (PyTorch's keyword arguments). */
export interface TransformerEncoderLayerOptions {
  /** Hidden features of the feed-forward block (default 2048). */
  readonly dimFeedforward?: number;
  /** Dropout probability everywhere (attention weights, feed-forward, residual branches; default 0.1). */
  readonly dropout?: number;
  /** Feed-forward activation (default `'relu'`). */
  readonly activation?: TransformerActivation;
  /** ε of both layer norms (default 1e-5). */
  readonly layerNormEps?: number;
  /** Input and output are [N, L, E] instead of [L, N, E] (default false). */
  readonly batchFirst?: boolean;
  /** Normalise before each block (pre-LN) instead of after the residual sum (default false). */
  readonly normFirst?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/** Options of an encoder layer's forward pass. */
export interface TransformerEncoderLayerForwardOptions {
  /** Attention mask [L, L] or [N·nhead, L, L]: bool (true = may not attend) or float (added). */
  readonly srcMask?: Tensor | null;
  /** [N, L] (unbatched [L]): bool with true = padding (ignored as a key), or float (added). */
  readonly srcKeyPaddingMask?: Tensor | null;
}

/**
 * One Transformer encoder layer (PyTorch `nn.TransformerEncoderLayer`). Post-LN (default):
 * x = norm1(x + SA(x)), x = norm2(x + FF(x)); with `normFirst`: x = x + SA(norm1(x)), x = x + FF(norm2(x)),
 * where SA is dropout1(self_attn(x, x, x)) and FF(x) = dropout2(linear2(dropout(act(linear1(x))))).
 *
 * Shapes: src [L, N, dModel] ([N, L, dModel] with `batchFirst`, or unbatched [L, dModel]) → the same.
 * @example
 * const layer = new tn.nn.TransformerEncoderLayer(32, 4, {dimFeedforward: 64, batchFirst: true});
 * const y = layer.forward(x, {srcKeyPaddingMask}); // x [2, 7, 32] → [2, 7, 32]
 */
export class TransformerEncoderLayer extends Module {
  /** Multi-head self-attention. */
  self_attn: MultiheadAttention;
  /** Feed-forward expansion dModel → dimFeedforward. */
  linear1: Linear;
  /** Dropout inside the feed-forward block. */
  dropout: Dropout;
  /** Feed-forward projection dimFeedforward → dModel. */
  linear2: Linear;
  /** Normalisation around the attention block. */
  norm1: LayerNorm;
  /** Normalisation around the feed-forward block. */
  norm2: LayerNorm;
  /** Dropout on the attention branch. */
  dropout1: Dropout;
  /** Dropout on the feed-forward branch. */
  dropout2: Dropout;
  /** The resolved options, for copies (TransformerEncoder clones layers with them). */
  readonly config: Required<Omit<TransformerEncoderLayerOptions, 'dtype'>> & { readonly dtype: 'float32' | 'float64' };

  /**
   * @param dModel - model features
   * @param nhead - attention heads; must divide dModel
   */
  constructor(readonly dModel: number, readonly nhead: number, options: TransformerEncoderLayerOptions = {}) {
    super();
    const activation = options.activation ?? 'relu';
    if (activation !== 'relu' && activation !== 'gelu' && typeof activation !== 'function') {
      throw new ValueError('TransformerEncoderLayer', `activation must be 'relu', 'gelu' or a function, found '${String(activation)}'`);
    }
    this.config = {
      dimFeedforward: options.dimFeedforward ?? 2048,
      dropout: options.dropout ?? 0.1,
      activation,
      layerNormEps: options.layerNormEps ?? 1e-5,
      batchFirst: options.batchFirst ?? false,
      normFirst: options.normFirst ?? false,
      dtype: options.dtype ?? 'float32',
    };
    const { dimFeedforward, dropout, layerNormEps, batchFirst, dtype } = this.config;
    this.self_attn = new MultiheadAttention(dModel, nhead, { dropout, batchFirst, dtype });
    this.linear1 = new Linear(dModel, dimFeedforward, { dtype });
    this.dropout = new Dropout(dropout);
    this.linear2 = new Linear(dimFeedforward, dModel, { dtype });
    this.norm1 = new LayerNorm(dModel, { eps: layerNormEps, dtype });
    this.norm2 = new LayerNorm(dModel, { eps: layerNormEps, dtype });
    this.dropout1 = new Dropout(dropout);
    this.dropout2 = new Dropout(dropout);
  }

  /** Whether the layer normalises before each block. */
  get normFirst(): boolean {
    return this.config.normFirst;
  }

  /** Whether input and output are batch-first. */
  get batchFirst(): boolean {
    return this.config.batchFirst;
  }

  /**
   * Encode `src`.
   * @throws ShapeError on a wrong src or mask shape
   */
  forward(src: Tensor, options: TransformerEncoderLayerForwardOptions = {}): Tensor {
    return scoped([src, ...this.parameters()], () => {
      let x = src;
      if (this.config.normFirst) {
        x = add(x, this.selfAttentionBlock(this.norm1.forward(x), options));
        x = add(x, this.feedForwardBlock(this.norm2.forward(x)));
      } else {
        x = this.norm1.forward(add(x, this.selfAttentionBlock(x, options)));
        x = this.norm2.forward(add(x, this.feedForwardBlock(x)));
      }
      return x;
    });
  }

  private selfAttentionBlock(x: Tensor, options: TransformerEncoderLayerForwardOptions): Tensor {
    const [y] = this.self_attn.forward(x, x, x, {
      attnMask: options.srcMask ?? null, keyPaddingMask: options.srcKeyPaddingMask ?? null, needWeights: false,
    });
    return this.dropout1.forward(y);
  }

  private feedForwardBlock(x: Tensor): Tensor {
    const activation = this.config.activation;
    const h = this.linear1.forward(x);
    const a = activation === 'relu' ? relu(h) : activation === 'gelu' ? gelu(h) : activation(h);
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(a)));
  }
}
