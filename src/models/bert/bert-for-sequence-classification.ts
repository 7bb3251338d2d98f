/**
 * BertForSequenceClassification with Hugging Face's keys: `bert.*` (a BertModel with its pooler) and
 * `classifier.weight` / `classifier.bias`.
 *
 * Naming: sub-modules use Hugging Face's names (`bert`, `dropout`, `classifier`).
 */
import { Dropout, Linear, Module, type LoadOptions, type LoadResult } from '../../nn/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { registerModel, type Configurable, type ModelConfig } from '../registry.js';
import { encoderFields, resolveBertConfig, type BertConfig, type ResolvedBertConfig } from './bert-config.js';
import type { BertForwardOptions } from './bert-inputs.js';
import { BertModel, initBertWeights } from './bert-model.js';
import { loadBertStateDict } from './bert-state-dict.js';

/**
 * BERT with a classifier on the pooled first token (Hugging Face `BertForSequenceClassification`):
 * logits = classifier(dropout(poolerOutput)), dropout = classifierDropout ?? hiddenDropoutProb.
 *
 * Fine-tuning from a pretrained encoder: `model.bert.loadStateDict(pretrained.bert.stateDict(), {strict: false})`
 * copies every `bert.*` weight the source has (a BertForMaskedLM has no pooler, which then keeps its fresh
 * initialisation, as in Hugging Face); `loadStateDict` also takes Hugging Face checkpoints as they are (see
 * BertModel for the `position_ids` buffer).
 * @example
 * const clf = new tn.models.BertForSequenceClassification({...config, numLabels: 2});
 * clf.bert.loadStateDict(mlm.bert.stateDict(), {strict: false});
 * const logits = clf.forward(ids, {attentionMask}); // [B, 2]
 */
export class BertForSequenceClassification extends Module implements Configurable {
  /** The rebuildable config (`name: 'bert-for-sequence-classification'`). */
  readonly config: ModelConfig;
  /** Every field of the config, defaults filled in. */
  readonly bertConfig: ResolvedBertConfig;
  /** The encoder with its pooler (keys `bert.…`). */
  bert: BertModel;
  /** Dropout on the pooled output. */
  dropout: Dropout;
  /** H → numLabels. */
  classifier: Linear;

  /** @param options - a {@link BertConfig}; numLabels (default 2) and classifierDropout (default hiddenDropoutProb) */
  constructor(options: BertConfig = {}) {
    super();
    const c = resolveBertConfig(options, 'BertForSequenceClassification', ['name']);
    this.bertConfig = c;
    this.bert = new BertModel({ ...encoderFields(c), addPoolingLayer: true });
    this.dropout = new Dropout(c.classifierDropout ?? c.hiddenDropoutProb);
    this.classifier = new Linear(c.hiddenSize, c.numLabels);
    initBertWeights(this.classifier, c.initializerRange);
    this.config = { name: 'bert-for-sequence-classification', ...encoderFields(c), numLabels: c.numLabels, classifierDropout: c.classifierDropout };
  }

  /**
   * Sequence logits.
   * @param inputIds - int32 [B, L]
   * @param options - attentionMask, tokenTypeIds (as BertModel)
   * @returns logits [B, numLabels]
   */
  forward(inputIds: Tensor, options: BertForwardOptions = {}): Tensor {
    return scoped([inputIds, options.attentionMask, options.tokenTypeIds, ...this.parameters()], () => {
      const pooled = this.bert.forward(inputIds, options).poolerOutput as Tensor;
      return this.classifier.forward(this.dropout.forward(pooled));
    });
  }

  /**
   * `Module.loadStateDict`, also accepting the `bert.embeddings.position_ids` buffer of older transformers versions.
   * @throws as `Module.loadStateDict`
   */
  override loadStateDict(stateDict: Readonly<Record<string, Tensor>>, options: LoadOptions = {}): LoadResult {
    const layout = { prefix: 'bert.', maxPositionEmbeddings: this.bertConfig.maxPositionEmbeddings, tied: [] };
    return loadBertStateDict(stateDict, options, layout, 'BertForSequenceClassification.loadStateDict', (sd, o) => super.loadStateDict(sd, o));
  }
}

registerModel('bert-for-sequence-classification', (c) => new BertForSequenceClassification(c as BertConfig));
