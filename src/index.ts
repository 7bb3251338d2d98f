/**
 * tasknet: deep learning in TypeScript with multi-task and transfer learning as first-class subjects.
 * @example
 * import * as tn from 'tasknet';
 * const a = tn.tensor([[1, 2], [3, 4]], {requiresGrad: true});
 * tn.matmul(a, a).sum().backward();
 */
import './backends/cpu/index.js';

export {
  TasknetError, ShapeError, DTypeError, ValueError, StateError, Generator, manualSeed,
  type DType, type Shape, type TypedArray,
} from './core/index.js';
export * from './tensor/index.js';
export * from './ops/index.js';
export * as nn from './nn/index.js';
