/**
 * Keras Conv2D and DepthwiseConv2D as a tasknet Conv2d (weight [out, in/groups, kh, kw], so freezing, LoRA and
 * state dicts treat it as any Conv2d), with TensorFlow's 'same' padding and the layer's activation.
 */
import { Conv2d } from '../../nn/index.js';
import { conv2d, squeeze, unsqueeze } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { kerasActivation, type ActivationFn } from './activations.js';
import { padSame } from './same-padding.js';

/** Options of {@link KerasConv2D}. */
export interface KerasConv2DOptions {
  /** [sh, sw] (default [1, 1]). */
  readonly strides?: readonly [number, number];
  /** `'valid'` (default) or `'same'` (TensorFlow's: extra padding at the bottom/right). */
  readonly padding?: 'valid' | 'same';
  /** [dh, dw] (default [1, 1]). */
  readonly dilation?: readonly [number, number];
  /** Channel groups (default 1; a depthwise convolution has groups = input channels). */
  readonly groups?: number;
  /** Learn a bias (default true). */
  readonly bias?: boolean;
  /** Keras activation applied after the convolution (default `'linear'`). */
  readonly activation?: string;
}

/**
 * A Keras convolution on [N, C, H, W]: Conv2D (groups 1, or Keras's `groups`) or DepthwiseConv2D (groups = C,
 * out = C · depth_multiplier), then its activation.
 * @example new tn.models.keras.KerasConv2D(3, 32, [3, 3], {strides: [2, 2], padding: 'same'}).forward(x) // [N,3,224,224] → [N,32,112,112]
 */
export class KerasConv2D extends Conv2d {
  /** Keras padding mode. */
  readonly kerasPadding: 'valid' | 'same';
  /** Keras activation name. */
  readonly activation: string;
  private readonly activate: ActivationFn;

  /**
   * @param inChannels - input channels
   * @param outChannels - filters (C · depth_multiplier for a depthwise convolution)
   * @param kernelSize - [kh, kw]
   * @param options - strides, padding, dilation, groups, bias, activation
   */
  constructor(inChannels: number, outChannels: number, kernelSize: readonly [number, number], options: KerasConv2DOptions = {}) {
    super(inChannels, outChannels, kernelSize, {
      stride: options.strides ?? 1, dilation: options.dilation ?? 1, groups: options.groups ?? 1, bias: options.bias ?? true, padding: 0,
    });
    this.kerasPadding = options.padding ?? 'valid';
    this.activation = options.activation ?? 'linear';
    this.activate = kerasActivation(this.activation, 'KerasConv2D');
  }

  /** [N, inChannels, H, W] → [N, outChannels, H', W'] (H' = ⌈H / stride⌉ with 'same'); unbatched [C, H, W] too. */
  override forward(x: Tensor): Tensor {
    this.checkInput(x, ['H', 'W']);
    if (x.ndim === 3) return scoped([x], () => squeeze(this.forward(unsqueeze(x, 0)), 0));
    return scoped([x, this.weight, this.bias], () => {
      const options = { stride: this.stride, dilation: this.dilation, groups: this.groups };
      if (this.kerasPadding === 'valid') return this.activate(conv2d(x, this.weight, this.bias, options));
      const { input, symmetric } = padSame(x, this.kernelSize, this.stride, this.dilation);
      return this.activate(conv2d(input, this.weight, this.bias, { ...options, padding: symmetric }));
    });
  }

  override extraRepr(): string {
    const activation = this.activation === 'linear' ? '' : `, activation=${this.activation}`;
    return `${super.extraRepr()}, padding=${this.kerasPadding}${activation}`;
  }
}
