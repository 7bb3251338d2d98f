/** Pooling layers: MaxPool2d, AvgPool2d, AdaptiveAvgPool2d (thin wrappers over the functional ops). */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d } from '../../ops/index.js';
import { Module } from '../module.js';
import { pyBool, pyTuple } from './py-repr.js';

/** A size for both spatial dimensions, or [height, width]. */
export type Size2d = number | readonly number[];

/** Options of MaxPool2d. */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  readonly stride?: Size2d;
  /** Implicit −∞ padding on every side (default 0; at most half the kernel). */
  readonly padding?: Size2d;
  /** Spacing between window elements (default 1). */
  readonly dilation?: Size2d;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode?: boolean;
}

/** Options of AvgPool2d. */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  readonly stride?: Size2d;
  /** Implicit zero padding on every side (default 0; at most half the kernel). */
  readonly padding?: Size2d;
  /** Round the output size up instead of down (default false). */
  readonly ceilMode?: boolean;
  /** Count padded zeros in the divisor (default true, as PyTorch). */
  readonly countIncludePad?: boolean;
}

function checkPoolInput(layer: Module, x: Tensor): void {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new ShapeError(layer.constructor.name, `expected input [N, C, H, W] or [C, H, W], found ${formatShape(x.shape)}`);
  }
}

function checkSize(value: Size2d, name: string, op: string, min: number): void {
  const list = typeof value === 'number' ? [value] : value;
  if ((typeof value !== 'number' && list.length !== 2) || list.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(op, `${name} must be an integer ≥ ${min} or a pair of them, found ${JSON.stringify(value)}`);
  }
}

/**
 * 2-D max pooling (PyTorch `nn.MaxPool2d`): the largest value of each window; the gradient goes
 * to the first maximum.
 * @example new tn.nn.MaxPool2d(2).forward(x) // [N, C, 28, 28] → [N, C, 14, 14]
 */
export class MaxPool2d extends Module {
  /** Step between windows (the kernel size when not given). */
  readonly stride: Size2d;
  /** Padding on every side. */
  readonly padding: Size2d;
  /** Spacing between window elements. */
  readonly dilation: Size2d;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;

  /** @param kernelSize - window size: a number or [kh, kw] */
  constructor(readonly kernelSize: Size2d, options: MaxPool2dOptions = {}) {
    super();
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
    checkSize(kernelSize, 'kernelSize', 'MaxPool2d', 1);
    checkSize(this.stride, 'stride', 'MaxPool2d', 1);
    checkSize(this.padding, 'padding', 'MaxPool2d', 0);
    checkSize(this.dilation, 'dilation', 'MaxPool2d', 1);
  }

  /** [N, C, H, W] or [C, H, W] → [N, C, H', W'] or [C, H', W']. */
  forward(x: Tensor): Tensor {
    checkPoolInput(this, x);
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode });
  }

  override extraRepr(): string {
    return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}, ` +
      `dilation=${pyTuple(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * 2-D average pooling (PyTorch `nn.AvgPool2d`): the mean of each window; with `countIncludePad`
 * (default) padded zeros count in the divisor.
 * @example new tn.nn.AvgPool2d(3, {stride: 2, padding: 1}).forward(x)
 */
export class AvgPool2d extends Module {
  /** Step between windows (the kernel size when not given). */
  readonly stride: Size2d;
  /** Padding on every side. */
  readonly padding: Size2d;
  /** Whether the output size is rounded up. */
  readonly ceilMode: boolean;
  /** Whether padded zeros count in the divisor. */
  readonly countIncludePad: boolean;

  /** @param kernelSize - window size: a number or [kh, kw] */
  constructor(readonly kernelSize: Size2d, options: AvgPool2dOptions = {}) {
    super();
    this.stride = options.stride ?? kernelSize;
    this.padding = options.padding ?? 0;
    this.ceilMode = options.ceilMode ?? false;
    this.countIncludePad = options.countIncludePad ?? true;
    checkSize(kernelSize, 'kernelSize', 'AvgPool2d', 1);
    checkSize(this.stride, 'stride', 'AvgPool2d', 1);
    checkSize(this.padding, 'padding', 'AvgPool2d', 0);
  }

  /** [N, C, H, W] or [C, H, W] → [N, C, H', W'] or [C, H', W']. */
  forward(x: Tensor): Tensor {
    checkPoolInput(this, x);
    return avgPool2d(x, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}`;
  }
}

/**
 * Average pooling to a fixed output size (PyTorch `nn.AdaptiveAvgPool2d`): output cell i averages
 * input cells [⌊i·in/out⌋, ⌈(i+1)·in/out⌉); `null` keeps that dimension's input size.
 * @example new tn.nn.AdaptiveAvgPool2d(1).forward(features) // global average pooling → [N, C, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  /** @param outputSize - a number, or [h, w] where `null` keeps the input size */
  constructor(readonly outputSize: number | readonly (number | null)[]) {
    super();
    const list = typeof outputSize === 'number' ? [outputSize] : outputSize;
    if ((typeof outputSize !== 'number' && list.length !== 2) || list.some((v) => v !== null && (!Number.isInteger(v) || v < 1))) {
      throw new ValueError('AdaptiveAvgPool2d', `outputSize must be a positive integer or a pair of them (null keeps the input size), found ${JSON.stringify(outputSize)}`);
    }
  }

  /** [N, C, H, W] or [C, H, W] → [N, C, oh, ow] or [C, oh, ow]. */
  forward(x: Tensor): Tensor {
    checkPoolInput(this, x);
    const size = typeof this.outputSize === 'number' ? [this.outputSize, this.outputSize] : this.outputSize;
    const resolved = size.map((v, i) => v ?? (x.shape[x.ndim - 2 + i] as number));
    return adaptiveAvgPool2d(x, resolved);
  }

  override extraRepr(): string {
    return `output_size=${pyTuple(this.outputSize)}`;
  }
}
