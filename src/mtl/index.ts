/** mtl: multi-task learning — task specs, multi-task models, weighting strategies and gradient combination. */
export type {
  TaskKind, TaskTensors, TaskLoss, TaskSpec, MultiTaskBatch, MultiTaskModel, StrategyContext, WeightingStrategy,
} from './types.js';

// ── Loss-weighting strategies (src/mtl/weighting/) ──
export * from './weighting/index.js';

// ── architectures and task losses ──
export { MultiTaskModule } from './architectures/multi-task-module.js';
export { HardSharing, type HardSharingOptions } from './architectures/hard-sharing.js';
export { SoftSharing, type SoftSharingOptions } from './architectures/soft-sharing.js';
export { CrossStitchUnit, type CrossStitchUnitOptions } from './architectures/cross-stitch-unit.js';
export { CrossStitch, type CrossStitchOptions } from './architectures/cross-stitch.js';
export { MMoE, type MMoEOptions, type ExpertFactory } from './architectures/mmoe.js';
export { maskedCrossEntropy } from './tasks/masked-cross-entropy.js';
export { maskedMseLoss } from './tasks/masked-mse-loss.js';
export { maskedBinaryCrossEntropyWithLogits } from './tasks/masked-binary-cross-entropy-with-logits.js';
export { TASK_KINDS, defaultTaskLoss, taskLoss } from './tasks/task-loss.js';
export { validateTasks } from './tasks/validate-tasks.js';

// ── the multi-task trainer ──
export * from './trainer/index.js';

// ── gradient combination ──
// Gradient combination (PCGrad, CAGrad, MGDA): plain functions over flat gradients and strategies.
export { GradientCombination } from './gradient/gradient-strategy.js';
export type { FlatGradient, CombinedGradient } from './gradient/flat-gradients.js';
export type { Gram } from './gradient/gram.js';
export { pcgrad, PCGrad, type PcgradOptions } from './gradient/pcgrad.js';
export { mgda, MGDA, type MgdaNormalization, type MgdaOptions, type MgdaFunctionOptions } from './gradient/mgda.js';
export { cagrad, CAGrad, type CagradOptions } from './gradient/cagrad.js';
