/** nn: Module, Parameter, containers, layers, initialisers and losses. */
export { Module, type LoadOptions, type LoadResult } from './module.js';
export { Parameter } from './parameter.js';
export { renameKeys, keyMapper, type KeyMapFn, type KeyRule, type KeyMapping } from './key-map.js';
export { globToRegExp, matchesName, coversName, type NameGlob } from './name-glob.js';
export { Sequential, ModuleList, ModuleDict, type TensorToTensor } from './containers.js';
export * as init from './init.js';
export { Linear, type LinearOptions } from './layers/linear.js';
export * from './layers/activation.js';
export * from './layers/basic.js';
export * from './losses/index.js';
export { RNNBase, type RecurrentOptions, type RecurrentForwardOptions, type CellWeights } from './layers/rnn-base.js';
export { RNN, type RNNOptions } from './layers/rnn.js';
export { LSTM } from './layers/lstm.js';
export { GRU } from './layers/gru.js';
export { MultiheadAttention, type MultiheadAttentionOptions, type AttentionForwardOptions } from './layers/multihead-attention.js';
export {
  TransformerEncoderLayer, type TransformerEncoderLayerOptions, type TransformerEncoderLayerForwardOptions, type TransformerActivation,
} from './layers/transformer-encoder-layer.js';
export { TransformerEncoder, type TransformerEncoderOptions, type TransformerEncoderForwardOptions } from './layers/transformer-encoder.js';
export { Bilinear, type BilinearOptions } from './layers/bilinear.js';
export { ConvNd, Conv1d, Conv2d, type ConvLayerOptions, type ConvPadding } from './layers/conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, type MaxPool2dOptions, type AvgPool2dOptions, type Size2d } from './layers/pooling.js';
export { BatchNormNd, BatchNorm1d, BatchNorm2d, type BatchNormOptions } from './layers/batch-norm.js';
export { LayerNorm, type LayerNormOptions } from './layers/layer-norm.js';
export { GroupNorm, type GroupNormOptions } from './layers/group-norm.js';
export { Embedding, type EmbeddingOptions, type FromPretrainedOptions } from './layers/embedding.js';
export { EmbeddingBag, type EmbeddingBagMode, type EmbeddingBagOptions } from './layers/embedding-bag.js';
