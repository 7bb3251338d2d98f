/** Models, optimisers and learning-rate schedules from config sections. */
import type { Tensor } from '../../tensor/index.js';
import { flatten } from '../../ops/index.js';
import type { Module, Parameter } from '../../nn/index.js';
import { Adam, AdamW, CosineAnnealingLR, OneCycleLR, RMSprop, SGD, WarmupLR, type Optimizer } from '../../optim/index.js';
import { LearningRateScheduler, type Callback } from '../../train/index.js';
import { createModel, type ModelConfig as RegistryConfig } from '../../models/index.js';
import type { ModelConfig, OptimizerConfig, ScheduleConfig } from '../config/schema.js';
import { inputSize, type Preprocess } from '../data/preprocess.js';
import { configError } from '../errors.js';

/** A model that takes flat rows when its input is images (MLPs on pixels). */
export interface Classifier {
  readonly model: Module & { forward(x: Tensor): Tensor };
  /** Whether images are flattened to rows before the model. */
  readonly flatten: boolean;
}

/** The registry config of a classifier for data prepared by `preprocess` with `numClasses` classes. */
export function registryConfig(model: ModelConfig, preprocess: Preprocess, numClasses: number): RegistryConfig {
  const image = preprocess.kind === 'image';
  switch (model.name) {
    case 'mlp': return { name: 'mlp', sizes: [inputSize(preprocess), ...model.hidden, numClasses], activation: model.activation, dropout: model.dropout };
    case 'logistic': return { name: 'mlp', sizes: [inputSize(preprocess), numClasses] };
    case 'small-cnn':
    case 'lenet5': {
      if (!image || preprocess.height !== preprocess.width) {
        throw configError(`model.name: ${model.name} needs square images, found ${image ? `${preprocess.height}×${preprocess.width} images` : 'rows of features'} (use mlp or logistic)`);
      }
      if (model.name === 'lenet5') {
        if (preprocess.height !== 28) throw configError(`model.name: lenet5 needs 28×28 images, found ${preprocess.height}×${preprocess.width} (set data.imageSize: 28)`);
        return { name: 'lenet5', numClasses, inChannels: preprocess.channels, variant: model.variant };
      }
      return { name: 'small-cnn', numClasses, inChannels: preprocess.channels, imageSize: preprocess.height };
    }
  }
}

/** Whether a registry model reads rows (so images are flattened first). */
export function readsRows(config: RegistryConfig): boolean {
  return config.name === 'mlp';
}

/** Build a classifier from a registry config. */
export function buildClassifier(config: RegistryConfig): Classifier {
  return { model: createModel(config) as Classifier['model'], flatten: readsRows(config) };
}

/** The model's input for a batch of prepared data: flattened when the model reads rows. */
export function modelInput(x: Tensor, flat: boolean): Tensor {
  return flat && x.ndim > 2 ? flatten(x, 1) : x;
}

/** An optimiser over `params` (or param groups). */
export function buildOptimizer(config: OptimizerConfig, params: Parameter[] | { params: Parameter[]; lr?: number }[]): Optimizer {
  const { lr, weightDecay, momentum } = config;
  switch (config.name) {
    case 'sgd': return new SGD(params, { lr, weightDecay, momentum });
    case 'rmsprop': return new RMSprop(params, { lr, weightDecay, momentum });
    case 'adamw': return new AdamW(params, { lr, weightDecay });
    case 'adam': return new Adam(params, { lr, weightDecay });
  }
}

/** A per-batch schedule over `totalSteps`, with its callback and its state for checkpoints; none for `constant`. */
export function buildSchedule(config: ScheduleConfig, optimizer: Optimizer, lr: number, totalSteps: number):
  { scheduler: CosineAnnealingLR | OneCycleLR | WarmupLR; callback: Callback } | undefined {
  let scheduler: CosineAnnealingLR | OneCycleLR | WarmupLR;
  switch (config.name) {
    case 'constant': return undefined;
    case 'cosine': scheduler = new CosineAnnealingLR(optimizer, { Tmax: totalSteps }); break;
    case 'onecycle': scheduler = new OneCycleLR(optimizer, { maxLr: lr, totalSteps }); break;
    case 'warmup-cosine': scheduler = new WarmupLR(optimizer, { warmupSteps: config.warmupSteps, decay: 'cosine', totalSteps: Math.max(totalSteps, config.warmupSteps + 1) }); break;
  }
  return { scheduler, callback: new LearningRateScheduler(scheduler, { perBatch: true }) };
}
