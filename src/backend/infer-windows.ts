/**
 * Output inference for the sliding-window kernels (`im2col`, `col2im`, `maxPoolGather`,
 * `maxPoolScatter`): shapes follow from the window geometry, and bad shapes or geometry fail
 * here, before any backend runs.
 */
import { formatShape, ShapeError, shapesEqual, ValueError } from '../core/index.js';
import type { KernelAttrs, OutputInfo, WindowGeometry } from './kernels.js';
import type { ShapedInfo } from './infer.js';
import { checkWindowsOverlap, describeWindows, windowGrid } from './window-geometry.js';

/** The [N, C, H, W] of an image input, checked to be rank 4. */
function imageShape(x: ShapedInfo, op: string): [number, number, number, number] {
  if (x.shape.length !== 4) throw new ShapeError(op, `expected input [N, C, H, W], found ${formatShape(x.shape)}`);
  return x.shape as unknown as [number, number, number, number];
}

/** im2col: x [N, C, H, W] → [N, C·kh·kw, outH·outW], same dtype. */
export function inferIm2col(x: ShapedInfo, attrs: KernelAttrs<'im2col'>, op: string): OutputInfo {
  const [n, c, h, w] = imageShape(x, op);
  const [outH, outW] = windowGrid([h, w], attrs, x.shape, op);
  return { shape: [n, c * attrs.kernel[0] * attrs.kernel[1], outH * outW], dtype: x.dtype };
}

/** col2im: columns [N, C·kh·kw, outH·outW] → [N, C, size[0], size[1]], same dtype. */
export function inferCol2im(cols: ShapedInfo, attrs: KernelAttrs<'col2im'>, op: string): OutputInfo {
  const { size } = attrs;
  if (size.length !== 2 || !size.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ValueError(op, `size must be a pair of integers ≥ 0, found ${JSON.stringify(size)}`);
  }
  if (cols.shape.length !== 3) throw new ShapeError(op, `expected columns [N, C·kh·kw, L], found ${formatShape(cols.shape)}`);
  const [n, rows, count] = cols.shape as unknown as [number, number, number];
  const taps = attrs.kernel[0] * attrs.kernel[1];
  if (rows % taps !== 0) {
    throw new ShapeError(op, `columns ${formatShape(cols.shape)}: ${rows} rows are not a multiple of the ${taps} taps of a ${attrs.kernel.join('x')} kernel`);
  }
  const [outH, outW] = windowGrid(size, attrs, [n, rows / taps, size[0], size[1]], op);
  if (count !== outH * outW) {
    throw new ShapeError(op, `columns ${formatShape(cols.shape)}: expected ${outH * outW} columns (${outH}x${outW} windows over ${size.join('x')} with ${describeWindows(attrs)}), found ${count}`);
  }
  return { shape: [n, rows / taps, size[0], size[1]], dtype: cols.dtype };
}

/** The grid of windows over x [N, C, H, W] for a kernel that picks a tap of each window: every window must overlap x. */
function maxPoolGrid(x: ShapedInfo, attrs: WindowGeometry, op: string): [number, number] {
  const [, , h, w] = imageShape(x, op);
  const grid = windowGrid([h, w], attrs, x.shape, op);
  checkWindowsOverlap([h, w], grid, attrs, x.shape, op);
  return grid;
}

/** maxPoolGather: x and v [N, C, H, W] → [N, C, outH, outW] of v's dtype. */
export function inferMaxPoolGather(x: ShapedInfo, v: ShapedInfo, attrs: KernelAttrs<'maxPoolGather'>, op: string): OutputInfo {
  const [outH, outW] = maxPoolGrid(x, attrs, op);
  if (!shapesEqual(v.shape, x.shape)) {
    throw new ShapeError(op, `values must have the shape of x ${formatShape(x.shape)}, found ${formatShape(v.shape)}`);
  }
  return { shape: [x.shape[0]!, x.shape[1]!, outH, outW], dtype: v.dtype };
}

/** maxPoolScatter: x [N, C, H, W] and u [N, C, outH, outW] → [N, C, H, W] of u's dtype. */
export function inferMaxPoolScatter(x: ShapedInfo, u: ShapedInfo, attrs: KernelAttrs<'maxPoolScatter'>, op: string): OutputInfo {
  const [outH, outW] = maxPoolGrid(x, attrs, op);
  const expected = [x.shape[0]!, x.shape[1]!, outH, outW];
  if (!shapesEqual(u.shape, expected)) {
    throw new ShapeError(op, `updates must have shape ${formatShape(expected)} (one per window of x ${formatShape(x.shape)}), found ${formatShape(u.shape)}`);
  }
  return { shape: x.shape, dtype: u.dtype };
}
