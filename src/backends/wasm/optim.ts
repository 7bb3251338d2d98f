/**
 * The update kernels on wasm: one call into the module per parameter (wasm/assembly/optim.ts),
 * with the scalars computed and rounded by the backend layer (`adamStepFactors`, `sgdStepFactors`).
 */
import { DTypeError } from '../../core/index.js';
import { adamStepFactors, sgdStepFactors, type Storage, type UpdateKernelFunc } from '../../backend/index.js';
import type { WasmBackend } from './wasm-backend.js';

/**
 * The byte offset of a float32 storage, for the module.
 * @throws DTypeError when it holds another dtype.
 */
function ptrF32(backend: WasmBackend, storage: Storage, name: string): number {
  if (storage.dtype !== 'float32') {
    throw new DTypeError('updateInPlace', `update kernels take float32 storages, found ${storage.dtype} for '${name}'`);
  }
  return backend.ptr(storage);
}

/** `adam`: θ, m, v (and v̂) updated in place by `adamF32`. */
export const adamKernel: UpdateKernelFunc<'adam', WasmBackend> = (backend, grad, targets, attrs) => {
  const k = adamStepFactors(attrs);
  const { param, expAvg, expAvgSq, maxExpAvgSq } = targets;
  const amsgrad = maxExpAvgSq !== undefined;
  backend.kernels.adamF32(param.size, ptrF32(backend, param, 'param'), ptrF32(backend, grad, 'grad'),
    ptrF32(backend, expAvg, 'expAvg'), ptrF32(backend, expAvgSq, 'expAvgSq'),
    amsgrad ? ptrF32(backend, maxExpAvgSq, 'maxExpAvgSq') : 0, amsgrad ? 1 : 0, k.paramScale, k.gradSign, k.weightDecay, k.beta1,
    k.oneMinusBeta1, k.beta2, k.oneMinusBeta2, k.biasCorrection2Sqrt, k.eps, k.negStepSize);
};

/** `sgd`: θ (and the momentum buffer) updated in place by `sgdF32`. */
export const sgdKernel: UpdateKernelFunc<'sgd', WasmBackend> = (backend, grad, targets, attrs) => {
  const k = sgdStepFactors(attrs);
  const { param, momentumBuffer } = targets;
  const useMomentum = momentumBuffer !== undefined;
  backend.kernels.sgdF32(param.size, ptrF32(backend, param, 'param'), ptrF32(backend, grad, 'grad'),
    useMomentum ? ptrF32(backend, momentumBuffer, 'momentumBuffer') : 0,
    useMomentum ? 1 : 0, attrs.nesterov ? 1 : 0, k.gradSign, k.weightDecay, k.momentum, k.oneMinusDampening, k.lr);
};
