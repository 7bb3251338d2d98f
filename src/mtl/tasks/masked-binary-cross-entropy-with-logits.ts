/** Binary cross-entropy with logits (multi-label) over the labelled samples of a batch. */
import { scoped, type Tensor } from '../../tensor/index.js';
import { binaryCrossEntropyWithLogits } from '../../nn/index.js';
import { hideUnlabelled, labelledMask, meanOverLabelled } from './masked-mean.js';

/**
 * Binary cross-entropy of logits averaged over labelled samples only, the default loss of a
 * `'multilabel'` task:
 *
 *   L = Σᵢ mᵢ·mean_c [−yᵢ꜀·log σ(xᵢ꜀) − (1 − yᵢ꜀)·log(1 − σ(xᵢ꜀))] / max(Σᵢ mᵢ, 1)
 *
 * (computed in the stable form of `binaryCrossEntropyWithLogits`). Without a mask it is
 * `binaryCrossEntropyWithLogits(output, target)`; with a mask of ones it equals that value; with a mask
 * of zeros it is a differentiable 0 with zero gradient. The targets of unlabelled samples are never read.
 * @param output - logits [N, C] (any trailing shape)
 * @param target - float 0/1 labels of the output's shape
 * @param mask - [N], nonzero (or true) where the sample has this task's labels
 * @returns a scalar
 * @throws ShapeError when the target's shape differs from the output's or the mask is not [N]
 * @example
 * const loss = tn.mtl.maskedBinaryCrossEntropyWithLogits(out.tags, y.tags, masks.tags);   // [N, 5], [N, 5], [N]
 */
export function maskedBinaryCrossEntropyWithLogits(output: Tensor, target: Tensor, mask?: Tensor): Tensor {
  const op = 'maskedBinaryCrossEntropyWithLogits';
  if (mask === undefined) return binaryCrossEntropyWithLogits(output, target);
  return scoped([output, target, mask], () => {
    const labelled = labelledMask(op, mask, output);
    const perElement = binaryCrossEntropyWithLogits(output, hideUnlabelled(op, target, labelled), { reduction: 'none' });
    return meanOverLabelled(perElement, labelled);
  });
}
