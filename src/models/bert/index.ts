/**
 * BERT with Hugging Face `transformers` module names and maths: BertModel, BertForMaskedLM and
 * BertForSequenceClassification, configs from `config.json`, and the building blocks.
 */
export {
  BERT_ACTIVATIONS, BERT_CONFIG_DEFAULTS, BERT_CONFIG_KEYS, resolveBertConfig, encoderFields,
  type BertActivation, type BertConfig, type ResolvedBertConfig,
} from './bert-config.js';
export { bertConfigFromHuggingFace, HF_BERT_IGNORED_FIELDS, type BertConfigFromHuggingFaceOptions } from './bert-config-hf.js';
export { checkBertInputs, extendedAttentionMask, MASKED_SCORE, type BertForwardOptions } from './bert-inputs.js';
export { BertEmbeddings } from './bert-embeddings.js';
export { BertSelfAttention, BertSelfOutput, BertAttention } from './bert-attention.js';
export { BertIntermediate, BertOutput, BertLayer, BertEncoder } from './bert-layer.js';
export { BertModel, BertPooler, initBertWeights, type BertModelOptions, type BertModelOutput } from './bert-model.js';
export { BertForMaskedLM, BertOnlyMLMHead, BertLMPredictionHead, BertPredictionHeadTransform } from './bert-for-masked-lm.js';
export { BertForSequenceClassification } from './bert-for-sequence-classification.js';
export { prepareBertStateDict, loadBertStateDict, type BertStateDictLayout } from './bert-state-dict.js';
