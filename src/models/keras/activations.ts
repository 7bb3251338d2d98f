/**
 * Keras activations: the functions by name (as `activation: 'relu'` in a layer's config, with TF.js's formulas),
 * and the layers Activation, ReLU, LeakyReLU and Softmax.
 */
import { ValueError } from '../../core/index.js';
import { Module } from '../../nn/index.js';
import {
  abs, add, clamp, div, elu, exp, gelu, leakyRelu, logSoftmax, minimum, mul, relu, sigmoid, silu, softmax, softplus, sub, tanh, where, ge,
} from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { kerasAxis } from './layout.js';

/** A Keras activation function on a tensor in tasknet's layout. */
export type ActivationFn = (x: Tensor) => Tensor;

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** Activations by normalised name (lower case, no underscores: `hard_sigmoid` and TF.js's `hardSigmoid` alike). */
const ACTIVATIONS: Readonly<Record<string, ActivationFn>> = {
  linear: (x) => x,
  relu,
  relu6: (x) => minimum(relu(x), 6),
  elu: (x) => elu(x),
  selu: (x) => mul(elu(x, SELU_ALPHA), SELU_SCALE),
  sigmoid,
  hardsigmoid: (x) => clamp(add(mul(x, 0.2), 0.5), 0, 1), // TF.js's (Keras 3 uses relu6(x + 3) / 6)
  softplus: (x) => softplus(x),
  softsign: (x) => div(x, add(abs(x), 1)),
  tanh,
  softmax: (x) => softmax(x, kerasAxis(-1, x.ndim, 'softmax')),
  logsoftmax: (x) => logSoftmax(x, kerasAxis(-1, x.ndim, 'logSoftmax')),
  swish: silu,
  silu,
  mish: (x) => mul(x, tanh(softplus(x))),
  gelu: (x) => gelu(x),
  gelunew: (x) => gelu(x, 'tanh'),
  exponential: exp,
};

/** The normalised form of an activation name: lower case, no underscores. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/_/g, '');
}

/**
 * The Keras activation names the importer knows (normalised: lower case, no underscores).
 * @example tn.models.keras.kerasActivationNames().includes('hardsigmoid') // true
 */
export function kerasActivationNames(): string[] {
  return Object.keys(ACTIVATIONS);
}

/**
 * The activation function named `name` (Keras/TF.js spelling; `null` or absent is linear).
 * @param name - e.g. `'relu'`, `'softmax'` (over the channels of a feature map), `'hard_sigmoid'`
 * @param op - where the name came from, for the error
 * @throws ValueError listing the known names when `name` is unknown
 * @example kerasActivation('relu6', 'Dense')(x)
 */
export function kerasActivation(name: unknown, op: string): ActivationFn {
  if (name === undefined || name === null) return ACTIVATIONS.linear as ActivationFn;
  const fn = typeof name === 'string' ? ACTIVATIONS[normalise(name)] : undefined;
  if (fn === undefined) throw new ValueError(op, `unknown activation ${JSON.stringify(name)} (known: ${kerasActivationNames().join(', ')})`);
  return fn;
}

/**
 * Keras `Activation` (and the activation of Conv2D / Dense): applies a named function.
 * @example new tn.models.keras.KerasActivation('softmax').forward(logits)
 */
export class KerasActivation extends Module {
  private readonly fn: ActivationFn;

  /** @param activation - its Keras name; change it with a new layer (e.g. `'linear'` to get logits) */
  constructor(readonly activation: string) {
    super();
    this.fn = kerasActivation(activation, 'KerasActivation');
  }

  /** Any shape → same shape. */
  forward(x: Tensor): Tensor {
    return scoped([x], () => this.fn(x));
  }

  override extraRepr(): string {
    return this.activation;
  }
}

/** Options of {@link KerasReLU}: Keras's ReLU layer. */
export interface KerasReLUOptions {
  /** Upper bound (null: none). */
  readonly maxValue?: number | null;
  /** Slope below the threshold (default 0). */
  readonly negativeSlope?: number;
  /** Where the linear part starts (default 0). */
  readonly threshold?: number;
}

/**
 * Keras `ReLU`: f(x) = min(x, max) for x ≥ threshold, negativeSlope·(x − threshold) below it (ReLU6 is maxValue 6).
 * @example new tn.models.keras.KerasReLU({maxValue: 6}).forward(x)
 */
export class KerasReLU extends Module {
  readonly maxValue: number | null;
  readonly negativeSlope: number;
  readonly threshold: number;

  /** @param options - maxValue, negativeSlope, threshold */
  constructor(options: KerasReLUOptions = {}) {
    super();
    this.maxValue = options.maxValue ?? null;
    this.negativeSlope = options.negativeSlope ?? 0;
    this.threshold = options.threshold ?? 0;
  }

  /** Any shape → same shape. */
  forward(x: Tensor): Tensor {
    return scoped([x], () => {
      const t = this.threshold;
      let y: Tensor;
      if (t === 0) y = this.negativeSlope === 0 ? relu(x) : leakyRelu(x, this.negativeSlope);
      else y = where(ge(x, t), x, mul(sub(x, t), this.negativeSlope));
      return this.maxValue === null ? y : minimum(y, this.maxValue);
    });
  }

  override extraRepr(): string {
    return `max_value=${this.maxValue ?? 'None'}, negative_slope=${this.negativeSlope}, threshold=${this.threshold}`;
  }
}

/**
 * Keras `Softmax` layer over a Keras axis (default −1, the channels of a feature map).
 * @example new tn.models.keras.KerasSoftmax(-1).forward(logits)
 */
export class KerasSoftmax extends Module {
  /** @param axis - the Keras axis (channels last) */
  constructor(readonly axis = -1) {
    super();
  }

  /** Any shape → same shape. */
  forward(x: Tensor): Tensor {
    return softmax(x, kerasAxis(this.axis, x.ndim, 'KerasSoftmax'));
  }

  override extraRepr(): string {
    return `axis=${this.axis}`;
  }
}
