/**
 * Sliding windows (im2col) built from primitives: pad, then gather every window position.
 * Convolution and pooling use it, so their gradients come from the gather/pad rules alone.
 */
import { ValueError, formatShape } from '../core/index.js';
import { fromTypedArray, reshapeView, runKernel, type Tensor } from '../tensor/index.js';

/** A pair of sizes for the two spatial dimensions [height, width]. */
export type Pair = readonly [number, number];

/** Geometry of a 2-D sliding window. */
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

const indexCache = new Map<string, Int32Array>();

/** Flat indices into the padded plane: row (ki·kw + kj), column (oy·ow + ox). */
function windowIndexArray(paddedWidth: number, outH: number, outW: number, spec: WindowSpec): Int32Array {
  const key = [paddedWidth, outH, outW, ...spec.kernel, ...spec.stride, ...spec.dilation].join(',');
  const cached = indexCache.get(key);
  if (cached !== undefined) return cached;
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride;
  const [dh, dw] = spec.dilation;
  const out = new Int32Array(kh * kw * outH * outW);
  let p = 0;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let oy = 0; oy < outH; oy++) {
        const row = (oy * sh + i * dh) * paddedWidth;
        for (let ox = 0; ox < outW; ox++) out[p++] = row + ox * sw + j * dw;
      }
    }
  }
  if (indexCache.size > 256) indexCache.clear();
  indexCache.set(key, out);
  return out;
}

/**
 * Every window of `x` [N, C, H, W] as a tensor [N, C, kh·kw, outH·outW], padding with `padValue`
 * (extra right/bottom padding `extra` supports ceil mode).
 */
export function extractWindows(
  x: Tensor, spec: WindowSpec, padValue: number, op: string, extra: Pair = [0, 0],
): { windows: Tensor; outH: number; outW: number } {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [ph, pw] = spec.padding;
  const outH = outputSize(h, spec.kernel[0], spec.stride[0], ph, spec.dilation[0]) + (extra[0] > 0 ? 1 : 0);
  const outW = outputSize(w, spec.kernel[1], spec.stride[1], pw, spec.dilation[1]) + (extra[1] > 0 ? 1 : 0);
  if (outH <= 0 || outW <= 0) {
    throw new ValueError(op, `output size would be ${outH}x${outW} for input ${formatShape(x.shape)} with kernel ${spec.kernel.join('x')}, ` +
      `stride ${spec.stride.join('x')}, padding ${spec.padding.join('x')}, dilation ${spec.dilation.join('x')}`);
  }
  const padded = ph + pw + extra[0] + extra[1] > 0
    ? runKernel('pad', [x], { pads: [[0, 0], [0, 0], [ph, ph + extra[0]], [pw, pw + extra[1]]], value: padValue }, op)
    : x;
  const hp = h + 2 * ph + extra[0];
  const wp = w + 2 * pw + extra[1];
  const plane = reshapeView(padded, [n, c, hp * wp], op);
  const indices = fromTypedArray(windowIndexArray(wp, outH, outW, spec), [spec.kernel[0] * spec.kernel[1], outH * outW], 'int32');
  return { windows: runKernel('gather', [plane, indices], { axis: 2 }, op), outH, outW };
}
