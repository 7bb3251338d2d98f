/** The `im2col` kernel: every sliding window of an image as a column. */
import { allocArray, castArray, sizeOf } from '../../core/index.js';
import { windowCount } from '../window-geometry.js';
import type { ReferenceKernel } from './reference-kernel.js';

/**
 * The reference `im2col`: x [N, C, H, W] → [N, C·kh·kw, outH·outW], where row (c·kh + i)·kw + j,
 * column oy·outW + ox holds x[n, c, oy·sh + i·dh − top, ox·sw + j·dw − left], or `value`
 * (converted to the dtype like `cast`) when that position lies in the padding.
 */
export const im2colKernel: ReferenceKernel<'im2col'> = ([x], attrs, out) => {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = attrs.kernel;
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const top = attrs.pads[0][0];
  const left = attrs.pads[1][0];
  const outH = windowCount(h, attrs, 0);
  const outW = windowCount(w, attrs, 1);
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const fill = castArray([attrs.value], out.dtype)[0]!;
  const xv = x.values;
  let p = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let oy = 0; oy < outH; oy++) {
          const y = oy * sh + i * dh - top;
          for (let ox = 0; ox < outW; ox++) {
            const xx = ox * sw + j * dw - left;
            result[p++] = y >= 0 && y < h && xx >= 0 && xx < w ? xv[base + y * w + xx]! : fill;
          }
        }
      }
    }
  }
  return result;
};
