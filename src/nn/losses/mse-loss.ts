/** Mean squared error. */
import type { Tensor } from '../../tensor/index.js';
import { square, sub } from '../../ops/index.js';
import { applyReduction, checkReduction, warnOnBroadcast, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/**
 * Squared error ℓᵢ = (xᵢ − yᵢ)², reduced by `reduction` (PyTorch `F.mse_loss`).
 *
 * A target whose shape differs from the input's is broadcast, with a warning, as in PyTorch.
 * @param input - predictions, any shape
 * @param target - values of the same shape (float)
 * @param options - `reduction`: `'mean'` (default), `'sum'` or `'none'` (the input's shape)
 * @returns a scalar, or the element-wise losses for `'none'`
 * @example const loss = tn.mseLoss(model.forward(x), y); loss.backward();
 */
export function mseLoss(input: Tensor, target: Tensor, options: ReductionOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'mseLoss');
  return scoped([input, target], () => {
    warnOnBroadcast('mseLoss', input, target);
    return applyReduction(square(sub(input, target)), reduction);
  });
}
