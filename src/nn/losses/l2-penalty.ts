/** L2 penalty of parameters (ridge-style regularisation). */
import { type Tensor, zeros, scoped } from '../../tensor/index.js';
import { add, square, sum } from '../../ops/index.js';

/**
 * L2 penalty Σₚ Σθ² over every element of every given tensor (gradient 2θ), without a ½ and without a
 * square root. The constant is the caller's: `(λ/2)·l2Penalty(ps)` has gradient λθ, the convention of
 * weight decay in SGD; `λ·l2Penalty(ps)` is the plain ridge term. Frozen parameters count too, unless
 * the caller filters them.
 * @param parameters - tensors, e.g. `model.parameters()` (an empty list gives a float32 0)
 * @returns a scalar
 * @example const loss = tn.add(tn.mseLoss(pred, y), tn.mul(tn.l2Penalty(model.parameters()), 0.5 * 1e-3));
 */
export function l2Penalty(parameters: Iterable<Tensor>): Tensor {
  const params = [...parameters];
  return scoped(params, () => params.map((p) => sum(square(p))).reduce((a, b) => add(a, b), zeros([])));
}
