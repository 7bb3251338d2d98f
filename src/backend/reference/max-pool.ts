/** The `maxPoolGather` and `maxPoolScatter` kernels: routing values through each window's maximum. */
import { allocArray, sizeOf, type TypedArray } from '../../core/index.js';
import type { WindowGeometry } from '../kernels.js';
import { tapRange, windowCount } from '../window-geometry.js';
import type { ArrayTensor, ReferenceKernel } from './reference-kernel.js';

/**
 * Call `visit(window, at)` for every window of x [N, C, H, W] in row-major order (planes, then oy,
 * then ox), with `at` the flat index into x of the window's first maximum among its taps inside x,
 * visited in order of (i, j); NaN counts as larger than everything, so the first NaN wins (as
 * `argReduce`). Inference has checked that every window has a tap inside x.
 */
function forEachWindowArgmax(x: ArrayTensor, g: WindowGeometry, visit: (window: number, at: number) => void): void {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const top = g.pads[0][0];
  const left = g.pads[1][0];
  const outH = windowCount(h, g, 0);
  const outW = windowCount(w, g, 1);
  const xv = x.values;
  let window = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < outH; oy++) {
      const [iLo, iHi] = tapRange(oy, h, g, 0);
      for (let ox = 0; ox < outW; ox++) {
        const [jLo, jHi] = tapRange(ox, w, g, 1);
        let best = 0;
        let bestAt = -1;
        taps: for (let i = iLo; i < iHi; i++) {
          const row = base + (oy * sh + i * dh - top) * w;
          for (let j = jLo; j < jHi; j++) {
            const at = row + ox * sw + j * dw - left;
            const v = xv[at]!;
            if (bestAt < 0 || v > best || v !== v) {
              best = v;
              bestAt = at;
              if (v !== v) break taps;
            }
          }
        }
        visit(window++, bestAt);
      }
    }
  }
}

/** The reference `maxPoolGather`: each window's output is v at the first maximum of x's window. */
export const maxPoolGatherKernel: ReferenceKernel<'maxPoolGather'> = ([x, v], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const vv = v.values;
  forEachWindowArgmax(x, attrs, (window, at) => { result[window] = vv[at]!; });
  return result;
};

/**
 * The reference `maxPoolScatter`: zeros of x's shape, then u[window] added at the first maximum of
 * x's window, in window order; each sum rounded into the dtype (OR for bool).
 */
export const maxPoolScatterKernel: ReferenceKernel<'maxPoolScatter'> = ([x, u], attrs, out) => {
  const result: TypedArray = allocArray(out.dtype, sizeOf(out.shape));
  const uv = u.values;
  const isBool = out.dtype === 'bool';
  forEachWindowArgmax(x, attrs, (window, at) => {
    const sum = result[at]! + uv[window]!;
    result[at] = isBool ? (sum !== 0 ? 1 : 0) : sum;
  });
  return result;
};
