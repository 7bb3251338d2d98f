/** The `permute` kernel: reorder axes, y.shape[i] = x.shape[perm[i]]. */
import { sizeOf, stridesOf } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import { valuesOf, type CpuBackend } from './cpu-backend.js';
import { stridedCopy } from './strided-loop.js';

/** `permute` on the CPU: walk the output in order, reading x through its permuted strides. */
export const permuteKernel: KernelFunc<'permute', CpuBackend> = (backend, [x], attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const xStrides = stridesOf(x.shape);
  const srcStrides = attrs.perm.map((p) => xStrides[p]!);
  stridedCopy(out.shape, valuesOf(x.storage), srcStrides, 0, result.values, stridesOf(out.shape), 0);
  return result;
};
