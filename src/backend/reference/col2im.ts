/** The `col2im` kernel: the adjoint of `im2col`, summing window columns back into an image. */
import { allocArray, sizeOf } from '../../core/index.js';
import { windowCount } from '../window-geometry.js';
import type { ReferenceKernel } from './reference-kernel.js';

/**
 * The reference `col2im`: cols [N, C·kh·kw, outH·outW] → [N, C, H, W] with [H, W] = `size`: starting
 * from zeros, x[n, c, oy·sh + i·dh − top, ox·sw + j·dw − left] += cols[n, (c·kh + i)·kw + j, oy·outW + ox]
 * in row-major order of the columns, each sum rounded into the dtype (OR for bool); taps in the
 * padding are dropped. Each element thus sums its taps in order of (i, j).
 */
export const col2imKernel: ReferenceKernel<'col2im'> = ([cols], attrs, out) => {
  const [n, c, h, w] = out.shape as [number, number, number, number];
  const [kh, kw] = attrs.kernel;
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const top = attrs.pads[0][0];
  const left = attrs.pads[1][0];
  const outH = windowCount(h, attrs, 0);
  const outW = windowCount(w, attrs, 1);
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const isBool = out.dtype === 'bool';
  const cv = cols.values;
  let p = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let oy = 0; oy < outH; oy++) {
          const y = oy * sh + i * dh - top;
          for (let ox = 0; ox < outW; ox++, p++) {
            const xx = ox * sw + j * dw - left;
            if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
            const at = base + y * w + xx;
            const sum = result[at]! + cv[p]!;
            result[at] = isBool ? (sum !== 0 ? 1 : 0) : sum;
          }
        }
      }
    }
  }
  return result;
};
