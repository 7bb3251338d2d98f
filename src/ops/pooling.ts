/**
 * Pooling: maxPool2d (the `maxPoolGather` kernel), avgPool2d (`im2col` windows summed),
 * adaptiveAvgPool2d (two matmuls).
 */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import type { WindowGeometry } from '../backend/index.js';
import { fromTypedArray, reshapeView, runKernel, type Tensor, scoped } from '../tensor/index.js';
import { div } from './arithmetic.js';
import { asFloat } from './operand.js';
import { squeeze, unsqueeze } from './shape.js';
import { extractWindows, outputSize, toPair, windowGeometry, type Pair, type WindowSpec } from './windows.js';

/** Options of maxPool2d/avgPool2d; `stride` defaults to the kernel size. */
export interface PoolOptions {
  readonly stride?: number | readonly number[];
  readonly padding?: number | readonly number[];
  readonly dilation?: number | readonly number[];
  /** Round the output size up instead of down. */
  readonly ceilMode?: boolean;
}

/** Options of avgPool2d. */
export interface AvgPoolOptions extends PoolOptions {
  /** Count padded zeros in the divisor (PyTorch default true). */
  readonly countIncludePad?: boolean;
}

/** The pooling window of `options`; `geometry` adds the extra bottom/right padding of ceil mode (`extra`). */
function poolSpec(
  x: Tensor, kernelSize: number | readonly number[], options: PoolOptions, op: string,
): { spec: WindowSpec; extra: Pair; geometry: WindowGeometry } {
  if (x.ndim !== 4) throw new ShapeError(op, `expected input [N, C, H, W], found ${formatShape(x.shape)}`);
  const kernel = toPair(kernelSize, 'kernelSize', op, 1);
  const spec: WindowSpec = {
    kernel,
    stride: toPair(options.stride ?? kernel, 'stride', op, 1),
    padding: toPair(options.padding ?? 0, 'padding', op, 0),
    dilation: toPair(options.dilation ?? 1, 'dilation', op, 1),
  };
  if (spec.padding[0] * 2 > kernel[0] || spec.padding[1] * 2 > kernel[1]) {
    throw new ValueError(op, `padding ${spec.padding.join('x')} must be at most half the kernel size ${kernel.join('x')}`);
  }
  const ceilExtra = (d: 0 | 1): number => {
    if (options.ceilMode !== true) return 0;
    const args = [x.shape[2 + d] as number, spec.kernel[d], spec.stride[d], spec.padding[d], spec.dilation[d]] as const;
    const grow = outputSize(...args, true) - outputSize(...args, false);
    return grow > 0 ? grow * spec.stride[d] : 0;
  };
  const extra: Pair = [ceilExtra(0), ceilExtra(1)];
  return { spec, extra, geometry: windowGeometry(spec, extra) };
}

/**
 * 2-D max pooling; the gradient goes to the first maximum of each window (as PyTorch).
 * @example tn.maxPool2d(x, 2) // halves H and W
 */
export function maxPool2d(x: Tensor, kernelSize: number | readonly number[], options: PoolOptions = {}): Tensor {
  return scoped([x], () => {
    if (x.ndim === 3) return squeeze(maxPool2d(unsqueeze(x, 0), kernelSize, options), 0);
    const { geometry } = poolSpec(x, kernelSize, options, 'maxPool2d');
    // x's values at x's window maxima: the gradient flows through the values (maxPoolScatter)
    return runKernel('maxPoolGather', [x, x], geometry, 'maxPool2d');
  });
}

/**
 * Number of elements each window averages: positions inside the input, or inside the padded
 * input when `includePad` (windows that ceil mode pushes past the padding are clipped, as PyTorch).
 */
