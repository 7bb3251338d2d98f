/** mtl: multi-task learning — task specs, multi-task models, weighting strategies and gradient combination. */
export type {
  TaskKind, TaskTensors, TaskLoss, TaskSpec, MultiTaskBatch, MultiTaskModel, StrategyContext, WeightingStrategy,
} from './types.js';

// Gradient combination (PCGrad, CAGrad, MGDA): plain functions over flat gradients and strategies.
export { GradientCombination } from './gradient/gradient-strategy.js';
export type { FlatGradient, CombinedGradient } from './gradient/flat-gradients.js';
export type { Gram } from './gradient/gram.js';
export { pcgrad, PCGrad, type PcgradOptions } from './gradient/pcgrad.js';
export { mgda, MGDA, type MgdaNormalization, type MgdaOptions, type MgdaFunctionOptions } from './gradient/mgda.js';
export { cagrad, CAGrad, type CagradOptions } from './gradient/cagrad.js';
