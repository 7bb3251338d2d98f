/**
 * ResNet with torchvision's module tree, so its state dict has torchvision's keys (`conv1.weight`,
 * `layer1.0.bn1.running_mean`, `layer2.0.downsample.0.weight`, `fc.bias` …) and PyTorch weights load unchanged.
 */
import { ValueError } from '../core/index.js';
import {
  AdaptiveAvgPool2d, BatchNorm2d, BatchNormNd, Conv2d, Linear, MaxPool2d, Module, ReLU, Sequential, init,
} from '../nn/index.js';
import { flatten } from '../ops/index.js';
import { scoped, type Tensor } from '../tensor/index.js';
import { BasicBlock, Bottleneck, downsample, type ResidualBlockClass } from './resnet-blocks.js';
import { registerModel, type Configurable, type ModelConfig } from './registry.js';

/** Options of {@link ResNet}. */
export interface ResNetOptions {
  /** Blocks in each of the four stages, e.g. [2, 2, 2, 2] for ResNet-18. */
  readonly layers: readonly number[];
  /** `basic` (two 3×3 convolutions, default) or `bottleneck` (1×1, 3×3, 1×1 with 4× expansion). */
  readonly block?: 'basic' | 'bottleneck';
  /** Output classes of `fc` (default 1000, ImageNet's). */
  readonly numClasses?: number;
  /** Input channels of `conv1` (default 3). */
  readonly inChannels?: number;
  /** Channels (planes) of the four stages (default [64, 128, 256, 512]; the stem has the first). Smaller widths give a
   * reduced network with the same keys, for tests. */
  readonly widths?: readonly number[];
  /** Zero the last BatchNorm's weight in each block, so each block starts as the identity (default false). */
  readonly zeroInitResidual?: boolean;
}

function checkList(op: string, name: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => Number.isInteger(v) && (v as number) >= 1)) {
    throw new ValueError(op, `${name} must be 4 positive integers (one per stage), found ${JSON.stringify(value)}`);
  }
  return [...value] as number[];
}

function checkCount(op: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ValueError(op, `${name} must be a positive integer, found ${value}`);
  return value;
}

/**
 * ResNet (He et al. 2016) as torchvision builds it: conv 7×7/2 → BN → ReLU → max-pool 3×3/2 → four stages of
 * residual blocks (stride 1, 2, 2, 2) → global average pool → `fc`. Initialised as torchvision (Kaiming normal,
 * fan-out, for convolutions; BatchNorm 1 and 0; `fc` as `nn.Linear`).
 * @example
 * const model = new tn.models.ResNet({layers: [2, 2, 2, 2], numClasses: 10}); // = tn.models.resnet18({numClasses: 10})
 * model.loadStateDict(await tn.io.loadSafetensors('resnet18.safetensors'), {strict: true});
 * model.eval().forward(images) // [N, 3, H, W] → [N, 10]
 */
