/**
 * The `random` kernel: drawn on the host with the reference kernel (the counter-based `uniformAt` /
 * `normalAt` of core, so draws are identical on every backend) and uploaded. It has no inputs, so
 * nothing has to come back from the GPU.
 */
import { reference, type KernelFunc, type ReferenceKernel } from '../../backend/index.js';
import type { WebGpuBackend } from './webgpu-backend.js';

const hostRandom = reference.referenceKernels.random as ReferenceKernel<'random'>;

/** `random`: host draw, one upload. */
export const randomKernel: KernelFunc<'random', WebGpuBackend> = (backend, inputs, attrs, out) => {
  return backend.write(hostRandom(inputs as never, attrs, out), out.dtype);
};
