/** The `expand` kernel: materialise x broadcast to a larger shape. */
import { broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import { valuesOf, type CpuBackend } from './cpu-backend.js';
import { stridedCopy } from './strided-loop.js';

/** `expand` on the CPU: copy x read through stride-0 broadcast axes. */
export const expandKernel: KernelFunc<'expand', CpuBackend> = (backend, [x], _attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const srcStrides = broadcastStrides(x.shape, out.shape);
  stridedCopy(out.shape, valuesOf(x.storage), srcStrides, 0, result.values, stridesOf(out.shape), 0);
  return result;
};
