/**
 * tasknet: deep learning in TypeScript with multi-task and transfer learning as first-class subjects.
 * @example
 * import * as tn from 'tasknet';
 * const a = tn.tensor([[1, 2], [3, 4]], {requiresGrad: true});
 * tn.matmul(a, a).sum().backward();
 */
import './backends/cpu/index.js';
import './backends/wasm/index.js';
import './backends/webgpu/index.js';
import { useBestBackend } from './tensor/index.js';

export {
  TasknetError, ShapeError, DTypeError, ValueError, StateError, Generator, manualSeed,
  type DType, type Shape, type TypedArray,
} from './core/index.js';
export * from './tensor/index.js';
export * from './ops/index.js';
export * as nn from './nn/index.js';
export * as data from './data/index.js';
export { datasets } from './data/index.js';
export * as train from './train/index.js';
export * as mtl from './mtl/index.js';
export * as transfer from './transfer/index.js';
export {
  crossEntropy, nllLoss, mseLoss, l1Loss, smoothL1Loss, huberLoss, binaryCrossEntropy, binaryCrossEntropyWithLogits, klDiv,
  cosineEmbeddingLoss, l1Penalty, l2Penalty,
  type Reduction, type CrossEntropyOptions, type NllLossOptions, type SmoothL1LossOptions, type HuberLossOptions,
  type BinaryCrossEntropyOptions, type BinaryCrossEntropyWithLogitsOptions, type KlDivOptions, type CosineEmbeddingLossOptions,
} from './nn/index.js';
export * as io from './io/index.js';
export * as optim from './optim/index.js';
export * as models from './models/index.js';
export * as estimators from './estimators/index.js';
export * as report from './report/index.js';

// Start on the fastest backend that loads here: wasm (SIMD, multi-threaded in Node), else cpu.
await useBestBackend();
