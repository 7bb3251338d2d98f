/**
 * MobileNetV2's building blocks with torchvision's module names: Conv2dNormActivation (`0` conv, `1` BatchNorm,
 * `2` ReLU6) and InvertedResidual (`conv.0`, `conv.1`, …), plus torchvision's channel rounding.
 */
import { ValueError } from '../core/index.js';
import { BatchNorm2d, Conv2d, Module, ReLU6, Sequential } from '../nn/index.js';
import { add } from '../ops/index.js';
import { scoped, type Tensor } from '../tensor/index.js';

/**
 * Round `value` to a multiple of `divisor`, at least `minValue` (default `divisor`) and not below 90 % of
 * `value` (torchvision `_make_divisible`, from the TensorFlow MobileNet code).
 * @example tn.models.makeDivisible(32 * 0.35, 8) // 16
 */
export function makeDivisible(value: number, divisor: number, minValue: number = divisor): number {
  let rounded = Math.max(minValue, Math.floor(Math.floor(value + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

/** Python's `round` (half to even), which torchvision uses for the hidden width. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Options of {@link Conv2dNormActivation}. */
export interface ConvNormActivationOptions {
  /** Square kernel size (default 3); the padding is (kernelSize − 1) / 2. */
  readonly kernelSize?: number;
  /** Stride (default 1). */
  readonly stride?: number;
  /** Channel groups (default 1; `groups = channels` is a depthwise convolution). */
  readonly groups?: number;
}

/**
 * Conv2d (no bias) → BatchNorm2d → ReLU6 as a Sequential, keys `0.weight`, `1.running_mean` … (torchvision
 * `Conv2dNormActivation` with MobileNetV2's ReLU6).
 * @example new tn.models.Conv2dNormActivation(3, 32, {stride: 2}).forward(images) // [N,3,H,W] → [N,32,H/2,W/2]
 */
export class Conv2dNormActivation extends Sequential {
  /**
   * @param inChannels - input channels
   * @param outChannels - output channels
   * @param options - kernelSize, stride, groups
   */
  constructor(inChannels: number, outChannels: number, options: ConvNormActivationOptions = {}) {
    const kernelSize = options.kernelSize ?? 3;
    super(
      new Conv2d(inChannels, outChannels, kernelSize, {
        stride: options.stride ?? 1, padding: Math.floor((kernelSize - 1) / 2), groups: options.groups ?? 1, bias: false,
      }),
      new BatchNorm2d(outChannels),
      new ReLU6(),
    );
  }
}

/**
 * MobileNetV2's inverted residual (torchvision `InvertedResidual`): 1×1 expansion to inp·t channels (left out
 * when t = 1) → 3×3 depthwise (with the stride) → 1×1 linear projection → BatchNorm, plus the input when the
 * stride is 1 and the channels do not change.
 * @example new tn.models.InvertedResidual(24, 24, 1, 6).forward(x) // [N,24,H,W] → [N,24,H,W], residual
 */
export class InvertedResidual extends Module {
  /** The layers, keys `conv.0…` as torchvision. */
  readonly conv: Sequential;
  /** Whether the input is added to the output. */
  readonly useResConnect: boolean;

  /**
   * @param inp - input channels
   * @param oup - output channels
   * @param stride - 1 or 2
   * @param expandRatio - expansion factor t of the hidden width
   */
  constructor(inp: number, readonly oup: number, readonly stride: number, expandRatio: number) {
    super();
    if (stride !== 1 && stride !== 2) throw new ValueError('InvertedResidual', `stride must be 1 or 2, found ${stride}`);
    if (!(expandRatio > 0)) throw new ValueError('InvertedResidual', `expandRatio must be positive, found ${expandRatio}`);
    const hidden = roundHalfEven(inp * expandRatio);
    const layers: Module[] = [];
    if (expandRatio !== 1) layers.push(new Conv2dNormActivation(inp, hidden, { kernelSize: 1 }));
    layers.push(
      new Conv2dNormActivation(hidden, hidden, { stride, groups: hidden }),
      new Conv2d(hidden, oup, 1, { bias: false }),
      new BatchNorm2d(oup),
    );
    this.conv = new Sequential(...layers);
    this.useResConnect = stride === 1 && inp === oup;
  }

  /** [N, inp, H, W] → [N, oup, H/stride, W/stride]. */
  forward(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => (this.useResConnect ? add(x, this.conv.forward(x)) : this.conv.forward(x)));
  }
}
