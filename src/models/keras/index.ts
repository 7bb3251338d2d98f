/**
 * Keras / TensorFlow.js layers-model import: `loadKerasModel` builds a tasknet KerasModel (one child module per Keras
 * layer, feature maps channels first) from `model.json` + shards or in-memory artifacts, quantised weights included.
 * @example
 * const model = (await tn.models.loadKerasModel('web_model/model.json')).eval();
 * const body = model.upTo('global_average_pooling2d'); // a backbone sharing the layers
 */
export { KerasModel } from './keras-model.js';
export { loadKerasModel, kerasModelFromArtifacts, KERAS_MODEL_NAME, type LoadKerasModelOptions } from './load-keras-model.js';
export { parseKerasTopology, type KerasTopology, type KerasLayerSpec, type KerasTensorRef } from './topology.js';
export { planGraph, refKey, type GraphPlan, type GraphCall } from './graph-plan.js';
export { registerKerasLayer, kerasLayerClasses, kerasLayerBuilder, type KerasLayerBuilder } from './layer-registry.js';
export { KerasWeightStore, LayerWeights, loadParameter } from './weights.js';
export { configNumber, configBool, configChoice, configPair, configError, requireChannelsLast, layerOp } from './config.js';
export { kerasAxis, toKerasLayout, fromKerasLayout } from './layout.js';
export { samePadding, padSame } from './same-padding.js';
export { kerasActivation, kerasActivationNames, KerasActivation, KerasReLU, KerasSoftmax, type ActivationFn, type KerasReLUOptions } from './activations.js';
export { KerasConv2D, type KerasConv2DOptions } from './conv.js';
export { KerasBatchNormalization, type KerasBatchNormalizationOptions } from './batch-norm.js';
export { KerasDense } from './dense.js';
export { KerasPooling2D, KerasGlobalPooling2D } from './pooling.js';
export { KerasReshape, KerasZeroPadding2D } from './reshaping.js';
export { KerasMerge, type KerasMergeMode } from './merge.js';
export {
  readNsfwjsModel, nsfwjsMobileNetV2, nsfwjsInceptionV3, NSFWJS_CLASSES, NSFWJS_MOBILENET_V2_FEATURES, type NsfwjsModelName, type NsfwjsOptions,
} from './nsfwjs.js';
