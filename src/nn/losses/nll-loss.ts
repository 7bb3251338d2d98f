/** Negative log-likelihood of class indices, given log-probabilities. */
import type { Tensor } from '../../tensor/index.js';
import {
  checkClassWeight, checkIgnoreIndex, checkIndexTarget, checkInputRank, classDim, indexTerms, reduceWeighted,
} from './class-targets.js';
import { checkReduction, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `nllLoss`. */
export interface NllLossOptions extends ReductionOptions {
  /** A weight per class, shape [C] (default: all 1). */
  readonly weight?: Tensor;
  /** Targets equal to this contribute nothing, to the sum or to the mean's denominator (default −100). */
  readonly ignoreIndex?: number;
}

/**
 * Negative log-likelihood (PyTorch `F.nll_loss`): ℓᵢ = −w[yᵢ]·logpᵢ,yᵢ, and 0 where yᵢ = ignoreIndex.
 * `'mean'` divides Σᵢ ℓᵢ by Σᵢ w[yᵢ] over the non-ignored targets (PyTorch's rule; NaN when all are ignored).
 * @param logProbs - log-probabilities [N, C], [N, C, d1, ...] or unbatched [C] (e.g. `tn.logSoftmax(logits, 1)`)
 * @param target - int32 class indices [N], [N, d1, ...] or [] in 0…C−1 (or `ignoreIndex`)
 * @param options - `weight` [C], `ignoreIndex` (default −100), `reduction` (`'mean'` default, `'sum'`, `'none'`
 *   giving the target's shape)
 * @throws DTypeError when the target is not int32; ShapeError when its shape does not match;
 *   ValueError `nllLoss: target 12 is out of range for 10 classes (at position 3)`
 * @example const loss = tn.nllLoss(tn.logSoftmax(logits, 1), labels);
 */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  const reduction = checkReduction(options.reduction ?? 'mean', op);
  const ignoreIndex = checkIgnoreIndex(op, options.ignoreIndex ?? -100);
  const { weight } = options;
  return scoped([logProbs, target, weight], () => {
    checkInputRank(op, logProbs);
    checkIndexTarget(op, logProbs, target, ignoreIndex);
    checkClassWeight(op, weight, logProbs.shape[classDim(logProbs)] as number);
    const { nll, w } = indexTerms(logProbs, target, weight, ignoreIndex);
    return reduceWeighted(nll, w, reduction);
  });
}
