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
