/** Smooth L1 loss: quadratic near zero, linear beyond `beta`. */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { abs, div, lt, mul, square, sub, where } from '../../ops/index.js';
import { applyReduction, checkFinite, checkReduction, warnOnBroadcast, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `smoothL1Loss`. */
export interface SmoothL1LossOptions extends ReductionOptions {
  /** Where the quadratic part ends, ≥ 0 (default 1); 0 gives the L1 loss. */
  readonly beta?: number;
}

/**
 * Smooth L1 loss (PyTorch `F.smooth_l1_loss`), with d = x − y:
 * ℓᵢ = 0.5·dᵢ²/β if |dᵢ| < β, else |dᵢ| − 0.5·β; β = 0 is the L1 loss.
 * It equals `huberLoss` with δ = β divided by β.
 *
 * A target whose shape differs from the input's is broadcast, with a warning, as in PyTorch.
 * @param input - predictions, any shape
 * @param target - values of the same shape (float)
 * @param options - `beta` (default 1, ≥ 0) and `reduction` (`'mean'` default, `'sum'`, `'none'`)
 * @throws ValueError when beta is negative or not finite
 * @example const loss = tn.smoothL1Loss(boxes, targetBoxes, {beta: 1 / 9});
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'smoothL1Loss');
  const beta = checkFinite(options.beta ?? 1, 'beta', 'smoothL1Loss');
  if (beta < 0) throw new ValueError('smoothL1Loss', `beta must not be negative, found ${beta}`);
  return scoped([input, target], () => {
    warnOnBroadcast('smoothL1Loss', input, target);
    const d = sub(input, target);
    const a = abs(d);
    if (beta === 0) return applyReduction(a, reduction);
    const loss = where(lt(a, beta), div(mul(square(d), 0.5), beta), sub(a, 0.5 * beta));
    return applyReduction(loss, reduction);
  });
}
