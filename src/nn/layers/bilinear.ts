/** Bilinear: y = x1ᵀ·A·x2 + b. */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { add, linear, matmul, mul, reshape, sum, transpose, unsqueeze } from '../../ops/index.js';
import { empty, adoptParameter } from '../tensor-factory.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { uniform_ } from '../init.js';
import { pyBool } from './py-repr.js';
import { scoped } from '../../tensor/index.js';

/** Options of Bilinear. */
export interface BilinearOptions {
  /** Learn an additive bias (default true). */
  readonly bias?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Bilinear layer (PyTorch `nn.Bilinear`): y[k] = Σ_ij x1[i]·A[k, i, j]·x2[j] + b[k], with A of shape
 * [outFeatures, in1Features, in2Features], initialised as PyTorch: A, b ~ U(−1/√in1, 1/√in1).
 * @example new tn.nn.Bilinear(20, 30, 40).forward(x1, x2) // [N, 20], [N, 30] → [N, 40]
 */
export class Bilinear extends Module {
  /** Weight A [outFeatures, in1Features, in2Features]. */
  weight: Parameter;
  /** Bias [outFeatures], or null. */
  bias: Parameter | null;

  /**
   * @param in1Features - size of each first input sample
   * @param in2Features - size of each second input sample
   * @param outFeatures - size of each output sample
   */
  constructor(readonly in1Features: number, readonly in2Features: number, readonly outFeatures: number, options: BilinearOptions = {}) {
    super();
    for (const [name, v] of [['in1Features', in1Features], ['in2Features', in2Features], ['outFeatures', outFeatures]] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new ValueError('Bilinear', `${name} must be a positive integer, found ${v}`);
    }
    const dtype = options.dtype ?? 'float32';
    const bound = 1 / Math.sqrt(in1Features);
    this.weight = adoptParameter(empty([outFeatures, in1Features, in2Features], dtype));
    uniform_(this.weight, -bound, bound);
    this.bias = null;
    if (options.bias ?? true) {
      this.bias = adoptParameter(empty([outFeatures], dtype));
      uniform_(this.bias, -bound, bound);
    }
  }

  /** [..., in1Features] and [..., in2Features] (same leading dimensions) → [..., outFeatures]. */
  forward(x1: Tensor, x2: Tensor): Tensor {
    const lead = x1.shape.slice(0, -1);
    if (x1.ndim < 1 || x1.shape[x1.ndim - 1] !== this.in1Features || x2.ndim !== x1.ndim || x2.shape[x2.ndim - 1] !== this.in2Features ||
      lead.some((d, i) => d !== x2.shape[i])) {
      throw new ShapeError('Bilinear', `expected inputs [*, ${this.in1Features}] and [*, ${this.in2Features}] with the same leading dimensions, ` +
        `found ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`);
    }
    return scoped([x1, x2, this.weight, this.bias], () => {
      const [p, q, o] = [this.in1Features, this.in2Features, this.outFeatures];
      const a = reshape(x1, [-1, p]);
      const b = reshape(x2, [-1, q]);
      let y: Tensor;
      if (p <= o) {
        // outer products [M, p·q] through a linear map: memory M·p·q
        const outer = reshape(mul(unsqueeze(a, 2), unsqueeze(b, 1)), [-1, p * q]);
        y = linear(outer, reshape(this.weight, [o, p * q]), this.bias ?? undefined);
      } else {
        // (x1·A[k])·x2 for every k: [o, M, q] then a product with x2; memory o·M·q
        const left = matmul(a, this.weight);
        y = transpose(sum(mul(left, b), 2), 0, 1);
        if (this.bias !== null) y = add(y, this.bias);
      }
      return reshape(y, [...lead, o]);
    });
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
