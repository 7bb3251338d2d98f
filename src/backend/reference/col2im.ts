/** The `col2im` kernel: the adjoint of `im2col`, summing window columns back into an image. */
import { allocArray, sizeOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { forEachTap } from './window-taps.js';

/**
 * The reference `col2im`: cols [N, C·kh·kw, outH·outW] → [N, C, H, W] with [H, W] = `size`: starting
 * from zeros, x[n, c, oy·sh + i·dh − top, ox·sw + j·dw − left] += cols[n, (c·kh + i)·kw + j, oy·outW + ox]
 * in row-major order of the columns, each sum rounded into the dtype (OR for bool); taps in the
 * padding are dropped. Each element thus sums its taps in order of (i, j).
 */
export const col2imKernel: ReferenceKernel<'col2im'> = ([cols], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const isBool = out.dtype === 'bool';
  const cv = cols.values;
  forEachTap(out.shape, attrs, (column, pixel) => {
    if (pixel < 0) return;
    const sum = result[pixel]! + cv[column]!;
    result[pixel] = isBool ? (sum !== 0 ? 1 : 0) : sum;
  });
  return result;
};
