/** L1 penalty of parameters (lasso-style regularisation). */
import { type Tensor, zeros, scoped } from '../../tensor/index.js';
import { abs, add, sum } from '../../ops/index.js';

/**
 * L1 penalty Σₚ Σ|θ| over every element of every given tensor (gradient sign θ, 0 at θ = 0).
 * The strength λ is the caller's: add `λ·l1Penalty(ps)` to the loss. Frozen parameters count too,
 * unless the caller filters them (`ps.filter((p) => p.requiresGrad)`).
 * @param parameters - tensors, e.g. `model.parameters()` (an empty list gives a float32 0)
 * @returns a scalar
 * @example const loss = tn.add(tn.crossEntropy(logits, y), tn.mul(tn.l1Penalty(model.parameters()), 1e-4));
 */
export function l1Penalty(parameters: Iterable<Tensor>): Tensor {
  const params = [...parameters];
  return scoped(params, () => params.map((p) => sum(abs(p))).reduce((a, b) => add(a, b), zeros([])));
}
