/** The `slice` kernel: y = x[begin[i] : begin[i] + size[i]] on every axis. */
import { sizeOf, stridesOf } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import { valuesOf, type CpuBackend } from './cpu-backend.js';
import { stridedCopy } from './strided-loop.js';

/** `slice` on the CPU: copy the box starting at `begin` with x's own strides. */
export const sliceKernel: KernelFunc<'slice', CpuBackend> = (backend, [x], attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const xStrides = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < xStrides.length; i++) offset += attrs.begin[i]! * xStrides[i]!;
  stridedCopy(out.shape, valuesOf(x.storage), xStrides, offset, result.values, stridesOf(out.shape), 0);
  return result;
};