export class ResNet extends Module implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu: ReLU;
  readonly maxpool: MaxPool2d;
  readonly layer1: Sequential;
  readonly layer2: Sequential;
  readonly layer3: Sequential;
  readonly layer4: Sequential;
  readonly avgpool: AdaptiveAvgPool2d;
  /** The classifier head (replace it to fine-tune on other classes). */
  fc: Linear;

  /** @param options - layers, block, numClasses, inChannels, widths, zeroInitResidual */
  constructor(options: ResNetOptions) {
    super();
    const op = 'ResNet';
    if (options === null || typeof options !== 'object') throw new ValueError(op, `expected options {layers, ...}, found ${String(options)}`);
    const layers = checkList(op, 'layers', options.layers);
    const widths = checkList(op, 'widths', options.widths ?? [64, 128, 256, 512]);
    const blockName = options.block ?? 'basic';
    if (blockName !== 'basic' && blockName !== 'bottleneck') {
      throw new ValueError(op, `block must be 'basic' or 'bottleneck', found ${JSON.stringify(blockName)}`);
    }
    const numClasses = checkCount(op, 'numClasses', options.numClasses ?? 1000);
    const inChannels = checkCount(op, 'inChannels', options.inChannels ?? 3);
    const zeroInitResidual = options.zeroInitResidual ?? false;
    const block: ResidualBlockClass = blockName === 'basic' ? BasicBlock : Bottleneck;

    let inPlanes = widths[0] as number;
    const stage = (planes: number, blocks: number, stride: number): Sequential => {
      const out = planes * block.expansion;
      const shortcut = stride !== 1 || inPlanes !== out ? downsample(inPlanes, out, stride) : null;
      const stageBlocks: Module[] = [new block(inPlanes, planes, stride, shortcut)];
      inPlanes = out;
      for (let i = 1; i < blocks; i++) stageBlocks.push(new block(inPlanes, planes, 1, null));
      return new Sequential(...stageBlocks);
    };
    this.conv1 = new Conv2d(inChannels, inPlanes, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new BatchNorm2d(inPlanes);
    this.relu = new ReLU();
    this.maxpool = new MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = stage(widths[0] as number, layers[0] as number, 1);
    this.layer2 = stage(widths[1] as number, layers[1] as number, 2);
    this.layer3 = stage(widths[2] as number, layers[2] as number, 2);
    this.layer4 = stage(widths[3] as number, layers[3] as number, 2);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.fc = new Linear(inPlanes, numClasses);
    initLikeTorchvision(this, zeroInitResidual);
    this.config = { name: 'resnet', layers, block: blockName, numClasses, inChannels, widths, zeroInitResidual };
  }

  /** The feature map before pooling: [N, inChannels, H, W] → [N, C, H/32, W/32] (C = 512 for ResNet-18/34). */
  forwardFeatures(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => {
      let y = this.maxpool.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x))));
      for (const stage of [this.layer1, this.layer2, this.layer3, this.layer4]) y = stage.forward(y);
      return y;
    });
  }

  /** [N, inChannels, H, W] → logits [N, numClasses]. */
  forward(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => this.fc.forward(flatten(this.avgpool.forward(this.forwardFeatures(x)), 1)));
  }
}

/** torchvision's ResNet init: convolutions Kaiming normal (fan-out, ReLU), BatchNorm weight 1 and bias 0. */
function initLikeTorchvision(model: ResNet, zeroInitResidual: boolean): void {
  for (const m of model.modules()) {
    if (m instanceof Conv2d) init.kaimingNormal_(m.weight, { mode: 'fanOut', nonlinearity: 'relu' });
    else if (m instanceof BatchNormNd && m.weight !== null && m.bias !== null) {
      init.ones_(m.weight);
      init.zeros_(m.bias);
    }
  }
  if (!zeroInitResidual) return;
  for (const m of model.modules()) {
    if (m instanceof Bottleneck) init.zeros_(m.bn3.weight as Tensor);
    else if (m instanceof BasicBlock) init.zeros_(m.bn2.weight as Tensor);
  }
}

/** Options of the named ResNets: everything but `layers` and `block`. */
export type NamedResNetOptions = Omit<ResNetOptions, 'layers' | 'block'>;

/**
 * A ResNet from its options (`new ResNet(options)`), for symmetry with the named constructors.
 * @example tn.models.resnet({layers: [3, 4, 6, 3], block: 'bottleneck', numClasses: 100}) // ResNet-50 layout
 */
export function resnet(options: ResNetOptions): ResNet {
  return new ResNet(options);
}

/**
 * ResNet-18: BasicBlock, [2, 2, 2, 2]; torchvision `resnet18` keys (11.7 M parameters with 1000 classes).
 * @example const model = tn.models.resnet18({numClasses: 10});
 */
export function resnet18(options: NamedResNetOptions = {}): ResNet {
  return new ResNet({ ...options, layers: [2, 2, 2, 2], block: 'basic' });
}

/**
 * ResNet-34: BasicBlock, [3, 4, 6, 3]; torchvision `resnet34` keys.
 * @example const model = tn.models.resnet34({numClasses: 10});
 */
export function resnet34(options: NamedResNetOptions = {}): ResNet {
  return new ResNet({ ...options, layers: [3, 4, 6, 3], block: 'basic' });
}

/**
 * ResNet-50 (v1.5, the stride in the 3×3 convolution): Bottleneck, [3, 4, 6, 3]; torchvision `resnet50` keys.
 * @example const model = tn.models.resnet50({numClasses: 10});
 */
export function resnet50(options: NamedResNetOptions = {}): ResNet {
  return new ResNet({ ...options, layers: [3, 4, 6, 3], block: 'bottleneck' });
}

registerModel('resnet', (c) => new ResNet(c as unknown as ResNetOptions));
registerModel('resnet18', (c) => resnet18(c as NamedResNetOptions));
registerModel('resnet34', (c) => resnet34(c as NamedResNetOptions));
registerModel('resnet50', (c) => resnet50(c as NamedResNetOptions));
