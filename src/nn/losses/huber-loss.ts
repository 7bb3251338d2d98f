/** Huber loss: quadratic near zero, linear with slope δ beyond δ. */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { abs, lt, mul, square, sub, where } from '../../ops/index.js';
import { applyReduction, checkFinite, checkReduction, warnOnBroadcast, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `huberLoss`. */
export interface HuberLossOptions extends ReductionOptions {
  /** Where the quadratic part ends, > 0 (default 1). */
  readonly delta?: number;
}

/**
 * Huber loss (PyTorch `F.huber_loss`), with d = x − y:
 * ℓᵢ = 0.5·dᵢ² if |dᵢ| < δ, else δ·(|dᵢ| − 0.5·δ).
 *
 * A target whose shape differs from the input's is broadcast, with a warning, as in PyTorch.
 * @param input - predictions, any shape
 * @param target - values of the same shape (float)
 * @param options - `delta` (default 1, > 0) and `reduction` (`'mean'` default, `'sum'`, `'none'`)
 * @throws ValueError when delta is not a positive finite number
 * @example const loss = tn.huberLoss(pred, y, {delta: 2});
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'huberLoss');
  const delta = checkFinite(options.delta ?? 1, 'delta', 'huberLoss');
  if (delta <= 0) throw new ValueError('huberLoss', `delta must be positive, found ${delta}`);
  return scoped([input, target], () => {
    warnOnBroadcast('huberLoss', input, target);
    const d = sub(input, target);
    const a = abs(d);
    const loss = where(lt(a, delta), mul(square(d), 0.5), mul(sub(a, 0.5 * delta), delta));
    return applyReduction(loss, reduction);
  });
}
