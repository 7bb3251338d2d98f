/**
 * Sliding-window geometry shared by output inference, the reference kernels and faster backends:
 * how many windows fit, which taps of a window land inside the image, and the checks with their
 * messages (`conv2d: output size would be 0x0 for input [1,1,2,2] with kernel 3x3, …`).
 */
import { formatShape, ValueError, type Shape } from '../core/index.js';
import type { WindowGeometry } from './kernels.js';

/** Axis 0 is the height (rows), axis 1 the width (columns). */
export type WindowAxis = 0 | 1;

/**
 * The number of windows along one axis of `size` positions: ⌊(size + before + after − d·(k − 1) − 1) / s⌋ + 1,
 * or 0 when not even one window fits.
 */
export function windowCount(size: number, g: WindowGeometry, axis: WindowAxis): number {
  const [before, after] = g.pads[axis];
  const span = size + before + after - g.dilation[axis] * (g.kernel[axis] - 1) - 1;
  return span < 0 ? 0 : Math.floor(span / g.stride[axis]) + 1;
}

/**
 * The taps [lo, hi) of window `o` along one axis that land inside [0, size): tap t reads position
 * o·s + t·d − before. Empty (lo ≥ hi) when the window covers only padding.
 */
export function tapRange(o: number, size: number, g: WindowGeometry, axis: WindowAxis): [lo: number, hi: number] {
  const start = o * g.stride[axis] - g.pads[axis][0];
  const d = g.dilation[axis];
  const lo = start >= 0 ? 0 : Math.ceil(-start / d);
  const hi = start > size - 1 ? 0 : Math.min(g.kernel[axis], Math.floor((size - 1 - start) / d) + 1);
  return [lo, hi];
}

function isPairOf(value: readonly number[], min: number): boolean {
  return value.length === 2 && value.every((v) => Number.isInteger(v) && v >= min);
}

/** `1x1` for symmetric padding, `[0,1]x[0,1]` (before and after) otherwise. */
function formatPads(pads: WindowGeometry['pads']): string {
  const [[top, bottom], [left, right]] = pads;
  return top === bottom && left === right ? `${top}x${left}` : `[${top},${bottom}]x[${left},${right}]`;
}

/** `kernel 3x3, stride 1x1, padding 0x0, dilation 1x1`, for messages. */
export function describeWindows(g: WindowGeometry): string {
  return `kernel ${g.kernel.join('x')}, stride ${g.stride.join('x')}, padding ${formatPads(g.pads)}, dilation ${g.dilation.join('x')}`;
}

/**
 * Check the geometry's numbers and that at least one window fits an image of `size` [H, W];
 * return the grid of windows [outH, outW]. `input` is the shape named in messages.
 * @throws ValueError `conv2d: output size would be 0x0 for input [1,1,2,2] with kernel 3x3, stride 1x1, padding 0x0, dilation 1x1`
 */
export function windowGrid(size: readonly [number, number], g: WindowGeometry, input: Shape, op: string): [outH: number, outW: number] {
  for (const name of ['kernel', 'stride', 'dilation'] as const) {
    if (!isPairOf(g[name], 1)) throw new ValueError(op, `${name} must be a pair of integers ≥ 1, found ${JSON.stringify(g[name])}`);
  }
  if (g.pads.length !== 2 || !g.pads.every((p) => isPairOf(p, 0))) {
    throw new ValueError(op, `pads must be [[top, bottom], [left, right]] of integers ≥ 0, found ${JSON.stringify(g.pads)}`);
  }
  const outH = windowCount(size[0], g, 0);
  const outW = windowCount(size[1], g, 1);
  if (outH <= 0 || outW <= 0) {
    throw new ValueError(op, `output size would be ${outH}x${outW} for input ${formatShape(input)} with ${describeWindows(g)}`);
  }
  return [outH, outW];
}

/**
 * Check that every window overlaps the image of `size` [H, W] (kernels that pick a tap need one).
 * @throws ValueError `maxPool2d: window row 0 lies entirely in the padding for input [1,1,2,2] with kernel …`
 */
export function checkWindowsOverlap(size: readonly [number, number], grid: readonly [number, number], g: WindowGeometry, input: Shape, op: string): void {
  for (const axis of [0, 1] as const) {
    for (let o = 0; o < grid[axis]; o++) {
      const [lo, hi] = tapRange(o, size[axis], g, axis);
      if (lo >= hi) {
        throw new ValueError(op, `window ${axis === 0 ? 'row' : 'column'} ${o} lies entirely in the padding for input ${formatShape(input)} with ${describeWindows(g)}`);
      }
    }
  }
}
