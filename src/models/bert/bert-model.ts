/**
 * BertModel with Hugging Face's module tree, so its state dict has `transformers` BertModel keys
 * (`embeddings.word_embeddings.weight`, `encoder.layer.0.attention.self.query.weight`,
 * `encoder.layer.0.output.LayerNorm.bias`, `pooler.dense.weight` …) and PyTorch weights load unchanged.
 */
import { ValueError } from '../../core/index.js';
import { Embedding, LayerNorm, Linear, Module, init, type LoadOptions, type LoadResult } from '../../nn/index.js';
import { eq, reshape, slice, tanh, unsqueeze, where } from '../../ops/index.js';
import { arange, noGrad, scoped, tidy, zeros, type Tensor } from '../../tensor/index.js';
import { registerModel, type Configurable, type ModelConfig } from '../registry.js';
import { encoderFields, resolveBertConfig, type BertConfig, type ResolvedBertConfig } from './bert-config.js';
import { BertEmbeddings } from './bert-embeddings.js';
import { checkBertInputs, extendedAttentionMask, type BertForwardOptions } from './bert-inputs.js';
import { BertEncoder } from './bert-layer.js';
import { loadBertStateDict } from './bert-state-dict.js';

/**
 * The pooler: tanh(dense(h[:, 0])), the first ([CLS]) token's final state through a Linear layer.
 * Shapes: [B, L, H] → [B, H].
 * @example new tn.models.bert.BertPooler(config).forward(lastHiddenState) // [B, H]
 */
export class BertPooler extends Module {
  /** H → H. */
  dense: Linear;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
  }

  /** [B, L, H] → [B, H]. */
  forward(hidden: Tensor): Tensor {
    return scoped([hidden, ...this.parameters()], () => {
      const [b, , h] = hidden.shape as [number, number, number];
      return tanh(this.dense.forward(reshape(slice(hidden, 1, 0, 1), [b, h])));
    });
  }
}

/**
 * Hugging Face's BERT initialisation (`BertPreTrainedModel._init_weights`) of every sub-module: Linear weights and
 * Embedding tables ~ N(0, initializerRange²), Linear biases 0, an Embedding's padding row 0, LayerNorm 1 and 0.
 * @param module - the model (or any module)
 * @param initializerRange - the standard deviation σ
 * @example tn.models.bert.initBertWeights(model.classifier, 0.02) // re-draw a new head
 */
export function initBertWeights(module: Module, initializerRange: number): void {
  for (const m of module.modules()) {
    if (m instanceof Linear) {
      init.normal_(m.weight, 0, initializerRange);
      if (m.bias !== null) init.zeros_(m.bias);
    } else if (m instanceof Embedding) {
      init.normal_(m.weight, 0, initializerRange);
      const pad = m.paddingIdx;
      if (pad !== null) {
        noGrad(() => tidy(() => {
          const isPad = unsqueeze(eq(arange(0, m.numEmbeddings, 1, { dtype: 'int32' }), pad), 1);
          m.weight.assign(where(isPad, 0, m.weight));
        }));
      }
    } else if (m instanceof LayerNorm && m.weight !== null && m.bias !== null) {
      init.ones_(m.weight);
      init.zeros_(m.bias);
    }
  }
}

/** Options of {@link BertModel}: a {@link BertConfig} and whether to build the pooler. */
export interface BertModelOptions extends BertConfig {
  /** Build `pooler` (default true, as Hugging Face's `add_pooling_layer`). */
  readonly addPoolingLayer?: boolean;
}

/** What {@link BertModel.forward} returns. */
export interface BertModelOutput {
  /** The last layer's hidden states [B, L, H]. */
  readonly lastHiddenState: Tensor;
  /** tanh(dense(first token)) [B, H], or null without a pooler. */
  readonly poolerOutput: Tensor | null;
}

