/** models: ready architectures, each rebuildable from a JSON config. */
export * from './registry.js';
export { MLP, type MlpOptions, type MlpActivation } from './mlp.js';
export { LeNet5, SmallCNN, type LeNet5Options, type SmallCnnOptions } from './cnn.js';
export { BagOfEmbeddings, LSTMClassifier, type TextClassifierOptions } from './text-classifier.js';
export { saveModel, loadModel, type SaveModelOptions, type LoadedModel } from './save-model.js';
