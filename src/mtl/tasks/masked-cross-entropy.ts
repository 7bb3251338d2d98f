/** Cross-entropy over the labelled samples of a batch. */
import { scoped, type Tensor } from '../../tensor/index.js';
import { crossEntropy } from '../../nn/index.js';
import { hideUnlabelled, labelledMask, meanOverLabelled } from './masked-mean.js';

/**
 * Cross-entropy of logits averaged over labelled samples only, the default loss of a
 * `'classification'` task:
 *
 *   L = Σᵢ mᵢ·(−log softmax(xᵢ)[yᵢ]) / max(Σᵢ mᵢ, 1)
 *
 * Without a mask it is `crossEntropy(output, target)`; with a mask of ones it equals that value; with a
 * mask of zeros it is a differentiable 0 with zero gradient. The targets of unlabelled samples are
 * never read (any placeholder, e.g. −1, is fine). Per-position outputs [N, C, d1, …] first average
 * each sample's positions.
 * @param output - logits [N, C] (or [N, C, d1, …])
 * @param target - int32 class indices [N] (or [N, d1, …]); class probabilities of the output's shape also work
 * @param mask - [N], nonzero (or true) where the sample has this task's label
 * @returns a scalar
 * @throws ShapeError when the mask is not [N]; crossEntropy's errors for the targets of labelled samples
 * @example
 * const loss = tn.mtl.maskedCrossEntropy(out.digit, y.digit, masks.digit);   // mask [N] of 0/1
 */
export function maskedCrossEntropy(output: Tensor, target: Tensor, mask?: Tensor): Tensor {
  const op = 'maskedCrossEntropy';
  if (mask === undefined) return crossEntropy(output, target);
  return scoped([output, target, mask], () => {
    const labelled = labelledMask(op, mask, output);
    const perElement = crossEntropy(output, hideUnlabelled(op, target, labelled), { reduction: 'none' });
    return meanOverLabelled(perElement, labelled);
  });
}
