/**
 * BertForMaskedLM with Hugging Face's keys: `bert.*` (a BertModel without pooler) and `cls.predictions.*`
 * (`transform.dense`, `transform.LayerNorm`, `decoder.weight` tied to `bert.embeddings.word_embeddings.weight`,
 * `bias`, and `decoder.bias`, the same tensor as `bias`).
 *
 * Naming: sub-modules use Hugging Face's names (`bert`, `cls`, `predictions`, `transform`, `decoder`, `LayerNorm`).
 */
import { LayerNorm, Linear, Module, Parameter, type LoadOptions, type LoadResult } from '../../nn/index.js';
import { zeros, scoped, type Tensor } from '../../tensor/index.js';
import { registerModel, type Configurable, type ModelConfig } from '../registry.js';
import { BERT_ACTIVATIONS, encoderFields, resolveBertConfig, type BertConfig, type ResolvedBertConfig } from './bert-config.js';
import type { BertForwardOptions } from './bert-inputs.js';
import { BertModel, initBertWeights } from './bert-model.js';
import { loadBertStateDict } from './bert-state-dict.js';

/**
 * The MLM head's transform: LayerNorm(act(dense(h))).
 * Shapes: [B, L, H] → [B, L, H].
 * @example new tn.models.bert.BertPredictionHeadTransform(config).forward(hidden)
 */
export class BertPredictionHeadTransform extends Module {
  /** H → H. */
  dense: Linear;
  /** Normalisation after the activation. */
  LayerNorm: LayerNorm;
  /** The activation (hiddenAct). */
  readonly activation: (x: Tensor) => Tensor;

  /** @param config - a resolved BERT config */
  constructor(config: ResolvedBertConfig) {
    super();
    this.dense = new Linear(config.hiddenSize, config.hiddenSize);
    this.LayerNorm = new LayerNorm(config.hiddenSize, { eps: config.layerNormEps });
    this.activation = BERT_ACTIVATIONS[config.hiddenAct];
  }

  /** [B, L, H] → [B, L, H]. */
  forward(hidden: Tensor): Tensor {
    return scoped([hidden, ...this.parameters()], () => this.LayerNorm.forward(this.activation(this.dense.forward(hidden))));
  }
}

/**
 * Token scores: decoder(transform(h)) + bias, where the decoder's weight is, when tied, the word-embedding table
 * itself (one Parameter under two names) and its bias is this module's `bias` (one Parameter under two names).
 * Shapes: [B, L, H] → [B, L, vocabSize].
 * @example new tn.models.bert.BertLMPredictionHead(config, model.bert.embeddings.word_embeddings.weight)
 */
export class BertLMPredictionHead extends Module {
  /** The output bias [vocabSize] (key `bias`; also `decoder.bias`). */
  bias: Parameter;
  /** dense → activation → LayerNorm. */
  transform: BertPredictionHeadTransform;
  /** H → vocabSize; its weight is the word-embedding table when tied. */
  decoder: Linear;

  /**
   * @param config - a resolved BERT config
   * @param tiedWeight - the word-embedding table [vocabSize, H] to share, or null for a decoder weight of its own
   */
  constructor(config: ResolvedBertConfig, tiedWeight: Parameter | null) {
    super();
    const initial = zeros([config.vocabSize]);
    this.bias = new Parameter(initial);
    initial.dispose();
    this.transform = new BertPredictionHeadTransform(config);
    this.decoder = new Linear(config.hiddenSize, config.vocabSize, { bias: false });
    initBertWeights(this, config.initializerRange);
    if (tiedWeight !== null) {
      this.decoder.weight.dispose();
      this.decoder.weight = tiedWeight;
    }
    this.decoder.bias = this.bias;
  }

  /** [B, L, H] → [B, L, vocabSize]. */
  forward(hidden: Tensor): Tensor {
    return scoped([hidden, ...this.parameters()], () => this.decoder.forward(this.transform.forward(hidden)));
  }
}

/**
 * Hugging Face's `BertOnlyMLMHead`: the prediction head under the key prefix `predictions.`.
 * @example new tn.models.bert.BertOnlyMLMHead(config, wordEmbeddings).forward(hidden) // [B, L, vocabSize]
 */
export class BertOnlyMLMHead extends Module {
  /** The prediction head. */
  predictions: BertLMPredictionHead;

  /**
   * @param config - a resolved BERT config
   * @param tiedWeight - the word-embedding table to share, or null
   */
  constructor(config: ResolvedBertConfig, tiedWeight: Parameter | null) {
    super();
    this.predictions = new BertLMPredictionHead(config, tiedWeight);
  }

