/**
 * MobileNetV2 with torchvision's module tree, so its state dict has torchvision's keys (`features.0.0.weight`,
 * `features.1.conv.0.0.weight`, `features.18.1.running_var`, `classifier.1.weight` …).
 */
import { ValueError } from '../core/index.js';
import { BatchNormNd, Conv2d, Dropout, Linear, Module, Sequential, init } from '../nn/index.js';
import { adaptiveAvgPool2d, flatten } from '../ops/index.js';
import { scoped, type Tensor } from '../tensor/index.js';
import { Conv2dNormActivation, InvertedResidual, makeDivisible } from './mobilenet-v2-blocks.js';
import { registerModel, type Configurable, type ModelConfig } from './registry.js';

/** One stage of inverted residuals: [expansion t, output channels c, repeats n, first stride s]. */
export type InvertedResidualSetting = readonly [t: number, c: number, n: number, s: number];

/** torchvision's (and the paper's) stages. */
export const MOBILENET_V2_SETTING: readonly InvertedResidualSetting[] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/** Options of {@link MobileNetV2}. */
export interface MobileNetV2Options {
  /** Output classes (default 1000). */
  readonly numClasses?: number;
  /** Width multiplier of every layer's channels (default 1; the last layer keeps at least 1280). */
  readonly widthMult?: number;
  /** The stages (default {@link MOBILENET_V2_SETTING}). */
  readonly invertedResidualSetting?: readonly InvertedResidualSetting[];
  /** Channels are rounded to multiples of this (default 8; 1 turns rounding off). */
  readonly roundNearest?: number;
  /** Dropout before the classifier (default 0.2). */
  readonly dropout?: number;
  /** Input channels (default 3). */
  readonly inChannels?: number;
}

function checkSetting(op: string, setting: unknown): InvertedResidualSetting[] {
  const ok = Array.isArray(setting) && setting.length > 0 && setting.every((row) => Array.isArray(row) && row.length === 4 &&
    row.every((v) => typeof v === 'number' && v > 0) && row.slice(1).every((v) => Number.isInteger(v)) && (row[3] === 1 || row[3] === 2));
  if (!ok) {
    throw new ValueError(op, `invertedResidualSetting must be a non-empty list of [t, c, n, s] (t > 0; c, n positive integers; s 1 or 2), found ${JSON.stringify(setting)}`);
  }
  return (setting as InvertedResidualSetting[]).map((row) => [...row] as unknown as InvertedResidualSetting);
}

function positive(op: string, name: string, value: number, integer: boolean): number {
  if (!(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ValueError(op, `${name} must be a positive ${integer ? 'integer' : 'number'}, found ${value}`);
  }
  return value;
}

/**
 * MobileNetV2 (Sandler et al. 2018) as torchvision builds it: `features` (a 3×3/2 stem, the inverted residuals,
 * a 1×1 convolution to 1280 channels) → global average pool → `classifier` (Dropout, Linear). Initialised as
 * torchvision (Kaiming normal fan-out convolutions, BatchNorm 1 and 0, Linear N(0, 0.01) with zero bias).
 * @example
 * const model = tn.models.mobilenetV2({numClasses: 10});
 * model.loadStateDict(await tn.io.loadSafetensors('mobilenet_v2.safetensors'), {mapKey: [['classifier.1.*', null]], strict: false});
 */
export class MobileNetV2 extends Module implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;
  /** Stem, inverted residuals and the last 1×1 convolution (keys `features.0` … `features.18` by default). */
  readonly features: Sequential;
  /** Dropout (`classifier.0`) and Linear (`classifier.1`). */
  classifier: Sequential;
  /** Channels of the last feature map (1280 unless widthMult > 1). */
  readonly lastChannel: number;

  /** @param options - numClasses, widthMult, invertedResidualSetting, roundNearest, dropout, inChannels */
  constructor(options: MobileNetV2Options = {}) {
    super();
    const op = 'MobileNetV2';
    const numClasses = positive(op, 'numClasses', options.numClasses ?? 1000, true);
    const widthMult = positive(op, 'widthMult', options.widthMult ?? 1, false);
    const roundNearest = positive(op, 'roundNearest', options.roundNearest ?? 8, true);
    const inChannels = positive(op, 'inChannels', options.inChannels ?? 3, true);
    const dropout = options.dropout ?? 0.2;
    const setting = checkSetting(op, options.invertedResidualSetting ?? MOBILENET_V2_SETTING);

    let input = makeDivisible(32 * widthMult, roundNearest);
    this.lastChannel = makeDivisible(1280 * Math.max(1, widthMult), roundNearest);
    const features: Module[] = [new Conv2dNormActivation(inChannels, input, { stride: 2 })];
    for (const [t, c, n, s] of setting) {
      const output = makeDivisible(c * widthMult, roundNearest);
      for (let i = 0; i < n; i++) {
        features.push(new InvertedResidual(input, output, i === 0 ? s : 1, t));
        input = output;
      }
    }
    features.push(new Conv2dNormActivation(input, this.lastChannel, { kernelSize: 1 }));
    this.features = new Sequential(...features);
    this.classifier = new Sequential(new Dropout(dropout), new Linear(this.lastChannel, numClasses));
    initLikeTorchvision(this);
    this.config = {
      name: 'mobilenet-v2', numClasses, widthMult, invertedResidualSetting: setting.map((row) => [...row]), roundNearest, dropout, inChannels,
    };
  }

  /** The last feature map: [N, inChannels, H, W] → [N, lastChannel, H/32, W/32]. */
  forwardFeatures(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => this.features.forward(x));
  }

  /** [N, inChannels, H, W] → logits [N, numClasses]. */
  forward(x: Tensor): Tensor {
    return scoped([x, ...this.parameters()], () => this.classifier.forward(flatten(adaptiveAvgPool2d(this.forwardFeatures(x), [1, 1]), 1)));
  }
}

/** torchvision's MobileNetV2 init. */
function initLikeTorchvision(model: MobileNetV2): void {
  for (const m of model.modules()) {
    if (m instanceof Conv2d) {
      init.kaimingNormal_(m.weight, { mode: 'fanOut' });
      if (m.bias !== null) init.zeros_(m.bias);
    } else if (m instanceof BatchNormNd && m.weight !== null && m.bias !== null) {
      init.ones_(m.weight);
      init.zeros_(m.bias);
    } else if (m instanceof Linear) {
      init.normal_(m.weight, 0, 0.01);
      if (m.bias !== null) init.zeros_(m.bias);
    }
  }
}

/**
 * MobileNetV2 with torchvision `mobilenet_v2` keys (3.5 M parameters with 1000 classes and widthMult 1).
 * @example const model = tn.models.mobilenetV2({numClasses: 10, widthMult: 0.5});
 */
export function mobilenetV2(options: MobileNetV2Options = {}): MobileNetV2 {
  return new MobileNetV2(options);
}

registerModel('mobilenet-v2', (c) => new MobileNetV2(c as MobileNetV2Options));
