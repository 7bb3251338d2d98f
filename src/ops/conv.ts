/**
 * Convolutions (cross-correlation, as PyTorch): conv2d and conv1d via the `im2col` kernel and a
 * batched matmul of the weights [groups, O/groups, C/groups·kh·kw] with each sample's columns
 * [groups, C/groups·kh·kw, outH·outW]. The backward matmuls use the transpose flags, and the
 * columns' gradient returns to the input through `col2im`.
 */
import { formatShape, ShapeError } from '../core/index.js';
import { reshapeView, runKernel, type Tensor, scoped } from '../tensor/index.js';
import { add } from './arithmetic.js';
import { squeeze, unsqueeze } from './shape.js';
import { extractWindows, toPair, windowGeometry } from './windows.js';

/** Options of conv1d/conv2d: a number applies to both spatial dimensions. */
export interface ConvOptions {
  readonly stride?: number | readonly number[];
  readonly padding?: number | readonly number[];
  readonly dilation?: number | readonly number[];
  readonly groups?: number;
}

/**
 * 2-D convolution: out[n, o] = bias[o] + Σ_c Σ_ij weight[o, c, i, j] · x[n, g·C/g + c, s·y + d·i − p, s·x + d·j − p].
 * @param x - [N, C, H, W] (or unbatched [C, H, W])
 * @param weight - [O, C/groups, kh, kw]
 * @param bias - [O], optional
 * @returns [N, O, outH, outW]
 * @example tn.conv2d(x, w, b, {stride: 2, padding: 1})
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return scoped([x, weight, bias], () => {
    if (x.ndim === 3) return squeeze(conv2d(unsqueeze(x, 0), weight, bias, options), 0);
    if (x.ndim !== 4) throw new ShapeError('conv2d', `expected input [N, C, H, W], found ${formatShape(x.shape)}`);
    if (weight.ndim !== 4) throw new ShapeError('conv2d', `expected weight [O, C/groups, kh, kw], found ${formatShape(weight.shape)}`);
    const groups = options.groups ?? 1;
    const [n, c] = x.shape as [number, number];
    const [o, cPerGroup, kh, kw] = weight.shape as [number, number, number, number];
    if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0 || o % groups !== 0) {
      throw new ShapeError('conv2d', `groups=${groups} must divide both input channels ${c} and output channels ${o}`);
    }
    if (cPerGroup * groups !== c) {
      throw new ShapeError('conv2d', `input ${formatShape(x.shape)} has ${c} channels but weight ${formatShape(weight.shape)} expects ${cPerGroup * groups} (${cPerGroup} per group × ${groups} groups)`);
    }
    if (bias !== undefined && bias !== null && (bias.ndim !== 1 || bias.shape[0] !== o)) {
      throw new ShapeError('conv2d', `bias must have shape [${o}], found ${formatShape(bias.shape)}`);
    }
    const spec = {
      kernel: [kh, kw] as const,
      stride: toPair(options.stride ?? 1, 'stride', 'conv2d', 1),
      padding: toPair(options.padding ?? 0, 'padding', 'conv2d', 0),
      dilation: toPair(options.dilation ?? 1, 'dilation', 'conv2d', 1),
    };
    const { windows, outH, outW } = extractWindows(x, windowGeometry(spec), 0, 'conv2d');
    const k = cPerGroup * kh * kw;
    const cols = reshapeView(windows, [n, groups, k, outH * outW], 'conv2d');
    const w = reshapeView(weight, [groups, o / groups, k], 'conv2d');
    const product = runKernel('matmul', [w, cols], { transposeA: false, transposeB: false }, 'conv2d');
    const out = reshapeView(product, [n, o, outH, outW], 'conv2d');
    return bias === undefined || bias === null ? out : add(out, reshapeView(bias, [1, o, 1, 1], 'conv2d'));
  });
}

/**
 * 1-D convolution over [N, C, L] with weight [O, C/groups, k]; computed as a conv2d of height 1.
 * @returns [N, O, outL]
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvOptions = {}): Tensor {
  return scoped([x, weight, bias], () => {
    if (x.ndim === 2) return squeeze(conv1d(unsqueeze(x, 0), weight, bias, options), 0);
    if (x.ndim !== 3) throw new ShapeError('conv1d', `expected input [N, C, L], found ${formatShape(x.shape)}`);
    if (weight.ndim !== 3) throw new ShapeError('conv1d', `expected weight [O, C/groups, k], found ${formatShape(weight.shape)}`);
    // the added height dimension has size 1: stride 1, padding 0, dilation 1 there
    const widthOnly = (v: number | readonly number[] | undefined, heightValue: number): [number, number] =>
      [heightValue, typeof v === 'number' ? v : v?.[0] ?? heightValue];
    const out = conv2d(unsqueeze(x, 2), unsqueeze(weight, 2), bias, {
      stride: widthOnly(options.stride, 1),
      padding: widthOnly(options.padding, 0),
      dilation: widthOnly(options.dilation, 1),
      groups: options.groups ?? 1,
    });
    return squeeze(out, 2);
  });
}
