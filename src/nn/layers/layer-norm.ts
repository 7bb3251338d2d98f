/** LayerNorm: normalisation over the trailing dimensions of each sample. */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { ones, zeros, type Tensor, scoped } from '../../tensor/index.js';
import { add, mean, mul, rsqrt, sub } from '../../ops/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool, pyFloat, pyTuple } from './py-repr.js';
import { adoptParameter } from '../tensor-factory.js';

/** Options of LayerNorm. */
export interface LayerNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Learn an element-wise scale (weight, init 1) and shift (bias, init 0) of `normalizedShape` (default true). */
  readonly elementwiseAffine?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Layer normalisation (PyTorch `nn.LayerNorm`): y = (x − E[x]) / √(Var[x] + ε) · γ + β, the mean and
 * (biased) variance taken over the last `normalizedShape.length` dimensions of each sample.
 * @example new tn.nn.LayerNorm(512).forward(h) // [B, T, 512] → [B, T, 512]
 */
export class LayerNorm extends Module {
  /** The trailing shape that is normalised. */
  readonly normalizedShape: readonly number[];
  /** Scale γ of shape `normalizedShape`, or null. */
  weight: Parameter | null;
  /** Shift β of shape `normalizedShape`, or null. */
  bias: Parameter | null;
  /** Added to the variance. */
  readonly eps: number;
  /** Whether the layer has weight and bias. */
  readonly elementwiseAffine: boolean;

  /** @param normalizedShape - the trailing dimensions to normalise over: a size or a list of sizes */
  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    if (this.normalizedShape.length === 0 || this.normalizedShape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new ValueError('LayerNorm', `normalizedShape must be a positive integer or a non-empty list of them, found ${JSON.stringify(normalizedShape)}`);
    }
    this.eps = options.eps ?? 1e-5;
    if (!(this.eps >= 0) || !Number.isFinite(this.eps)) throw new ValueError('LayerNorm', `eps must be a finite number ≥ 0, found ${this.eps}`);
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.elementwiseAffine ? adoptParameter(ones(this.normalizedShape, { dtype })) : null;
    this.bias = this.elementwiseAffine ? adoptParameter(zeros(this.normalizedShape, { dtype })) : null;
  }

  /** [*, ...normalizedShape] → the same shape. */
  forward(x: Tensor): Tensor {
    const k = this.normalizedShape.length;
    const tail = x.shape.slice(x.ndim - k);
    if (x.ndim < k || tail.some((d, i) => d !== this.normalizedShape[i])) {
      throw new ShapeError('LayerNorm', `expected input [*, ${this.normalizedShape.join(', ')}], found ${formatShape(x.shape)}`);
    }
    return scoped([x, this.weight, this.bias], () => {
      const axes = this.normalizedShape.map((_, i) => x.ndim - k + i);
      const centred = sub(x, mean(x, axes, true));
      const variance = mean(mul(centred, centred), axes, true);
      const y = mul(centred, rsqrt(add(variance, this.eps)));
      return this.weight !== null && this.bias !== null ? add(mul(y, this.weight), this.bias) : y;
    });
  }

  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
