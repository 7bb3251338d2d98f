/** mtl: multi-task learning — task specs, multi-task models, weighting strategies and gradient combination. */
export type {
  TaskKind, TaskTensors, TaskLoss, TaskSpec, MultiTaskBatch, MultiTaskModel, StrategyContext, WeightingStrategy,
} from './types.js';

// ── Loss-weighting strategies (src/mtl/weighting/) ──
export * from './weighting/index.js';
