/** models: ready architectures, each rebuildable from a JSON config. */
export * from './registry.js';
export { MLP, type MlpOptions, type MlpActivation } from './mlp.js';
export { LeNet5, SmallCNN, type LeNet5Options, type SmallCnnOptions } from './cnn.js';
export { BagOfEmbeddings, LSTMClassifier, type TextClassifierOptions } from './text-classifier.js';
export { saveModel, loadModel, type SaveModelOptions, type LoadedModel } from './save-model.js';
export {
  ResNet, resnet, resnet18, resnet34, resnet50, type ResNetOptions, type NamedResNetOptions,
} from './resnet.js';
export { BasicBlock, Bottleneck, conv1x1, conv3x3, downsample, type ResidualBlockClass } from './resnet-blocks.js';
export {
  MobileNetV2, mobilenetV2, MOBILENET_V2_SETTING, type MobileNetV2Options, type InvertedResidualSetting,
} from './mobilenet-v2.js';
export { Conv2dNormActivation, InvertedResidual, makeDivisible, type ConvNormActivationOptions } from './mobilenet-v2-blocks.js';
export * as keras from './keras/index.js';
export { KerasModel, loadKerasModel, kerasModelFromArtifacts, nsfwjsMobileNetV2, type LoadKerasModelOptions } from './keras/index.js';
export * as bert from './bert/index.js';
export {
  BertModel, BertForMaskedLM, BertForSequenceClassification, bertConfigFromHuggingFace,
  type BertConfig, type BertModelOptions, type BertModelOutput, type BertForwardOptions,
} from './bert/index.js';
