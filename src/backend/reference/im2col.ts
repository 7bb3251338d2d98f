/** The `im2col` kernel: every sliding window of an image as a column. */
import { allocArray, castArray, sizeOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { forEachTap } from './window-taps.js';

/**
 * The reference `im2col`: x [N, C, H, W] → [N, C·kh·kw, outH·outW], where row (c·kh + i)·kw + j,
 * column oy·outW + ox holds x[n, c, oy·sh + i·dh − top, ox·sw + j·dw − left], or `value`
 * (converted to the dtype like `cast`) when that position lies in the padding.
 */
export const im2colKernel: ReferenceKernel<'im2col'> = ([x], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const fill = castArray([attrs.value], out.dtype)[0]!;
  const xv = x.values;
  forEachTap(x.shape, attrs, (column, pixel) => {
    result[column] = pixel >= 0 ? xv[pixel]! : fill;
  });
  return result;
};
