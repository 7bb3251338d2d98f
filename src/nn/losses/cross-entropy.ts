/** Cross-entropy between logits and class indices or class probabilities. */
import { DTypeError, formatShape, isFloatDType, shapesEqual, ShapeError, sizeOf, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { add, div, logSoftmax, mul, neg, sum, where } from '../../ops/index.js';
import {
  checkClassWeight, checkIgnoreIndex, checkIndexTarget, checkInputRank, classDim, classWeightView, indexTerms, reduceWeighted,
} from './class-targets.js';
import { checkFinite, checkReduction, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends ReductionOptions {
  /** A weight per class, shape [C] (default: all 1). */
  readonly weight?: Tensor;
  /** Class-index targets equal to this contribute nothing (default −100); must stay negative for probability targets. */
  readonly ignoreIndex?: number;
  /** ε in [0, 1]: mix the target with the uniform distribution, (1 − ε)·target + ε/C (default 0). */
  readonly labelSmoothing?: number;
}

/**
 * Cross-entropy of logits (PyTorch `F.cross_entropy`), log pᵢ = logSoftmax(xᵢ) along the class dimension:
 *
 * - class indices y: ℓᵢ = −w[yᵢ]·log pᵢ,yᵢ (0 where yᵢ = ignoreIndex); `'mean'` = Σᵢ ℓᵢ / Σᵢ w[yᵢ] over the
 *   non-ignored targets. With label smoothing ε the loss is (1 − ε)·ℓᵢ + (ε/C)·sᵢ with
 *   sᵢ = −Σ_c w_c·log pᵢ,c (0 where ignored), and the mean uses the same denominator Σᵢ w[yᵢ] (as PyTorch).
 * - class probabilities t (a float target of the input's shape): ℓᵢ = −Σ_c w_c·t̃ᵢ,c·log pᵢ,c with
 *   t̃ = (1 − ε)·t + ε/C; `'mean'` divides Σᵢ ℓᵢ by the number of samples N·d1·… (not by the weights).
 * @param input - logits [N, C], [N, C, d1, ...] (e.g. per pixel) or unbatched [C]
 * @param target - int32 class indices [N] / [N, d1, ...] / [] in 0…C−1, or float probabilities of the input's shape
 * @param options - `weight` [C], `ignoreIndex` (default −100), `reduction` (`'mean'` default, `'sum'`, `'none'`
 *   giving [N, d1, ...]), `labelSmoothing` (default 0)
 * @throws DTypeError when the target is neither int32 nor float; ShapeError when its shape does not fit;
 *   ValueError `crossEntropy: target 12 is out of range for 10 classes (at position 3)`
 * @example
 * const logits = model.forward(x);                       // [N, 10]
 * const loss = tn.crossEntropy(logits, labels, {labelSmoothing: 0.1});   // labels: int32 [N]
 * loss.backward();
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const op = 'crossEntropy';
  const reduction = checkReduction(options.reduction ?? 'mean', op);
  const ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex ?? -100);
  const epsilon = checkFinite(options.labelSmoothing ?? 0, 'labelSmoothing', op);
  if (epsilon < 0 || epsilon > 1) throw new ValueError(op, `labelSmoothing must be in [0, 1], found ${epsilon}`);
  const { weight } = options;
  return scoped([input, target, weight], () => {
    checkInputRank(op, input);
    const dim = classDim(input);
    const classes = input.shape[dim] as number;
    checkClassWeight(op, weight, classes);
    if (isFloatDType(target.dtype)) {
      if (!shapesEqual(target.shape, input.shape)) {
        throw new ShapeError(op, `a float target holds class probabilities and must have the input's shape ${formatShape(input.shape)}, ` +
          `found ${formatShape(target.shape)}; for class indices use int32 labels`);
      }
      if (ignoreIndex >= 0) throw new ValueError(op, `ignoreIndex is not supported for class-probability (float) targets, found ${ignoreIndex}`);
      return probabilityLoss(input, target, weight, epsilon, reduction);
    }
    if (target.dtype !== 'int32') {
      throw new DTypeError(op, `target must hold int32 class indices or float class probabilities, found ${target.dtype}; use int32 labels`);
    }
    checkIndexTarget(op, input, target, ignoreIndex);
    const logp = logSoftmax(input, dim);
    const { nll, w, valid } = indexTerms(logp, target, weight, ignoreIndex);
    if (epsilon === 0) return reduceWeighted(nll, w, reduction);
    const weighted = weight === undefined ? logp : mul(logp, classWeightView(weight, logp));
    const smooth = where(valid, neg(sum(weighted, dim)), 0);
    const loss = add(mul(nll, 1 - epsilon), mul(smooth, epsilon / classes));
    return reduceWeighted(loss, w, reduction);
  });
}

function probabilityLoss(input: Tensor, target: Tensor, weight: Tensor | undefined, epsilon: number,
  reduction: 'mean' | 'sum' | 'none'): Tensor {
  const dim = classDim(input);
  const classes = input.shape[dim] as number;
  const logp = logSoftmax(input, dim);
  const t = epsilon > 0 ? add(mul(target, 1 - epsilon), epsilon / classes) : target;
  let prod = mul(logp, t);
  if (weight !== undefined) prod = mul(prod, classWeightView(weight, logp));
  if (reduction === 'none') return neg(sum(prod, dim));
  const total = neg(sum(prod));
  return reduction === 'sum' ? total : div(total, sizeOf(input.shape) / classes);
}
