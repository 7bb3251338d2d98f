/** tensor: the Tensor class, dispatch to the active backend, autograd entry points, memory scopes, factories. */
export { Tensor, type NestedArray } from './tensor.js';
export { engine } from './engine.js';
export { runKernel, reshapeView, fromValues, fromTypedArray, scalarTensor, primitives } from './dispatch.js';
export {
  noGrad, enableGrad, isGradEnabled, grad, valueAndGrad, gradients, type BackwardOptions,
} from './backward.js';
export { tidy, keep, unkeep, isKept, tensorsIn, dispose, numTensors, memory, scoped, type MemoryInfo } from './scope.js';
export { updateInPlace } from './update-in-place.js';
export * from './creation.js';
export { toBackend, readsSynchronously } from './to-backend.js';
export { deferCheck, pendingChecks, settleChecks, type Verdict } from './deferred-checks.js';
export { setBackend, getBackend, getNumThreads, setNumThreads, useBestBackend } from './select-backend.js';
