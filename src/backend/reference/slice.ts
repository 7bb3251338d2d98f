/** The `slice` kernel: y = x[begin[i] : begin[i] + size[i]] on every axis. */
import { allocArray, sizeOf, stridesOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { stridedCopy } from './strided-loop.js';

/** The reference `slice`: copy the box starting at `begin` with x's own strides. */
export const sliceKernel: ReferenceKernel<'slice'> = ([x], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const xStrides = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < xStrides.length; i++) offset += attrs.begin[i]! * xStrides[i]!;
  stridedCopy(out.shape, x.values, xStrides, offset, result, stridesOf(out.shape), 0);
  return result;
};
