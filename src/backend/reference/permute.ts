/** The `permute` kernel: reorder axes, y.shape[i] = x.shape[perm[i]]. */
import { allocArray, sizeOf, stridesOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { stridedCopy } from './strided-loop.js';

/** The reference `permute`: walk the output in order, reading x through its permuted strides. */
export const permuteKernel: ReferenceKernel<'permute'> = ([x], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const xStrides = stridesOf(x.shape);
  const srcStrides = attrs.perm.map((p) => xStrides[p]!);
  stridedCopy(out.shape, x.values, srcStrides, 0, result, stridesOf(out.shape), 0);
  return result;
};
