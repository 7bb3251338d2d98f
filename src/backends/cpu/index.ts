/**
 * backends/cpu: the CPU reference backend. Importing this module registers the backend as
 * `'cpu'` (priority 1) and every primitive kernel for it, exactly once. The kernels are the
 * backend layer's reference kernels (`reference.referenceKernels`), run on the storages' arrays.
 */
import {
  KERNEL_NAMES, reference, registerBackend, registerKernel, type ArrayTensor, type KernelFunc, type KernelName,
  type ReferenceKernel, type TensorInfo,
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

registerBackend('cpu', () => new CpuBackend(), 1);
for (const name of KERNEL_NAMES) register(name);