/**
 * BERT's encoder (Devlin et al. 2019) as Hugging Face `transformers` builds it: embeddings (word + segment +
 * position, LayerNorm, dropout) → numHiddenLayers post-LN Transformer layers → optional pooler. Attention masks follow
 * Hugging Face: 1 = attend, 0 = padding, a masked key's score gets finfo(float32).min added. Initialised as
 * Hugging Face (N(0, initializerRange²)).
 *
 * `loadStateDict` takes Hugging Face BertModel state dicts as they are (the `embeddings.position_ids` buffer that
 * transformers < 4.31 saves is checked and dropped). A checkpoint of a model with a head (`bert.` prefix, e.g.
 * `bert-base-uncased`'s BertForPreTraining) loads with `{mapKey: [['bert.**', '$1'], ['cls.**', null]]}`.
 * @example
 * const model = new tn.models.BertModel(tn.models.bert.bertConfigFromHuggingFace(configJson));
 * model.loadStateDict(await tn.io.loadSafetensors('model.safetensors'), {strict: true});
 * const {lastHiddenState, poolerOutput} = model.eval().forward(ids, {attentionMask, tokenTypeIds}); // [B, L, H], [B, H]
 */
export class BertModel extends Module implements Configurable {
  /** The rebuildable config (`name: 'bert'`). */
  readonly config: ModelConfig;
  /** Every field of the config, defaults filled in. */
  readonly bertConfig: ResolvedBertConfig;
  /** The input layer. */
  embeddings: BertEmbeddings;
  /** The Transformer layers. */
  encoder: BertEncoder;
  /** The pooler, or null (`addPoolingLayer: false`). */
  pooler: BertPooler | null;

  /** @param options - a {@link BertConfig} (defaults: bert-base-uncased) and addPoolingLayer */
  constructor(options: BertModelOptions = {}) {
    super();
    const op = 'BertModel';
    const c = resolveBertConfig(options, op, ['name', 'addPoolingLayer']);
    const addPoolingLayer = options.addPoolingLayer ?? true;
    if (typeof addPoolingLayer !== 'boolean') throw new ValueError(op, `addPoolingLayer must be true or false, found ${String(addPoolingLayer)}`);
    this.bertConfig = c;
    this.embeddings = new BertEmbeddings(c);
    this.encoder = new BertEncoder(c);
    this.pooler = addPoolingLayer ? new BertPooler(c) : null;
    initBertWeights(this, c.initializerRange);
    this.config = { name: 'bert', ...encoderFields(c), addPoolingLayer };
  }

  /**
   * Encode a batch of token ids.
   * @param inputIds - int32 [B, L], L ≤ maxPositionEmbeddings
   * @param options - attentionMask [B, L] (1 attend, 0 padding), tokenTypeIds int32 [B, L]
   * @returns lastHiddenState [B, L, H] and poolerOutput [B, H] (null without a pooler)
   * @throws DTypeError / ShapeError / ValueError on inputs that do not fit (see `checkBertInputs`)
   */
  forward(inputIds: Tensor, options: BertForwardOptions = {}): BertModelOutput {
    checkBertInputs('BertModel', this.bertConfig, inputIds, options);
    return scoped([inputIds, options.attentionMask, options.tokenTypeIds, ...this.parameters()], () => {
      const types = options.tokenTypeIds ?? zeros(inputIds.shape, { dtype: 'int32' });
      const mask = options.attentionMask == null ? null : extendedAttentionMask(options.attentionMask);
      const lastHiddenState = this.encoder.forward(this.embeddings.forward(inputIds, types), mask);
      return { lastHiddenState, poolerOutput: this.pooler === null ? null : this.pooler.forward(lastHiddenState) };
    });
  }

  /**
   * `Module.loadStateDict`, also accepting Hugging Face's `embeddings.position_ids` / `embeddings.token_type_ids`
   * buffers (checked, then dropped).
   * @throws as `Module.loadStateDict`; ValueError when a buffer is not 0, 1, 2, … (positions) or zeros (types)
   */
  override loadStateDict(stateDict: Readonly<Record<string, Tensor>>, options: LoadOptions = {}): LoadResult {
    const layout = { prefix: '', maxPositionEmbeddings: this.bertConfig.maxPositionEmbeddings, tied: [] };
    return loadBertStateDict(stateDict, options, layout, 'BertModel.loadStateDict', (sd, o) => super.loadStateDict(sd, o));
  }
}

registerModel('bert', (c) => new BertModel(c as BertModelOptions));