function windowCounts(x: Tensor, spec: WindowSpec, outH: number, outW: number, includePad: boolean): Tensor {
  const count = (o: number, d: 0 | 1): number => {
    const size = x.shape[2 + d] as number;
    const lo = includePad ? -spec.padding[d] : 0;
    const hi = includePad ? size + spec.padding[d] : size;
    let n = 0;
    for (let i = 0; i < spec.kernel[d]; i++) {
      const pos = o * spec.stride[d] - spec.padding[d] + i * spec.dilation[d];
      if (pos >= lo && pos < hi) n++;
    }
    return n;
  };
  const values = x.dtype === 'float64' ? new Float64Array(outH * outW) : new Float32Array(outH * outW);
  for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) values[oy * outW + ox] = count(oy, 0) * count(ox, 1);
  return fromTypedArray(values, [outH, outW], x.dtype);
}

/**
 * 2-D average pooling. With `countIncludePad` (default) padded zeros count in the divisor.
 * @example tn.avgPool2d(x, 3, {stride: 2, padding: 1})
 */
export function avgPool2d(x: Tensor, kernelSize: number | readonly number[], options: AvgPoolOptions = {}): Tensor {
  return scoped([x], () => {
    if (x.ndim === 3) return squeeze(avgPool2d(unsqueeze(x, 0), kernelSize, options), 0);
    const xf = asFloat(x);
    const { spec, extra, geometry } = poolSpec(xf, kernelSize, options, 'avgPool2d');
    const { windows, outH, outW } = extractWindows(xf, geometry, 0, 'avgPool2d');
    const [n, c] = xf.shape as [number, number];
    const taps = reshapeView(windows, [n, c, spec.kernel[0] * spec.kernel[1], outH * outW], 'avgPool2d');
    const total = runKernel('reduce', [taps], { op: 'sum', axes: [2], keepDims: false }, 'avgPool2d');
    const sums = reshapeView(total, [n, c, outH, outW], 'avgPool2d');
    const includePad = options.countIncludePad !== false;
    if (includePad && extra[0] + extra[1] === 0) return div(sums, spec.kernel[0] * spec.kernel[1]);
    return div(sums, windowCounts(xf, spec, outH, outW, includePad));
  });
}

/** The [out, in] matrix that averages input cells [⌊i·in/out⌋, ⌈(i+1)·in/out⌉) into output cell i. */
function adaptiveMatrix(inSize: number, outSize: number, dtype: 'float32' | 'float64'): Tensor {
  const values = dtype === 'float64' ? new Float64Array(outSize * inSize) : new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const start = Math.floor((i * inSize) / outSize);
    const end = Math.ceil(((i + 1) * inSize) / outSize);
    for (let j = start; j < end; j++) values[i * inSize + j] = 1 / (end - start);
  }
  return fromTypedArray(values, [outSize, inSize], dtype);
}

/**
 * Average pooling to a fixed output size (PyTorch `adaptive_avg_pool2d`), as Pₕ · x · P_wᵀ.
 * @example tn.adaptiveAvgPool2d(features, 1) // global average pooling
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly number[]): Tensor {
  return scoped([x], () => {
    if (x.ndim === 3) return squeeze(adaptiveAvgPool2d(unsqueeze(x, 0), outputSize), 0);
    if (x.ndim !== 4) throw new ShapeError('adaptiveAvgPool2d', `expected input [N, C, H, W], found ${formatShape(x.shape)}`);
    const [oh, ow] = toPair(outputSize, 'outputSize', 'adaptiveAvgPool2d', 1);
    const xf = asFloat(x);
    const dtype = xf.dtype === 'float64' ? 'float64' : 'float32';
    const rows = runKernel('matmul', [adaptiveMatrix(xf.shape[2] as number, oh, dtype), xf], { transposeA: false, transposeB: false }, 'adaptiveAvgPool2d');
    return runKernel('matmul', [rows, adaptiveMatrix(xf.shape[3] as number, ow, dtype)], { transposeA: false, transposeB: true }, 'adaptiveAvgPool2d');
  });
}
