/** ops: differentiable operations composed only from primitive kernels; also attached as Tensor methods. */
import './tensor-methods.js';

export * from './arithmetic.js';
export * from './math.js';
export * from './activation.js';
export * from './softmax.js';
export { sum, mean, max, min, argmax, argmin, variance, variance as var, std, norm, logSumExp, type Dim } from './reduction.js';
export * from './shape.js';
export * from './join-split.js';
export * from './indexing.js';
export * from './linalg.js';
export * from './conv.js';
export * from './pooling.js';
export * from './fold.js';
export * from './dropout.js';
export { checkBounds, type Bounds } from './check-bounds.js';
export type { TensorLike } from './operand.js';
export { asTensor } from './operand.js';
export type { Pair } from './windows.js';