  /** [B, L, H] → [B, L, vocabSize]. */
  forward(hidden: Tensor): Tensor {
    return this.predictions.forward(hidden);
  }
}

/**
 * BERT with a masked-language-model head (Hugging Face `BertForMaskedLM`): logits over the vocabulary at every
 * position, for pretraining with `tn.transfer.maskTokens` and `tn.crossEntropy(…, {ignoreIndex: -100})`.
 *
 * State dicts: `stateDict()` holds, as PyTorch's `state_dict()` does, both names of each tied tensor
 * (`cls.predictions.decoder.weight` = `bert.embeddings.word_embeddings.weight`, `cls.predictions.decoder.bias` =
 * `cls.predictions.bias`), so PyTorch's strict `load_state_dict` reads it. `loadStateDict` accepts either name or
 * both (Hugging Face's `save_pretrained` keeps one; both must then hold the same values) and the
 * `bert.embeddings.position_ids` buffer of older transformers versions. A BertForPreTraining checkpoint (such as
 * `bert-base-uncased`) also has `bert.pooler.*` and `cls.seq_relationship.*`: drop them with
 * `{mapKey: [['bert.pooler.**', null], ['cls.seq_relationship.*', null]]}`.
 * @example
 * const mlm = new tn.models.BertForMaskedLM({vocabSize: vocab.size, hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 4, intermediateSize: 512});
 * const {inputs, labels} = tn.transfer.maskTokens(ids, {vocabSize: vocab.size, maskId, specialIds});
 * const logits = mlm.forward(tn.tensor(inputs, {dtype: 'int32'}).reshape([b, l]), {attentionMask}); // [B, L, V]
 * const loss = tn.crossEntropy(logits.reshape([-1, vocab.size]), tn.tensor(labels, {dtype: 'int32'}), {ignoreIndex: -100});
 */
export class BertForMaskedLM extends Module implements Configurable {
  /** The rebuildable config (`name: 'bert-for-masked-lm'`). */
  readonly config: ModelConfig;
  /** Every field of the config, defaults filled in. */
  readonly bertConfig: ResolvedBertConfig;
  /** The encoder, without pooler (keys `bert.…`). */
  bert: BertModel;
  /** The MLM head (keys `cls.predictions.…`). */
  cls: BertOnlyMLMHead;

  /** @param options - a {@link BertConfig} (tieWordEmbeddings, default true, ties the decoder to the word embeddings) */
  constructor(options: BertConfig = {}) {
    super();
    const c = resolveBertConfig(options, 'BertForMaskedLM', ['name']);
    this.bertConfig = c;
    this.bert = new BertModel({ ...encoderFields(c), addPoolingLayer: false });
    this.cls = new BertOnlyMLMHead(c, c.tieWordEmbeddings ? this.bert.embeddings.word_embeddings.weight : null);
    this.config = { name: 'bert-for-masked-lm', ...encoderFields(c), tieWordEmbeddings: c.tieWordEmbeddings };
  }

  /**
   * Token logits.
   * @param inputIds - int32 [B, L]
   * @param options - attentionMask, tokenTypeIds (as BertModel)
   * @returns logits [B, L, vocabSize]
   */
  forward(inputIds: Tensor, options: BertForwardOptions = {}): Tensor {
    return scoped([inputIds, options.attentionMask, options.tokenTypeIds, ...this.parameters()], () =>
      this.cls.forward(this.bert.forward(inputIds, options).lastHiddenState));
  }

  /**
   * `Module.loadStateDict` for PyTorch-written BertForMaskedLM state dicts: tied tensors under either name or both,
   * the `bert.embeddings.position_ids` buffer accepted (see the class notes).
   * @throws as `Module.loadStateDict`; ValueError when the two names of a tied tensor hold different values
   */
  override loadStateDict(stateDict: Readonly<Record<string, Tensor>>, options: LoadOptions = {}): LoadResult {
    const tied: [string, string][] = [['cls.predictions.decoder.bias', 'cls.predictions.bias']];
    if (this.bertConfig.tieWordEmbeddings) tied.push(['cls.predictions.decoder.weight', 'bert.embeddings.word_embeddings.weight']);
    const layout = { prefix: 'bert.', maxPositionEmbeddings: this.bertConfig.maxPositionEmbeddings, tied };
    return loadBertStateDict(stateDict, options, layout, 'BertForMaskedLM.loadStateDict', (sd, o) => super.loadStateDict(sd, o));
  }
}

registerModel('bert-for-masked-lm', (c) => new BertForMaskedLM(c as BertConfig));
