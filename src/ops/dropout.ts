/** Dropout with seeded masks (reproducible after `tn.manualSeed`). */
import { DTypeError, isFloatDType, ValueError } from '../core/index.js';
import { rand, type Tensor, scoped } from '../tensor/index.js';
import { cast, div, ge, mul } from './arithmetic.js';

/**
 * Zero each element with probability `p` and scale the rest by 1/(1 − p) while training;
 * the identity otherwise.
 * @throws ValueError when p is not in [0, 1] (NaN included).
 */
export function dropout(x: Tensor, p = 0.5, training = true): Tensor {
  return scoped([x], () => {
    if (!(p >= 0 && p <= 1)) throw new ValueError('dropout', `p must be in [0, 1], found ${p}`);
    if (!training || p === 0) return x;
    if (p === 1) return mul(x, 0);
    if (!isFloatDType(x.dtype)) throw new DTypeError('dropout', `expected a floating-point input, found ${x.dtype}`);
    const keepMask = cast(ge(rand(x.shape, { dtype: x.dtype }), p), x.dtype);
    return div(mul(x, keepMask), 1 - p);
  });
}
