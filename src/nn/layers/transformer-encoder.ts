/** TransformerEncoder: a stack of identical encoder layers with an optional final normalisation. */
import { ValueError } from '../../core/index.js';
import { noGrad, type Tensor, scoped } from '../../tensor/index.js';
import { clone } from '../../ops/index.js';
import { Module } from '../module.js';
import { ModuleList, type TensorToTensor } from '../containers.js';
import { TransformerEncoderLayer } from './transformer-encoder-layer.js';

/** Constructor options of TransformerEncoder. */
export interface TransformerEncoderOptions {
  /** Applied to the last layer's output (e.g. a LayerNorm for pre-LN stacks); state-dict prefix `norm.`. */
  readonly norm?: TensorToTensor | null;
}

/** Options of the encoder's forward pass (PyTorch's `mask` and `src_key_padding_mask`). */
export interface TransformerEncoderForwardOptions {
  /** Attention mask [L, L] or [N·nhead, L, L]: bool (true = may not attend) or float (added). */
  readonly mask?: Tensor | null;
  /** [N, L] (unbatched [L]): bool with true = padding (ignored as a key), or float (added). */
  readonly srcKeyPaddingMask?: Tensor | null;
}

/**
 * `numLayers` encoder layers applied in turn, then `norm` (PyTorch `nn.TransformerEncoder`).
 * As torch's `_get_clones`, every layer starts as a copy of `encoderLayer`: fresh layers with its
 * configuration receive its weights (and its trainability and mode), so they are independent afterwards;
 * `encoderLayer` itself is not part of the stack. State-dict keys: `layers.0.self_attn.in_proj_weight` …, `norm.weight`.
 *
 * Unlike torch 1.13 under `no_grad` in eval mode (its nested-tensor fast path), outputs at padded positions
 * are computed as on the ordinary path, not set to zero.
 * @example
 * const layer = new tn.nn.TransformerEncoderLayer(32, 4, {dimFeedforward: 64});
 * const encoder = new tn.nn.TransformerEncoder(layer, 3, {norm: new tn.nn.LayerNorm(32)});
 * const y = encoder.forward(src, {srcKeyPaddingMask}); // [L, N, 32] → [L, N, 32]
 */
export class TransformerEncoder extends Module {
  /** The stacked layers. */
  layers: ModuleList;
  /** The final normalisation, or null. */
  norm: TensorToTensor | null;

  /**
   * @param encoderLayer - the layer to copy
   * @param numLayers - how many copies to stack
   */
  constructor(encoderLayer: TransformerEncoderLayer, readonly numLayers: number, options: TransformerEncoderOptions = {}) {
    super();
    if (!(encoderLayer instanceof TransformerEncoderLayer)) throw new ValueError('TransformerEncoder', 'encoderLayer must be a TransformerEncoderLayer');
    if (!Number.isInteger(numLayers) || numLayers <= 0) throw new ValueError('TransformerEncoder', `numLayers must be a positive integer, found ${numLayers}`);
    this.layers = new ModuleList(Array.from({ length: numLayers }, () => copyLayer(encoderLayer)));
    this.norm = options.norm ?? null;
  }

  /** The layer at `index`. */
  layer(index: number): TransformerEncoderLayer {
    return this.layers.at(index) as TransformerEncoderLayer;
  }

  /**
   * Encode `src` through every layer, then `norm`.
   * @throws ShapeError on a wrong src or mask shape
   */
  forward(src: Tensor, options: TransformerEncoderForwardOptions = {}): Tensor {
    return scoped([src, ...this.parameters()], () => {
      let x = src;
      for (const layer of this.layers) {
        x = (layer as TransformerEncoderLayer).forward(x, { srcMask: options.mask ?? null, srcKeyPaddingMask: options.srcKeyPaddingMask ?? null });
      }
      return this.norm === null ? x : this.norm.forward(x);
    });
  }
}

/** A new layer with `layer`'s configuration, weights, trainability and mode (torch's deepcopy). */
function copyLayer(layer: TransformerEncoderLayer): TransformerEncoderLayer {
  const copy = new TransformerEncoderLayer(layer.dModel, layer.nhead, layer.config);
  // own copies of the values, so that no storage is shared with `layer`
  const values = noGrad(() => Object.fromEntries(Object.entries(layer.stateDict()).map(([k, v]) => [k, clone(v)])));
  copy.loadStateDict(values);
  const source = new Map(layer.namedParameters());
  for (const [name, p] of copy.namedParameters()) p.requiresGrad = source.get(name)?.requiresGrad ?? true;
  const modes = new Map(layer.namedModules());
  for (const [name, m] of copy.namedModules()) m.training = modes.get(name)?.training ?? layer.training;
  return copy;
}
