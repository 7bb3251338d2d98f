/** Convolution layers: Conv1d and Conv2d (cross-correlation, as PyTorch). */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { conv1d, conv2d, pad } from '../../ops/index.js';
import { empty, adoptParameter } from '../tensor-factory.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { pyBool, pyTuple } from './py-repr.js';
import { scoped } from '../../tensor/index.js';

/** Padding of a convolution: a size for every side, one per spatial dimension, `'same'` (stride 1 only) or `'valid'` (none). */
export type ConvPadding = number | readonly number[] | 'same' | 'valid';

/** Options of Conv1d and Conv2d; a number applies to every spatial dimension. */
export interface ConvLayerOptions {
  /** Step between windows (default 1). */
  readonly stride?: number | readonly number[];
  /** Zero padding (default 0); `'same'` keeps the size (extra padding goes right/bottom, as PyTorch), `'valid'` is 0. */
  readonly padding?: ConvPadding;
  /** Spacing between kernel elements (default 1). */
  readonly dilation?: number | readonly number[];
  /** Split channels into this many independent groups (default 1; must divide both channel counts). */
  readonly groups?: number;
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** How the border is padded; only `'zeros'` (the default) so far. */
  readonly paddingMode?: 'zeros';
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

function tupleOf(value: number | readonly number[], rank: number, name: string, op: string, min: number): number[] {
  const list = typeof value === 'number' ? new Array<number>(rank).fill(value) : [...value];
  if (list.length !== rank || list.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(op, `${name} must be an integer ≥ ${min} or a list of ${rank}, found ${JSON.stringify(value)}`);
  }
  return list;
}

/**
 * Shared part of Conv1d and Conv2d (PyTorch `_ConvNd`): weight [out, in/groups, ...kernel] and
 * bias [out], initialised as PyTorch — W ~ U(−1/√fanIn, 1/√fanIn) (Kaiming uniform, a = √5),
 * b ~ U(−1/√fanIn, 1/√fanIn), fanIn = in/groups · ∏kernel.
 */
export abstract class ConvNd extends Module {
  /** Weight [outChannels, inChannels/groups, ...kernelSize]. */
  weight: Parameter;
  /** Bias [outChannels], or null. */
  bias: Parameter | null;
  /** Kernel size per spatial dimension. */
  readonly kernelSize: readonly number[];
  /** Stride per spatial dimension. */
  readonly stride: readonly number[];
  /** Padding per spatial dimension, or `'same'` / `'valid'`. */
  readonly padding: readonly number[] | 'same' | 'valid';
  /** Dilation per spatial dimension. */
  readonly dilation: readonly number[];
  /** Number of channel groups. */
  readonly groups: number;
  /** Border mode (`'zeros'`). */
  readonly paddingMode: 'zeros';
  /** [before, after] zero padding per spatial dimension, resolved from `padding`. */
  private readonly sides: readonly (readonly [number, number])[];

