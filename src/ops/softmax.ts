/** softmax and logSoftmax along a dimension, stabilised by subtracting the maximum. */
import { normalizeAxis } from '../core/index.js';
import { noGrad, type Tensor, scoped } from '../tensor/index.js';
import { div, sub } from './arithmetic.js';
import { exp, log } from './math.js';
import { asFloat } from './operand.js';
import { max, sum } from './reduction.js';

/** softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) along `dim`, m the (constant) maximum. */
export function softmax(x: Tensor, dim: number): Tensor {
  return scoped([x], () => {
    const xf = asFloat(x);
    const axis = normalizeAxis(dim, xf.ndim, 'softmax');
    const m = noGrad(() => max(xf, axis, true));
    const e = exp(sub(xf, m));
    return div(e, sum(e, axis, true));
  });
}

/** log softmax(x)ᵢ = (xᵢ − m) − log Σⱼ e^(xⱼ − m) along `dim`. */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return scoped([x], () => {
    const xf = asFloat(x);
    const axis = normalizeAxis(dim, xf.ndim, 'logSoftmax');
    const m = noGrad(() => max(xf, axis, true));
    const shifted = sub(xf, m);
    return sub(shifted, log(sum(exp(shifted), axis, true)));
  });
}
