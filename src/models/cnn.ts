/** Image classifiers: LeNet-5 and the small CNN used in benchmarks. */
import {
  AvgPool2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential, Tanh,
} from '../nn/index.js';
import { registerModel, type Configurable, type ModelConfig } from './registry.js';

/** Options of LeNet5. */
export interface LeNet5Options {
  /** Output classes (default 10). */
  readonly numClasses?: number;
  /** Input channels (default 1). */
  readonly inChannels?: number;
  /** `modern` (default): ReLU and max pooling; `classic`: tanh and average pooling as LeCun et al. 1998. */
  readonly variant?: 'modern' | 'classic';
}

/**
 * LeNet-5 for 28×28 inputs: conv 6@5×5 (padding 2) → pool → conv 16@5×5 → pool → 120 → 84 → classes.
 * @example new tn.models.LeNet5().forward(images) // [N,1,28,28] → [N,10]
 */
export class LeNet5 extends Sequential implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;

  /** @param options - numClasses, inChannels, variant */
  constructor(options: LeNet5Options = {}) {
    const classic = options.variant === 'classic';
    const act = () => (classic ? new Tanh() : new ReLU());
    const pool = () => (classic ? new AvgPool2d(2) : new MaxPool2d(2));
    const numClasses = options.numClasses ?? 10;
    const inChannels = options.inChannels ?? 1;
    super(
      new Conv2d(inChannels, 6, 5, { padding: 2 }), act(), pool(),
      new Conv2d(6, 16, 5), act(), pool(),
      new Flatten(),
      new Linear(16 * 5 * 5, 120), act(),
      new Linear(120, 84), act(),
      new Linear(84, numClasses),
    );
    this.config = { name: 'lenet5', numClasses, inChannels, variant: classic ? 'classic' : 'modern' };
  }
}

/** Options of SmallCNN. */
export interface SmallCnnOptions {
  /** Output classes (default 10). */
  readonly numClasses?: number;
  /** Input channels (default 1). */
  readonly inChannels?: number;
  /** Input height and width (default 28). */
  readonly imageSize?: number;
}

/**
 * The small CNN of the benchmarks: conv 32@3×3 → ReLU → pool → conv 64@3×3 → ReLU → pool → dense 128 → classes.
 * @example new tn.models.SmallCNN().forward(images) // [N,1,28,28] → [N,10]
 */
export class SmallCNN extends Sequential implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;

  /** @param options - numClasses, inChannels, imageSize */
  constructor(options: SmallCnnOptions = {}) {
    const numClasses = options.numClasses ?? 10;
    const inChannels = options.inChannels ?? 1;
    const imageSize = options.imageSize ?? 28;
    const pooled = Math.floor(Math.floor(imageSize / 2) / 2);
    super(
      new Conv2d(inChannels, 32, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
      new Conv2d(32, 64, 3, { padding: 1 }), new ReLU(), new MaxPool2d(2),
      new Flatten(),
      new Linear(64 * pooled * pooled, 128), new ReLU(),
      new Linear(128, numClasses),
    );
    this.config = { name: 'small-cnn', numClasses, inChannels, imageSize };
  }
}

registerModel('lenet5', (c) => new LeNet5(c as LeNet5Options));
registerModel('small-cnn', (c) => new SmallCNN(c as SmallCnnOptions));