  protected constructor(
    readonly inChannels: number, readonly outChannels: number, kernelSize: number | readonly number[],
    rank: number, options: ConvLayerOptions,
  ) {
    super();
    const op = this.constructor.name;
    for (const [name, v] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError(op, `${name} must be a positive integer, found ${v}`);
    }
    this.groups = options.groups ?? 1;
    if (!Number.isInteger(this.groups) || this.groups <= 0) throw new ValueError(op, `groups must be a positive integer, found ${this.groups}`);
    if (inChannels % this.groups !== 0) throw new ValueError(op, `inChannels (${inChannels}) must be divisible by groups (${this.groups})`);
    if (outChannels % this.groups !== 0) throw new ValueError(op, `outChannels (${outChannels}) must be divisible by groups (${this.groups})`);
    const mode = options.paddingMode ?? 'zeros';
    if (mode !== 'zeros') throw new ValueError(op, `paddingMode '${String(mode)}' is not supported yet (only 'zeros')`);
    this.paddingMode = mode;
    this.kernelSize = tupleOf(kernelSize, rank, 'kernelSize', op, 1);
    this.stride = tupleOf(options.stride ?? 1, rank, 'stride', op, 1);
    this.dilation = tupleOf(options.dilation ?? 1, rank, 'dilation', op, 1);
    const padding = options.padding ?? 0;
    if (padding === 'same') {
      if (this.stride.some((s) => s !== 1)) throw new ValueError(op, `padding='same' is not supported for strided convolutions, found stride ${pyTuple(this.stride)}`);
      this.padding = 'same';
      this.sides = this.kernelSize.map((k, i) => {
        const total = (this.dilation[i] as number) * (k - 1);
        return [Math.floor(total / 2), total - Math.floor(total / 2)] as const;
      });
    } else if (padding === 'valid') {
      this.padding = 'valid';
      this.sides = this.kernelSize.map(() => [0, 0] as const);
    } else {
      if (typeof padding === 'string') throw new ValueError(op, `padding must be a number, a list, 'same' or 'valid', found '${String(padding)}'`);
      this.padding = tupleOf(padding, rank, 'padding', op, 0);
      this.sides = this.padding.map((p) => [p, p] as const);
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = adoptParameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize], dtype));
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    this.bias = null;
    if (options.bias ?? true) {
      this.bias = adoptParameter(empty([outChannels], dtype));
      const [fanIn] = calculateFanInAndFanOut(this.weight.shape);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  /** Check `x` is [N, C, ...spatial] or unbatched [C, ...spatial] with C = inChannels. */
  protected checkInput(x: Tensor, spatialNames: readonly string[]): void {
    const rank = spatialNames.length;
    const batched = x.ndim === rank + 2 && x.shape[1] === this.inChannels;
    const unbatched = x.ndim === rank + 1 && x.shape[0] === this.inChannels;
    if (!batched && !unbatched) {
      const dims = [String(this.inChannels), ...spatialNames].join(', ');
      throw new ShapeError(this.constructor.name, `expected input [N, ${dims}] or [${dims}], found ${formatShape(x.shape)}`);
    }
  }

  /** `x` padded by the asymmetric part of the padding (`'same'` with an even span), and the symmetric part left. */
  protected splitPadding(x: Tensor): { input: Tensor; symmetric: number[] } {
    const symmetric = this.sides.map(([before]) => before);
    const extra = this.sides.map(([before, after]) => after - before);
    if (extra.every((e) => e === 0)) return { input: x, symmetric };
    // F.pad order: last dimension first, each as [before, after]
    const widths = [...extra].reverse().flatMap((e) => [0, e]);
    return { input: pad(x, widths), symmetric };
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === 'string') s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += `, bias=${pyBool(false)}`;
    return s;
  }
}

/**
 * 1-D convolution over [N, C, L] (PyTorch `nn.Conv1d`): out[n, o, l] = b[o] + Σ_c Σ_k W[o, c, k] · x[n, c, s·l + d·k − p].
 * @example new tn.nn.Conv1d(16, 32, 3, {padding: 'same'}).forward(x) // [N, 16, L] → [N, 32, L]
 */
export class Conv1d extends ConvNd {
  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output (number of filters)
   * @param kernelSize - window length
   */
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], options: ConvLayerOptions = {}) {
    super(inChannels, outChannels, kernelSize, 1, options);
  }

  /** [N, inChannels, L] or [inChannels, L] → [N, outChannels, L'] or [outChannels, L']. */
  forward(x: Tensor): Tensor {
    this.checkInput(x, ['L']);
    return scoped([x, this.weight, this.bias], () => {
      const { input, symmetric } = this.splitPadding(x);
      return conv1d(input, this.weight, this.bias, {
        stride: this.stride, padding: symmetric, dilation: this.dilation, groups: this.groups,
      });
    });
  }
}

/**
 * 2-D convolution over [N, C, H, W] (PyTorch `nn.Conv2d`):
 * out[n, o, y, x] = b[o] + Σ_c Σ_ij W[o, c, i, j] · x[n, c, s·y + d·i − p, s·x + d·j − p].
 * @example new tn.nn.Conv2d(3, 16, 3, {padding: 1}).forward(images) // [N, 3, H, W] → [N, 16, H, W]
 */
export class Conv2d extends ConvNd {
  /**
   * @param inChannels - channels of the input
   * @param outChannels - channels of the output (number of filters)
   * @param kernelSize - window size: a number or [kh, kw]
   */
  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly number[], options: ConvLayerOptions = {}) {
    super(inChannels, outChannels, kernelSize, 2, options);
  }

  /** [N, inChannels, H, W] or [inChannels, H, W] → [N, outChannels, H', W'] or [outChannels, H', W']. */
  forward(x: Tensor): Tensor {
    this.checkInput(x, ['H', 'W']);
    return scoped([x, this.weight, this.bias], () => {
      const { input, symmetric } = this.splitPadding(x);
      return conv2d(input, this.weight, this.bias, {
        stride: this.stride, padding: symmetric, dilation: this.dilation, groups: this.groups,
      });
    });
  }
}
