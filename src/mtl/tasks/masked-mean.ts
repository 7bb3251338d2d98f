/**
 * What the masked task losses share: checking a per-sample label mask, hiding the targets of
 * unlabelled samples, and the mean over labelled samples that is a differentiable 0 when none is.
 */
import { DTypeError, formatShape, ShapeError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { cast, div, maximum, mean, ne, reshape, sum, where } from '../../ops/index.js';

/**
 * `mask` [N] as a bool tensor (true = labelled), after checking that it has one value per sample of
 * `output` [N, …]. Any dtype but a bool one counts nonzero values as labelled.
 * @throws ShapeError `maskedMseLoss: mask must have shape [8] (one value per sample of the output [8,3]), found [8,1]`
 */
export function labelledMask(op: string, mask: Tensor, output: Tensor): Tensor {
  if (output.ndim === 0) throw new ShapeError(op, 'expected a batched output [N, …], found a scalar []');
  const n = output.shape[0] as number;
  if (mask.ndim !== 1 || mask.shape[0] !== n) {
    throw new ShapeError(op, `mask must have shape [${n}] (one value per sample of the output ${formatShape(output.shape)}), found ${formatShape(mask.shape)}`);
  }
  if (mask.dtype === 'bool') return mask;
  if (mask.dtype !== 'float32' && mask.dtype !== 'float64' && mask.dtype !== 'int32') {
    throw new DTypeError(op, `mask must be bool, int32 or float, found ${mask.dtype}`);
  }
  return ne(mask, 0);
}

/** `labelled` [N] viewed as [N, 1, …, 1] to broadcast against a tensor of rank `ndim`. */
function perSampleView(labelled: Tensor, ndim: number): Tensor {
  return reshape(labelled, [labelled.shape[0] as number, ...Array.from({ length: Math.max(0, ndim - 1) }, () => 1)]);
}

/**
 * `target` with the rows of unlabelled samples replaced by 0, so that whatever marks a missing label
 * there (NaN, −1, garbage) reaches neither the loss nor its gradient.
 * @throws ShapeError when `target` is not [N, …] for the mask's N
 */
export function hideUnlabelled(op: string, target: Tensor, labelled: Tensor): Tensor {
  const n = labelled.shape[0] as number;
  if (target.ndim === 0 || target.shape[0] !== n) {
    throw new ShapeError(op, `expected a target [${n}, …] (one row per sample of the batch), found ${formatShape(target.shape)}`);
  }
  return where(perSampleView(labelled, target.ndim), target, 0);
}

/**
 * The mean over labelled samples of per-element losses [N, …]: each sample's loss is the mean over its
 * trailing elements, then Σᵢ mᵢ·ℓᵢ / max(Σᵢ mᵢ, 1). A differentiable 0 (zero gradient, no NaN) when
 * no sample is labelled.
 */
export function meanOverLabelled(perElement: Tensor, labelled: Tensor): Tensor {
  const trailing = Array.from({ length: perElement.ndim - 1 }, (_, i) => i + 1);
  const perSample = trailing.length > 0 ? mean(perElement, trailing) : perElement;
  const total = sum(where(labelled, perSample, 0));
  const count = sum(cast(labelled, perSample.dtype));
  return div(total, maximum(count, 1));
}
