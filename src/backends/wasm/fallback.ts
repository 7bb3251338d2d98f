/**
 * Kernels the module does not specialise (or dtypes it does not): the backend layer's reference
 * kernel runs over views of the inputs in WebAssembly memory, and its result is copied into a
 * new storage. Nothing is allocated in the memory while the views are in use.
 */
import {
  reference, type ArrayInputs, type ArrayTensor, type KernelFunc, type KernelName, type ReferenceKernel, type TensorInfo,
} from '../../backend/index.js';
import type { WasmBackend } from './wasm-backend.js';

/** The reference implementation of `name`, run on wasm storages. */
export function fallback<K extends KernelName>(name: K): KernelFunc<K, WasmBackend> {
  const kernel = reference.referenceKernels[name] as ReferenceKernel<K>;
  return (backend, inputs, attrs, out) => {
    const arrays = (inputs as readonly TensorInfo[]).map(
      (t): ArrayTensor => ({ values: backend.view(t.storage), shape: t.shape, dtype: t.dtype }),
    );
    return backend.adopt(kernel(arrays as unknown as ArrayInputs<K>, attrs, out));
  };
}
