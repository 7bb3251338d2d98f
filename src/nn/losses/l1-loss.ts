/** Mean absolute error. */
import type { Tensor } from '../../tensor/index.js';
import { abs, sub } from '../../ops/index.js';
import { applyReduction, checkReduction, warnOnBroadcast, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/**
 * Absolute error ℓᵢ = |xᵢ − yᵢ|, reduced by `reduction` (PyTorch `F.l1_loss`); the gradient is
 * sign(xᵢ − yᵢ), 0 where they are equal.
 *
 * A target whose shape differs from the input's is broadcast, with a warning, as in PyTorch.
 * @param input - predictions, any shape
 * @param target - values of the same shape (float)
 * @param options - `reduction`: `'mean'` (default), `'sum'` or `'none'` (the input's shape)
 * @returns a scalar, or the element-wise losses for `'none'`
 * @example const loss = tn.l1Loss(pred, y, {reduction: 'sum'});
 */
export function l1Loss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'l1Loss');
  return scoped([input, target], () => {
    warnOnBroadcast('l1Loss', input, target);
    return applyReduction(abs(sub(input, target)), reduction);
  });
}
