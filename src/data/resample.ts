/**
 * Bilinear resampling of one image plane with Pillow's rule (`Image.resize(size, Image.BILINEAR)`): pixel centres at
 * i + ½, and when shrinking the triangle filter widens by the scale factor, so each output pixel averages the input
 * pixels it covers (antialiasing) instead of sampling two of them.
 */

/** Taps of one axis: for output index i, `count[i]` weights from input index `start[i]` on. */
interface Taps {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly weights: Float64Array;
  readonly stride: number;
}

/** Pillow's `precompute_coeffs` for the bilinear filter (support 1), in float64. */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(center - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(center + support + 0.5));
    let total = 0;
    for (let x = lo; x < hi; x++) {
      const d = Math.abs((x - center + 0.5) / filterScale);
      const w = d < 1 ? 1 - d : 0;
      weights[i * stride + x - lo] = w;
      total += w;
    }
    if (total !== 0) for (let k = 0; k < hi - lo; k++) weights[i * stride + k]! /= total;
    start[i] = lo;
    count[i] = hi - lo;
  }
  return { start, count, weights, stride };
}

/**
 * Resize a row-major plane `[inH, inW]` to `[outH, outW]` (rows first, then columns, as Pillow does; an axis whose
 * size does not change is copied). Enlarging is plain bilinear interpolation with edge pixels repeated; shrinking
 * averages over each output pixel's footprint. Sums are taken in float64 and stored in float32, as Pillow does for
 * mode 'F' images.
 * @param src - inH × inW values
 * @returns outH × outW values (a new array)
 * @example resizePlane(Float32Array.of(0, 255), 1, 2, 1, 4) // [0, 63.75, 191.25, 255]
 */
export function resizePlane(src: Float32Array, inH: number, inW: number, outH: number, outW: number): Float32Array {
  let plane = src;
  if (outW !== inW) {
    const t = taps(inW, outW);
    const next = new Float32Array(inH * outW);
    for (let y = 0; y < inH; y++) {
      for (let x = 0; x < outW; x++) {
        let s = 0;
        const base = y * inW + t.start[x]!;
        for (let k = 0; k < t.count[x]!; k++) s += plane[base + k]! * t.weights[x * t.stride + k]!;
        next[y * outW + x] = s;
      }
    }
    plane = next;
  }
  if (outH !== inH) {
    const t = taps(inH, outH);
    const next = new Float32Array(outH * outW);
    for (let y = 0; y < outH; y++) {
      const start = t.start[y]!;
      const count = t.count[y]!;
      const w = y * t.stride;
      for (let x = 0; x < outW; x++) {
        let s = 0;
        for (let k = 0; k < count; k++) s += plane[(start + k) * outW + x]! * t.weights[w + k]!;
        next[y * outW + x] = s;
      }
    }
    plane = next;
  }
  return plane === src ? Float32Array.from(src) : plane;
}
