/**
 * ResNet's residual blocks with torchvision's module names (`conv1`, `bn1`, …, `downsample.0/1`), so
 * their state-dict keys are torchvision's: BasicBlock (ResNet-18/34) and Bottleneck (ResNet-50 and up, v1.5).
 */
import { BatchNorm2d, Conv2d, Module, ReLU, Sequential } from '../nn/index.js';
import { add } from '../ops/index.js';
import { scoped, type Tensor } from '../tensor/index.js';

/** A 3×3 convolution without bias, padding 1 (torchvision `conv3x3`). */
export function conv3x3(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 3, { stride, padding: 1, bias: false });
}

/** A 1×1 convolution without bias (torchvision `conv1x1`). */
export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });
}

/** The shortcut projection `Sequential(conv1x1(in, out, stride), BatchNorm2d(out))` (keys `downsample.0/1`). */
export function downsample(inPlanes: number, outPlanes: number, stride: number): Sequential {
  return new Sequential(conv1x1(inPlanes, outPlanes, stride), new BatchNorm2d(outPlanes));
}

/** What ResNet needs of a block class: its constructor and output-channel expansion. */
export interface ResidualBlockClass {
  /** Output channels = planes · expansion. */
  readonly expansion: number;
  new (inPlanes: number, planes: number, stride: number, shortcut: Sequential | null): Module & { forward(x: Tensor): Tensor };
}

/**
 * Two 3×3 convolutions with a shortcut (torchvision `BasicBlock`):
 * y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), the shortcut being `downsample` or the identity.
 * @example new tn.models.BasicBlock(64, 128, 2, tn.models.downsample(64, 128, 2)).forward(x) // [N,64,H,W] → [N,128,H/2,W/2]
 */
export class BasicBlock extends Module {
  /** Output channels = planes · 1. */
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu: ReLU;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  /** The projection shortcut, or null for the identity. */
  readonly downsample: Sequential | null;

  /**
   * @param inPlanes - input channels
   * @param planes - output channels
   * @param stride - stride of conv1 (and of the shortcut)
   * @param shortcut - the projection when the shape changes, else null
   */
  constructor(inPlanes: number, planes: number, stride = 1, shortcut: Sequential | null = null) {
    super();
    this.conv1 = conv3x3(inPlanes, planes, stride);
    this.bn1 = new BatchNorm2d(planes);
    this.relu = new ReLU();
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = new BatchNorm2d(planes);
    this.downsample = shortcut;
  }

  /** [N, inPlanes, H, W] → [N, planes, H/stride, W/stride]. */
  forward(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => {
      const out = this.bn2.forward(this.conv2.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x)))));
      return this.relu.forward(add(out, this.downsample === null ? x : this.downsample.forward(x)));
    });
  }
}

/**
 * 1×1 reduce, 3×3 (with the stride, as torchvision's v1.5), 1×1 expand ×4, with a shortcut (torchvision
 * `Bottleneck`): y = relu(bn3(conv3(relu(bn2(conv2(relu(bn1(conv1(x)))))))) + shortcut(x)).
 * @example new tn.models.Bottleneck(64, 64, 1, tn.models.downsample(64, 256, 1)).forward(x) // [N,64,H,W] → [N,256,H,W]
 */
export class Bottleneck extends Module {
  /** Output channels = planes · 4. */
  static readonly expansion = 4;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly relu: ReLU;
  /** The projection shortcut, or null for the identity. */
  readonly downsample: Sequential | null;

  /**
   * @param inPlanes - input channels
   * @param planes - inner channels (the output has planes · 4)
   * @param stride - stride of conv2 (and of the shortcut)
   * @param shortcut - the projection when the shape changes, else null
   */
  constructor(inPlanes: number, planes: number, stride = 1, shortcut: Sequential | null = null) {
    super();
    this.conv1 = conv1x1(inPlanes, planes);
    this.bn1 = new BatchNorm2d(planes);
    this.conv2 = conv3x3(planes, planes, stride);
    this.bn2 = new BatchNorm2d(planes);
    this.conv3 = conv1x1(planes, planes * Bottleneck.expansion);
    this.bn3 = new BatchNorm2d(planes * Bottleneck.expansion);
    this.relu = new ReLU();
    this.downsample = shortcut;
  }

  /** [N, inPlanes, H, W] → [N, 4·planes, H/stride, W/stride]. */
  forward(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => {
      let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
      out = this.relu.forward(this.bn2.forward(this.conv2.forward(out)));
      out = this.bn3.forward(this.conv3.forward(out));
      return this.relu.forward(add(out, this.downsample === null ? x : this.downsample.forward(x)));
    });
  }
}
