/** Mean squared error over the labelled samples of a batch. */
import { formatShape, shapesEqual, ShapeError } from '../../core/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { mseLoss } from '../../nn/index.js';
import { hideUnlabelled, labelledMask, meanOverLabelled } from './masked-mean.js';

/**
 * Mean squared error averaged over labelled samples only, the default loss of a `'regression'` task:
 *
 *   L = Σᵢ mᵢ·mean_k (xᵢₖ − yᵢₖ)² / max(Σᵢ mᵢ, 1)
 *
 * over any trailing shape (k runs over each sample's elements). Without a mask it is
 * `mseLoss(output, target)`; with a mask of ones it equals that value; with a mask of zeros it is a
 * differentiable 0 with zero gradient. The targets of unlabelled samples are never read, so NaN may
 * mark a missing value.
 * @param output - predictions [N, …]
 * @param target - float values of the output's shape
 * @param mask - [N], nonzero (or true) where the sample has this task's label
 * @returns a scalar
 * @throws ShapeError when the target's shape differs from the output's or the mask is not [N]
 * @example
 * const loss = tn.mtl.maskedMseLoss(out.age, y.age, masks.age);     // [N, 1], [N, 1], [N]
 */
export function maskedMseLoss(output: Tensor, target: Tensor, mask?: Tensor): Tensor {
  const op = 'maskedMseLoss';
  if (!shapesEqual(output.shape, target.shape)) {
    throw new ShapeError(op, `target shape ${formatShape(target.shape)} differs from output shape ${formatShape(output.shape)}; they must be the same`);
  }
  if (mask === undefined) return mseLoss(output, target);
  return scoped([output, target, mask], () => {
    const labelled = labelledMask(op, mask, output);
    const perElement = mseLoss(output, hideUnlabelled(op, target, labelled), { reduction: 'none' });
    return meanOverLabelled(perElement, labelled);
  });
}
