/**
 * The built-in Keras layer builders: each reads a layer's config (Keras's snake_case keys), makes the tasknet module
 * and copies the weights in, transposed from Keras's channels-last layout.
 */
import { Dropout, type Parameter } from '../../nn/index.js';
import { permute, reshape, transpose } from '../../ops/index.js';
import { KerasActivation, KerasReLU, KerasSoftmax } from './activations.js';
import { KerasBatchNormalization } from './batch-norm.js';
import { configBool, configChoice, configError, configNumber, configPair, requireChannelsLast } from './config.js';
import { KerasConv2D } from './conv.js';
import { KerasDense } from './dense.js';
import { registerKerasLayer, type KerasLayerBuilder } from './layer-registry.js';
import { KerasMerge, type KerasMergeMode } from './merge.js';
import { KerasGlobalPooling2D, KerasPooling2D } from './pooling.js';
import { KerasReshape, KerasZeroPadding2D } from './reshaping.js';
import type { Tensor } from '../../tensor/index.js';
import type { KerasLayerSpec } from './topology.js';
import { loadParameter, type LayerWeights } from './weights.js';

const PADDINGS = ['valid', 'same'] as const;

/** A bias weight into `target` when the layer uses one. */
function loadBias(target: { bias: Parameter | null }, layer: KerasLayerSpec, weights: LayerWeights): void {
  if (target.bias !== null) loadParameter(target.bias, weights.tensor('bias', 1), layer, 'bias', 'bias [out]');
}

const conv2d: KerasLayerBuilder = (layer, weights) => {
  requireChannelsLast(layer);
  const groups = configNumber(layer, 'groups', 1);
  const kernel = weights.tensor('kernel', 4);
  const [kh, kw, inPerGroup, filters] = kernel.shape as [number, number, number, number];
  const conv = new KerasConv2D(inPerGroup * groups, filters, [kh, kw], {
    strides: configPair(layer, 'strides', 1), dilation: configPair(layer, 'dilation_rate', 1), groups,
    padding: configChoice(layer, 'padding', PADDINGS), bias: configBool(layer, 'use_bias', true), activation: layer.config.activation as string,
  });
  if (configNumber(layer, 'filters', filters) !== filters) throw configError(layer, 'filters', `the kernel's ${filters} filters`);
  loadParameter(conv.weight, permute(kernel, [3, 2, 0, 1]), layer, 'kernel', 'kernel [kh, kw, in, out] → [out, in, kh, kw]');
  kernel.dispose();
  loadBias(conv, layer, weights);
  return conv;
};

const depthwiseConv2d: KerasLayerBuilder = (layer, weights) => {
  requireChannelsLast(layer);
  const kernel = weights.tensor('depthwise_kernel', 4);
  const [kh, kw, channels, multiplier] = kernel.shape as [number, number, number, number];
  const conv = new KerasConv2D(channels, channels * multiplier, [kh, kw], {
    strides: configPair(layer, 'strides', 1), dilation: configPair(layer, 'dilation_rate', 1), groups: channels,
    padding: configChoice(layer, 'padding', PADDINGS), bias: configBool(layer, 'use_bias', true), activation: layer.config.activation as string,
  });
  // output channel c·M + m filters input channel c with kernel[:, :, c, m]
  const perChannel = permute(kernel, [2, 3, 0, 1]);
  loadParameter(conv.weight, reshape(perChannel, [channels * multiplier, 1, kh, kw]), layer, 'depthwise_kernel',
    'depthwise_kernel [kh, kw, C, M] → [C·M, 1, kh, kw]');
  perChannel.dispose();
  kernel.dispose();
  loadBias(conv, layer, weights);
  return conv;
};

const batchNormalization: KerasLayerBuilder = (layer, weights) => {
  const axisValue = Array.isArray(layer.config.axis) && layer.config.axis.length === 1 ? layer.config.axis[0] : layer.config.axis ?? -1;
  if (typeof axisValue !== 'number') throw configError(layer, 'axis', 'one axis (the channels)');
  const mean = weights.tensor('moving_mean', 1);
  const bn = new KerasBatchNormalization(mean.shape[0] as number, {
    epsilon: configNumber(layer, 'epsilon', 1e-3), momentum: configNumber(layer, 'momentum', 0.99),
    scale: configBool(layer, 'scale', true), center: configBool(layer, 'center', true), axis: axisValue,
  });
  loadParameter(bn.running_mean as Tensor, mean, layer, 'moving_mean', 'moving_mean [C]');
  loadParameter(bn.running_var as Tensor, weights.tensor('moving_variance', 1), layer, 'moving_variance', 'moving_variance [C]');
  if (bn.weight !== null) loadParameter(bn.weight, weights.tensor('gamma', 1), layer, 'gamma', 'gamma [C]');
  if (bn.bias !== null) loadParameter(bn.bias, weights.tensor('beta', 1), layer, 'beta', 'beta [C]');
  return bn;
};

