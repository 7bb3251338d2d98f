/** Binary cross-entropy on logits, fused with the sigmoid and numerically stable. */
import type { Tensor } from '../../tensor/index.js';
import { abs, add, exp, log1p, maximum, mul, neg, sub } from '../../ops/index.js';
import { applyReduction, checkBroadcastsTo, checkReduction, checkSameShape, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `binaryCrossEntropyWithLogits`. */
export interface BinaryCrossEntropyWithLogitsOptions extends ReductionOptions {
  /** A weight per element, broadcast to the input's shape (default: all 1). */
  readonly weight?: Tensor;
  /** A weight p for the positive term, broadcast along the input (e.g. [C], one per class; default 1). */
  readonly posWeight?: Tensor;
}

/**
 * Binary cross-entropy of logits (PyTorch `F.binary_cross_entropy_with_logits`), stable for any x:
 * ℓᵢ = wᵢ·[max(xᵢ, 0) − xᵢ·yᵢ + log(1 + e^(−|xᵢ|))] = wᵢ·[−yᵢ·log σ(xᵢ) − (1 − yᵢ)·log(1 − σ(xᵢ))].
 * With `posWeight` p (as PyTorch): ℓᵢ = wᵢ·[(1 − yᵢ)·xᵢ + (1 + (pᵢ − 1)·yᵢ)·softplus(−xᵢ)]
 * = wᵢ·[−pᵢ·yᵢ·log σ(xᵢ) − (1 − yᵢ)·log(1 − σ(xᵢ))], softplus(−x) = max(−x, 0) + log(1 + e^(−|x|)).
 * @param input - logits, any shape
 * @param target - values in [0, 1] of the same shape
 * @param options - `weight` and `posWeight` (broadcast to the input), `reduction` (`'mean'` default, `'sum'`, `'none'`)
 * @throws ShapeError when the target's shape differs from the input's, or a weight does not broadcast to it
 * @example
 * // multi-label with 3 classes, positives of class 2 rare: weigh them 5×
 * const loss = tn.binaryCrossEntropyWithLogits(logits, y, {posWeight: tn.tensor([1, 1, 5])});
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BinaryCrossEntropyWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  const reduction = checkReduction(options.reduction ?? 'mean', op);
  const { weight, posWeight } = options;
  return scoped([input, target, weight, posWeight], () => {
    checkSameShape(op, input, target);
    if (weight !== undefined) checkBroadcastsTo(op, 'weight', weight, input.shape);
    if (posWeight !== undefined) checkBroadcastsTo(op, 'posWeight', posWeight, input.shape);
    // softplus(−x) = −log σ(x), in the form that never overflows
    const softplusNeg = add(maximum(neg(input), 0), log1p(exp(neg(abs(input)))));
    const logWeight = posWeight === undefined ? undefined : add(mul(sub(posWeight, 1), target), 1);
    let loss = add(mul(sub(1, target), input), logWeight === undefined ? softplusNeg : mul(logWeight, softplusNeg));
    if (weight !== undefined) loss = mul(loss, weight);
    return applyReduction(loss, reduction);
  });
}
