/** The `expand` kernel: materialise x broadcast to a larger shape. */
import { allocArray, broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { stridedCopy } from './strided-loop.js';

/** The reference `expand`: copy x read through stride-0 broadcast axes. */
export const expandKernel: ReferenceKernel<'expand'> = ([x], _attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const srcStrides = broadcastStrides(x.shape, out.shape);
  stridedCopy(out.shape, x.values, srcStrides, 0, result, stridesOf(out.shape), 0);
  return result;
};
