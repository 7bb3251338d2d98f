/** GroupNorm: normalisation over groups of channels of each sample. */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { ones, zeros, type Tensor, scoped } from '../../tensor/index.js';
import { add, mean, mul, reshape, rsqrt, sub } from '../../ops/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool, pyFloat } from './py-repr.js';
import { adoptParameter } from '../tensor-factory.js';

/** Options of GroupNorm. */
export interface GroupNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Learn a per-channel scale (weight, init 1) and shift (bias, init 0) (default true). */
  readonly affine?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Group normalisation (PyTorch `nn.GroupNorm`): the C channels of each sample are split into G groups
 * and each group is normalised by its own mean and (biased) variance; then y = x̂ · γ[c] + β[c].
 * @example new tn.nn.GroupNorm(8, 64).forward(features) // [N, 64, H, W] → [N, 64, H, W]
 */
export class GroupNorm extends Module {
  /** Scale γ [numChannels], or null. */
  weight: Parameter | null;
  /** Shift β [numChannels], or null. */
  bias: Parameter | null;
  /** Added to the variance. */
  readonly eps: number;
  /** Whether the layer has weight and bias. */
  readonly affine: boolean;

  /**
   * @param numGroups - G, which must divide numChannels
   * @param numChannels - C, the size of dimension 1 of the input
   */
  constructor(readonly numGroups: number, readonly numChannels: number, options: GroupNormOptions = {}) {
    super();
    for (const [name, v] of [['numGroups', numGroups], ['numChannels', numChannels]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError('GroupNorm', `${name} must be a positive integer, found ${v}`);
    }
    if (numChannels % numGroups !== 0) {
      throw new ValueError('GroupNorm', `numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    }
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps >= 0) || !Number.isFinite(this.eps)) throw new ValueError('GroupNorm', `eps must be a finite number ≥ 0, found ${this.eps}`);
    this.affine = options.affine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? adoptParameter(ones([numChannels], { dtype })) : null;
    this.bias = this.affine ? adoptParameter(zeros([numChannels], { dtype })) : null;
  }

  /** [N, C, *] → the same shape. */
  forward(x: Tensor): Tensor {
    if (x.ndim < 2 || x.shape[1] !== this.numChannels) {
      throw new ShapeError('GroupNorm', `expected input [N, ${this.numChannels}, *], found ${formatShape(x.shape)}`);
    }
    return scoped([x, this.weight, this.bias], () => {
      const n = x.shape[0] as number;
      const grouped = reshape(x, [n, this.numGroups, -1]);
      const centred = sub(grouped, mean(grouped, 2, true));
      const variance = mean(mul(centred, centred), 2, true);
      const y = reshape(mul(centred, rsqrt(add(variance, this.eps))), x.shape);
      if (this.weight === null || this.bias === null) return y;
      const channelShape = x.shape.map((_, i) => (i === 1 ? this.numChannels : 1));
      return add(mul(y, reshape(this.weight, channelShape)), reshape(this.bias, channelShape));
    });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