const dense: KerasLayerBuilder = (layer, weights) => {
  const kernel = weights.tensor('kernel', 2);
  const [inFeatures, units] = kernel.shape as [number, number];
  const linear = new KerasDense(inFeatures, units, { bias: configBool(layer, 'use_bias', true), activation: layer.config.activation as string });
  loadParameter(linear.weight, transpose(kernel, 0, 1), layer, 'kernel', 'kernel [in, units] → [units, in]');
  kernel.dispose();
  loadBias(linear, layer, weights);
  return linear;
};

/** ZeroPadding2D's `padding`: n, [h, w] or [[top, bottom], [left, right]]. */
function zeroPadding(layer: KerasLayerSpec): KerasZeroPadding2D {
  const p = layer.config.padding ?? 1;
  const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  const side = (v: unknown): [number, number] | undefined => {
    if (isCount(v)) return [v, v];
    return Array.isArray(v) && v.length === 2 && v.every(isCount) ? [v[0] as number, v[1] as number] : undefined;
  };
  const pair = isCount(p) ? [[p, p], [p, p]] : Array.isArray(p) && p.length === 2 ? [side(p[0]), side(p[1])] : [];
  if (pair.length !== 2 || pair.some((s) => s === undefined)) throw configError(layer, 'padding', 'n, [h, w] or [[top, bottom], [left, right]]');
  return new KerasZeroPadding2D(pair as [[number, number], [number, number]]);
}

function pooling(mode: 'max' | 'avg'): KerasLayerBuilder {
  return (layer) => {
    requireChannelsLast(layer);
    const size = configPair(layer, 'pool_size', 2);
    return new KerasPooling2D(mode, size, configPair(layer, 'strides', size), configChoice(layer, 'padding', PADDINGS, 'valid'));
  };
}

function globalPooling(mode: 'max' | 'avg'): KerasLayerBuilder {
  return (layer) => {
    requireChannelsLast(layer);
    return new KerasGlobalPooling2D(mode, configBool(layer, 'keepdims', false));
  };
}

function merge(mode: KerasMergeMode): KerasLayerBuilder {
  return (layer) => new KerasMerge(mode, mode === 'concatenate' ? configNumber(layer, 'axis', -1) : -1);
}

const reshapeLayer: KerasLayerBuilder = (layer) => {
  const target = layer.config.target_shape;
  if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d) && (d > 0 || d === -1))) {
    throw configError(layer, 'target_shape', 'a list of positive sizes (one may be −1)');
  }
  return new KerasReshape(target as number[]);
};

const reluLayer: KerasLayerBuilder = (layer) => {
  const max = layer.config.max_value;
  if (max !== undefined && max !== null && typeof max !== 'number') throw configError(layer, 'max_value', 'a number or null');
  return new KerasReLU({ maxValue: max ?? null, negativeSlope: configNumber(layer, 'negative_slope', 0), threshold: configNumber(layer, 'threshold', 0) });
};

const BUILT_IN: Readonly<Record<string, KerasLayerBuilder>> = {
  Conv2D: conv2d,
  DepthwiseConv2D: depthwiseConv2d,
  BatchNormalization: batchNormalization,
  Dense: dense,
  Activation: (layer) => new KerasActivation(typeof layer.config.activation === 'string' ? layer.config.activation : 'linear'),
  ReLU: reluLayer,
  LeakyReLU: (layer) => new KerasReLU({ negativeSlope: configNumber(layer, 'alpha', configNumber(layer, 'negative_slope', 0.3)) }),
  Softmax: (layer) => new KerasSoftmax(configNumber(layer, 'axis', -1)),
  Dropout: (layer) => new Dropout(configNumber(layer, 'rate')),
  ZeroPadding2D: (layer) => { requireChannelsLast(layer); return zeroPadding(layer); },
  MaxPooling2D: pooling('max'),
  AveragePooling2D: pooling('avg'),
  GlobalAveragePooling2D: globalPooling('avg'),
  GlobalMaxPooling2D: globalPooling('max'),
  Flatten: (layer) => { requireChannelsLast(layer); return new KerasReshape([-1]); },
  Reshape: reshapeLayer,
  Add: merge('add'),
  Subtract: merge('subtract'),
  Multiply: merge('multiply'),
  Average: merge('average'),
  Maximum: merge('maximum'),
  Minimum: merge('minimum'),
  Concatenate: merge('concatenate'),
};

for (const [className, build] of Object.entries(BUILT_IN)) registerKerasLayer(className, build);
