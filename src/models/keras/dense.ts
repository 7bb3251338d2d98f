/**
 * Keras Dense as a tasknet Linear (weight [units, in] = Keras's kernel transposed) followed by its activation; on a
 * feature map it acts on the channels, as Keras's Dense acts on the last (channels-last) axis.
 */
import { Linear } from '../../nn/index.js';
import { linear } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { kerasActivation, type ActivationFn } from './activations.js';
import { fromKerasLayout, toKerasLayout } from './layout.js';

/**
 * y = activation(x·Wᵀ + b) (Keras `Dense`). `activation` may be replaced, e.g. by `'linear'` to read the logits of a
 * softmax classifier: `layer.activation = 'linear'`.
 * @example new tn.models.keras.KerasDense(1280, 5, {activation: 'softmax'}).forward(features) // [N, 1280] → [N, 5]
 */
export class KerasDense extends Linear {
  private activate: ActivationFn;
  private activationName: string;

  /**
   * @param inFeatures - input features
   * @param units - output features
   * @param options - bias (default true), activation (default `'linear'`)
   */
  constructor(inFeatures: number, units: number, options: { readonly bias?: boolean; readonly activation?: string } = {}) {
    super(inFeatures, units, { bias: options.bias ?? true });
    this.activationName = options.activation ?? 'linear';
    this.activate = kerasActivation(this.activationName, 'KerasDense');
  }

  /** The Keras activation name; setting it changes the function (unknown names throw). */
  get activation(): string {
    return this.activationName;
  }

  set activation(name: string) {
    this.activate = kerasActivation(name, 'KerasDense');
    this.activationName = name;
  }

  /** [N, in] → [N, units] (any rank: the last Keras axis, the channels of a feature map). */
  override forward(x: Tensor): Tensor {
    return scoped([x, this.weight, this.bias], () =>
      this.activate(fromKerasLayout(linear(toKerasLayout(x), this.weight, this.bias ?? undefined))));
  }

  override extraRepr(): string {
    return `${super.extraRepr()}${this.activationName === 'linear' ? '' : `, activation=${this.activationName}`}`;
  }
}
