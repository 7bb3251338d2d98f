/** Walking the taps of every sliding window, shared by the reference `im2col` and `col2im`. */
import type { WindowGeometry } from '../kernels.js';
import { windowCount } from '../window-geometry.js';

/**
 * Call `visit(column, pixel)` for every tap of every window of an image [N, C, H, W], in the
 * row-major order of the columns [N, C·kh·kw, outH·outW] (row (c·kh + i)·kw + j, column
 * oy·outW + ox): `column` is the flat index into the columns, `pixel` the flat index into the image
 * of x[n, c, oy·sh + i·dh − top, ox·sw + j·dw − left], or −1 where that lies in the padding.
 */
export function forEachTap(image: readonly number[], g: WindowGeometry, visit: (column: number, pixel: number) => void): void {
  const [n, c, h, w] = image as [number, number, number, number];
  const [kh, kw] = g.kernel;
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const top = g.pads[0][0];
  const left = g.pads[1][0];
  const outH = windowCount(h, g, 0);
  const outW = windowCount(w, g, 1);
  let column = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        for (let oy = 0; oy < outH; oy++) {
          const y = oy * sh + i * dh - top;
          for (let ox = 0; ox < outW; ox++) {
            const x = ox * sw + j * dw - left;
            visit(column++, y >= 0 && y < h && x >= 0 && x < w ? base + y * w + x : -1);
          }
        }
      }
    }
  }
}
