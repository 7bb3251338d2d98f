/**
 * backends/cpu: the CPU reference backend. Importing this module registers the backend as
 * `'cpu'` (priority 1), every primitive kernel and every update kernel for it, exactly once. The
 * kernels are the backend layer's reference kernels (`reference.referenceKernels` and
 * `reference.referenceUpdateKernels`), run on the storages' arrays.
 */
import { DTypeError } from '../../core/index.js';
import {
  KERNEL_NAMES, reference, registerBackend, registerKernel, registerUpdateKernel, UPDATE_KERNEL_NAMES, type ArrayTensor,
  type KernelFunc, type KernelName, type ReferenceKernel, type ReferenceUpdateKernel, type Storage, type TensorInfo,
  type UpdateKernelFunc, type UpdateKernelName, type UpdateTargets,
} from '../../backend/index.js';
import { CpuBackend, valuesOf } from './cpu-backend.js';

export { CpuBackend, CpuStorage, valuesOf } from './cpu-backend.js';
export const erf = reference.erf;

/** A reference kernel run on CPU storages: the inputs' arrays in, the result array adopted. */
function cpuKernel<K extends KernelName>(kernel: ReferenceKernel<K>): KernelFunc<K, CpuBackend> {
  return (backend, inputs, attrs, out) => {
    const arrays = (inputs as readonly TensorInfo[]).map(
      (t): ArrayTensor => ({ values: valuesOf(t.storage), shape: t.shape, dtype: t.dtype }),
    );
    return backend.adopt(kernel(arrays as Parameters<ReferenceKernel<K>>[0], attrs, out));
  };
}

function register<K extends KernelName>(name: K): void {
  registerKernel('cpu', name, cpuKernel(reference.referenceKernels[name] as ReferenceKernel<K>));
}

/**
 * The Float32Array behind a storage an update kernel gets.
 * @throws DTypeError when it holds another dtype.
 */
function float32Of(storage: Storage, name: string): Float32Array {
  const values = valuesOf(storage);
  if (!(values instanceof Float32Array)) {
    throw new DTypeError('updateInPlace', `update kernels take float32 storages, found ${storage.dtype} for '${name}'`);
  }
  return values;
}

/** A reference update kernel run on CPU storages, in place. */
function cpuUpdateKernel<K extends UpdateKernelName>(kernel: ReferenceUpdateKernel<K>): UpdateKernelFunc<K, CpuBackend> {
  return (_backend, grad, targets, attrs) => {
    const arrays: Record<string, Float32Array> = {};
    for (const [name, storage] of Object.entries(targets) as [string, Storage | undefined][]) {
      if (storage !== undefined) arrays[name] = float32Of(storage, name);
    }
    kernel(float32Of(grad, 'grad'), arrays as UpdateTargets<K, Float32Array>, attrs);
  };
}

function registerUpdate<K extends UpdateKernelName>(name: K): void {
  registerUpdateKernel('cpu', name, cpuUpdateKernel(reference.referenceUpdateKernels[name] as ReferenceUpdateKernel<K>));
}

registerBackend('cpu', () => new CpuBackend(), 1);
for (const name of KERNEL_NAMES) register(name);
for (const name of UPDATE_KERNEL_NAMES) registerUpdate(name);
