/** Activation functions: sigmoid, tanh, relu, leakyRelu, elu, gelu, softplus, silu, step. */
import { ValueError } from '../core/index.js';
import { runKernel, type Tensor, scoped } from '../tensor/index.js';
import { add, assertFinite, div, gt, minimum, mul, where } from './arithmetic.js';
import { erf, expm1, log1p, exp, sign } from './math.js';
import { asFloat } from './operand.js';

/** σ(x) = 1 / (1 + e⁻ˣ); σ' = σ(1 − σ). */
export function sigmoid(x: Tensor): Tensor {
  return scoped([x], () => runKernel('unary', [asFloat(x)], { op: 'sigmoid' }, 'sigmoid'));
}

/** tanh x; tanh' = 1 − tanh². */
export function tanh(x: Tensor): Tensor {
  return scoped([x], () => runKernel('unary', [asFloat(x)], { op: 'tanh' }, 'tanh'));
}

/** max(x, 0); gradient 1 for x > 0, else 0. */
export function relu(x: Tensor): Tensor {
  return scoped([x], () => where(gt(x, 0), x, 0));
}

/** x for x > 0, else negativeSlope·x. */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return scoped([x], () => {
    assertFinite(negativeSlope, 'negativeSlope', 'leakyRelu');
    return where(gt(x, 0), x, mul(x, negativeSlope));
  });
}

/** x for x > 0, else α(eˣ − 1). */
export function elu(x: Tensor, alpha = 1): Tensor {
  return scoped([x], () => {
    assertFinite(alpha, 'alpha', 'elu');
    return where(gt(x, 0), x, mul(expm1(minimum(x, 0)), alpha));
  });
}

/**
 * GELU: x·Φ(x) = ½x(1 + erf(x/√2)); with `approximate = 'tanh'`,
 * ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  return scoped([x], () => {
    if (approximate === 'none') return mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1));
    if (approximate !== 'tanh') throw new ValueError('gelu', `approximate must be 'none' or 'tanh', found '${String(approximate)}'`);
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  });
}

/** softplus(x) = ln(1 + e^(βx))/β, and x itself where βx > threshold (as PyTorch). */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return scoped([x], () => {
    assertFinite(beta, 'beta', 'softplus');
    assertFinite(threshold, 'threshold', 'softplus');
    if (beta <= 0) throw new ValueError('softplus', `beta must be positive, found ${beta}`);
    const bx = mul(x, beta);
    const smooth = div(log1p(exp(minimum(bx, threshold))), beta);
    return where(gt(bx, threshold), x, smooth);
  });
}

/** SiLU (swish): x·σ(x). */
export function silu(x: Tensor): Tensor {
  return scoped([x], () => mul(x, sigmoid(x)));
}

/** Heaviside step: 1 for x > 0, else 0; zero gradient (the perceptron's activation). */
export function step(x: Tensor): Tensor {
  return scoped([x], () => relu(sign(asFloat(x))));
}
