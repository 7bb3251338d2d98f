/** Activation modules: thin wrappers over the functional ops. */
import type { Tensor } from '../../tensor/index.js';
import * as F from '../../ops/index.js';
import { Module } from '../module.js';

/** max(x, 0). */
export class ReLU extends Module {
  forward(x: Tensor): Tensor { return F.relu(x); }
}

/**
 * min(max(x, 0), 6) (PyTorch `nn.ReLU6`, MobileNetV2's activation); the gradient is 1 on [0, 6] and 0 outside
 * (PyTorch's is 0 at the two boundaries themselves).
 * @example new tn.nn.ReLU6().forward(tn.tensor([-1, 3, 8])) // [0, 3, 6]
 */
export class ReLU6 extends Module {
  forward(x: Tensor): Tensor { return F.clamp(x, 0, 6); }
}

/** x for x > 0, else negativeSlope·x. */
export class LeakyReLU extends Module {
  /** @param negativeSlope - slope for x < 0 (default 0.01) */
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor): Tensor { return F.leakyRelu(x, this.negativeSlope); }
  override extraRepr(): string { return `negative_slope=${this.negativeSlope}`; }
}

/** x for x > 0, else α(eˣ − 1). */
export class ELU extends Module {
  /** @param alpha - scale of the negative part (default 1) */
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor): Tensor { return F.elu(x, this.alpha); }
  override extraRepr(): string { return `alpha=${this.alpha}`; }
}

/** x·Φ(x), exact or tanh-approximated. */
export class GELU extends Module {
  /** @param approximate - `'none'` (default) or `'tanh'` */
  constructor(readonly approximate: 'none' | 'tanh' = 'none') { super(); }
  forward(x: Tensor): Tensor { return F.gelu(x, this.approximate); }
  override extraRepr(): string { return `approximate='${this.approximate}'`; }
}

/** σ(x) = 1 / (1 + e⁻ˣ). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor { return F.sigmoid(x); }
}

/** tanh x. */
export class Tanh extends Module {
  forward(x: Tensor): Tensor { return F.tanh(x); }
}

/** Softmax along `dim`. */
export class Softmax extends Module {
  /** @param dim - the axis that sums to 1 (default −1) */
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return F.softmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

/** Log-softmax along `dim`. */
export class LogSoftmax extends Module {
  /** @param dim - the axis (default −1) */
  constructor(readonly dim = -1) { super(); }
  forward(x: Tensor): Tensor { return F.logSoftmax(x, this.dim); }
  override extraRepr(): string { return `dim=${this.dim}`; }
}

/** ln(1 + e^(βx))/β. */
export class Softplus extends Module {
  /** @param beta - sharpness (default 1) @param threshold - linear above βx > threshold (default 20) */
  constructor(readonly beta = 1, readonly threshold = 20) { super(); }
  forward(x: Tensor): Tensor { return F.softplus(x, this.beta, this.threshold); }
  override extraRepr(): string { return `beta=${this.beta}, threshold=${this.threshold}`; }
}

/** x·σ(x). */
export class SiLU extends Module {
  forward(x: Tensor): Tensor { return F.silu(x); }
}

/** Heaviside step: 1 for x > 0, else 0 (zero gradient). */
export class Step extends Module {
  forward(x: Tensor): Tensor { return F.step(x); }
}
