/** Binary cross-entropy between probabilities and targets. */
import type { Tensor } from '../../tensor/index.js';
import { add, checkBounds, clamp, gt, log, mul, neg, sub, where } from '../../ops/index.js';
import { applyReduction, checkBroadcastsTo, checkReduction, checkSameShape, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `binaryCrossEntropy`. */
export interface BinaryCrossEntropyOptions extends ReductionOptions {
  /** A weight per element, broadcast to the input's shape (default: all 1). */
  readonly weight?: Tensor;
}

/** max(log p, −100), with no NaN gradient where p = 0 (there the value is the constant −100 and the gradient 0). */
function clampedLog(p: Tensor): Tensor {
  const positive = gt(p, 0);
  return where(positive, clamp(log(where(positive, p, 1)), -100), -100);
}

/**
 * Binary cross-entropy of probabilities (PyTorch `F.binary_cross_entropy`):
 * ℓᵢ = −wᵢ·[yᵢ·max(log xᵢ, −100) + (1 − yᵢ)·max(log(1 − xᵢ), −100)].
 *
 * The log is clamped to ≥ −100 as in PyTorch, so x = 0 or 1 gives a finite loss. The gradient is the
 * derivative of this formula (0 for a clamped term, never NaN); PyTorch's hand-written backward,
 * w·(x − y)/max(x(1 − x), 1e−12), agrees wherever x(1 − x) ≥ 1e−12 and differs only at the very ends
 * (x = 0 or 1, or within 1e−12 of them). Prefer `binaryCrossEntropyWithLogits` on logits: stable everywhere.
 * @param input - probabilities in [0, 1], any shape (e.g. after `tn.sigmoid`)
 * @param target - values in [0, 1] of the same shape
 * @param options - `weight` (broadcast to the input), `reduction` (`'mean'` default, `'sum'`, `'none'`)
 * @throws ShapeError when the target's shape differs from the input's; ValueError when an input lies outside [0, 1]
 * @example const loss = tn.binaryCrossEntropy(tn.sigmoid(logits), y);
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BinaryCrossEntropyOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  const reduction = checkReduction(options.reduction ?? 'mean', op);
  const { weight } = options;
  return scoped([input, target, weight], () => {
    checkSameShape(op, input, target);
    if (weight !== undefined) checkBroadcastsTo(op, 'weight', weight, input.shape);
    checkBounds(input, {
      op, low: 0, high: 1,
      message: (v, i) => `input values must be probabilities in [0, 1], found ${v}${i === undefined ? '' : ` at position ${i}`} ` +
        '(for logits use binaryCrossEntropyWithLogits)',
    });
    const ll = add(mul(target, clampedLog(input)), mul(sub(1, target), clampedLog(sub(1, input))));
    const loss = weight === undefined ? neg(ll) : neg(mul(ll, weight));
    return applyReduction(loss, reduction);
  });
}
