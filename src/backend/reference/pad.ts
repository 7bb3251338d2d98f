/** The `pad` kernel: surround x with a constant on every axis. */
import { allocArray, castArray, sizeOf, stridesOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { stridedCopy } from './strided-loop.js';

/**
 * The reference `pad`: fill the output with `value` (converted to the dtype like `cast`:
 * truncated for int32, non-zero → true for bool), then copy x into the interior box.
 */
export const padKernel: ReferenceKernel<'pad'> = ([x], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const fill = castArray([attrs.value], out.dtype)[0]!;
  if (!Object.is(fill, 0)) result.fill(fill);
  const outStrides = stridesOf(out.shape);
  let offset = 0;
  for (let i = 0; i < outStrides.length; i++) offset += attrs.pads[i]![0] * outStrides[i]!;
  stridedCopy(x.shape, x.values, stridesOf(x.shape), 0, result, outStrides, offset);
  return result;
};
