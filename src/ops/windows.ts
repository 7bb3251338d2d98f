/**
 * Sliding windows for convolution and pooling: option parsing (`toPair`), output sizes, and the
 * windows themselves as columns through the `im2col` kernel, whose gradient (`col2im`) sums each
 * column entry back onto the pixel it came from.
 */
import { ValueError } from '../core/index.js';
import { windowCount, type WindowGeometry } from '../backend/index.js';
import { runKernel, type Tensor } from '../tensor/index.js';

/** A pair of sizes for the two spatial dimensions [height, width]. */
export type Pair = readonly [number, number];

/** Geometry of a 2-D sliding window with symmetric padding, as the ops take it. */
export interface WindowSpec {
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  readonly dilation: Pair;
}

/** `n` or `[h, w]` as a validated pair of integers ≥ `min`. */
export function toPair(value: number | readonly number[], name: string, op: string, min: number): Pair {
  const pair = typeof value === 'number' ? [value, value] : [...value];
  if (pair.length !== 2 || pair.some((v) => !Number.isInteger(v) || (v as number) < min)) {
    throw new ValueError(op, `${name} must be an integer ≥ ${min} or a pair of them, found ${JSON.stringify(value)}`);
  }
  return pair as unknown as Pair;
}

/** Output size of one spatial dimension. */
export function outputSize(input: number, kernel: number, stride: number, padding: number, dilation: number, ceilMode = false): number {
  const span = input + 2 * padding - dilation * (kernel - 1) - 1;
  let out = (ceilMode ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
  // as PyTorch: with ceil mode the last window must start inside the input or left padding
  if (ceilMode && (out - 1) * stride >= input + padding) out--;
  return out;
}

/** The kernels' geometry for `spec`, with `extra` padding rows/columns after the image (ceil mode). */
export function windowGeometry(spec: WindowSpec, extra: Pair = [0, 0]): WindowGeometry {
  const [ph, pw] = spec.padding;
  return { kernel: spec.kernel, stride: spec.stride, dilation: spec.dilation, pads: [[ph, ph + extra[0]], [pw, pw + extra[1]]] };
}

/**
 * Every window of `x` [N, C, H, W] as columns [N, C·kh·kw, outH·outW] (row (c·kh + i)·kw + j), with
 * `padValue` where a window covers the padding.
 * @throws ValueError (named after `op`) when no window fits.
 */
export function extractWindows(
  x: Tensor, geometry: WindowGeometry, padValue: number, op: string,
): { windows: Tensor; outH: number; outW: number } {
  const windows = runKernel('im2col', [x], { ...geometry, value: padValue }, op);
  const [, , h, w] = x.shape as [number, number, number, number];
  return { windows, outH: windowCount(h, geometry, 0), outW: windowCount(w, geometry, 1) };
}
