/**
 * Keras BatchNormalization as a tasknet BatchNorm (so `tn.transfer.freeze` freezes its statistics): over the
 * channels of [N, C, H, W] or the features of [N, C], with Keras's epsilon (1e-3 by default) and momentum converted
 * (tasknet's momentum is the new batch's weight, 1 − Keras's), and γ or β left out as Keras's `scale` / `center` say.
 */
import { formatShape, ShapeError } from '../../core/index.js';
import { BatchNormNd } from '../../nn/index.js';
import { add, mul, neg, reshape, rsqrt } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { kerasAxis } from './layout.js';

/** Options of {@link KerasBatchNormalization}. */
export interface KerasBatchNormalizationOptions {
  /** Keras `epsilon` (default 1e-3). */
  readonly epsilon?: number;
  /** Keras `momentum`, the weight of the running statistics (default 0.99). */
  readonly momentum?: number;
  /** Learn γ (Keras `scale`, default true). */
  readonly scale?: boolean;
  /** Learn β (Keras `center`, default true). */
  readonly center?: boolean;
  /** The Keras axis normalised over (default −1: the channels). */
  readonly axis?: number;
}

/**
 * y = (x − mean) / √(var + ε) · γ + β per channel, as Keras's BatchNormalization; `weight` is γ, `bias` β,
 * `running_mean` / `running_var` Keras's moving mean and variance.
 * @example new tn.models.keras.KerasBatchNormalization(32).eval().forward(x) // [N, 32, H, W] → same
 */
export class KerasBatchNormalization extends BatchNormNd {
  /** The Keras axis (channels last). */
  readonly axis: number;

  /**
   * @param numFeatures - channels
   * @param options - epsilon, momentum, scale, center, axis
   */
  constructor(numFeatures: number, options: KerasBatchNormalizationOptions = {}) {
    // 1 − 0.999 as 0.001, not 0.0010000000000000009
    super(numFeatures, { eps: options.epsilon ?? 1e-3, momentum: Number((1 - (options.momentum ?? 0.99)).toPrecision(15)), affine: true });
    this.axis = options.axis ?? -1;
    if (options.scale === false) { this.weight?.dispose(); this.weight = null; }
    if (options.center === false) { this.bias?.dispose(); this.bias = null; }
  }

  /** Rank 2 or 4, the Keras axis being tasknet's dimension 1, with numFeatures there. */
  protected checkInput(x: Tensor): void {
    const ok = (x.ndim === 2 || x.ndim === 4) && kerasAxis(this.axis, x.ndim, 'KerasBatchNormalization') === 1;
    if (!ok || x.shape[1] !== this.numFeatures) {
      const c = this.numFeatures;
      throw new ShapeError('KerasBatchNormalization', `expected input [N, ${c}] or [N, ${c}, H, W] normalised over Keras axis ${this.axis} ` +
        `(the channels), found ${formatShape(x.shape)}`);
    }
  }

  /**
   * Normalise per channel. With the running statistics (eval mode, or frozen statistics) as one multiply-add,
   * y = x·s + t with s = γ / √(var + ε) and t = β − mean·s, computed per channel; γ alone or β alone (Keras `scale`
   * xor `center`) is applied here too.
   */
  override forward(x: Tensor): Tensor {
    const running = (!this.training || this.freezeStatistics) && this.runningMean !== null && this.runningVar !== null;
    if (!running && (this.weight === null) === (this.bias === null)) return super.forward(x);
    if (running) this.checkInput(x);
    return scoped([x, this.weight, this.bias], () => {
      const shape = x.shape.map((_, i) => (i === 1 ? this.numFeatures : 1));
      if (running) {
        let scale = rsqrt(add(this.runningVar as Tensor, this.eps));
        if (this.weight !== null) scale = mul(scale, this.weight);
        let shift = neg(mul(this.runningMean as Tensor, scale));
        if (this.bias !== null) shift = add(shift, this.bias);
        return add(mul(x, reshape(scale, shape)), reshape(shift, shape));
      }
      const y = super.forward(x);
      return this.weight !== null ? mul(y, reshape(this.weight, shape)) : add(y, reshape(this.bias as Tensor, shape));
    });
  }
}
