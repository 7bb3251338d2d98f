/** Linear: y = x·Wᵀ + b. */
import { ValueError } from '../../core/index.js';
import { empty, adoptParameter } from '../tensor-factory.js';
import type { Tensor } from '../../tensor/index.js';
import { linear } from '../../ops/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { kaimingUniform_, uniform_ } from '../init.js';

/** Options of Linear. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Fully connected layer y = x·Wᵀ + b, W of shape [outFeatures, inFeatures] (PyTorch `nn.Linear`),
 * initialised as PyTorch: W ~ U(−1/√in, 1/√in) (Kaiming uniform with a = √5), b likewise.
 * @example new tn.nn.Linear(784, 128).forward(x) // [N, 784] → [N, 128]
 */
export class Linear extends Module {
  /** Weight [outFeatures, inFeatures]. */
  weight: Parameter;
  /** Bias [outFeatures], or null. */
  bias: Parameter | null;

  /**
   * @param inFeatures - size of each input sample
   * @param outFeatures - size of each output sample
   */
  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    for (const [name, v] of [['inFeatures', inFeatures], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError('Linear', `${name} must be a positive integer, found ${v}`);
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = adoptParameter(empty([outFeatures, inFeatures], dtype));
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    this.bias = null;
    if (options.bias ?? true) {
      this.bias = adoptParameter(empty([outFeatures], dtype));
      const bound = 1 / Math.sqrt(inFeatures);
      uniform_(this.bias, -bound, bound);
    }
  }

  /** [..., inFeatures] → [..., outFeatures]. */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias ?? undefined);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}
