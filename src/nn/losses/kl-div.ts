/** Kullback–Leibler divergence, given log-probabilities. */
import type { Tensor } from '../../tensor/index.js';
import { div, eq, exp, log, mean, mul, sub, sum, where } from '../../ops/index.js';
import { checkReduction } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `klDiv`. */
export interface KlDivOptions {
  /**
   * `'mean'` (default, as PyTorch: the mean over every element, which is not the KL divergence),
   * `'batchmean'` (Σ / N: the KL divergence per sample, usually what is wanted), `'sum'` or `'none'`.
   */
  readonly reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities too (default false). */
  readonly logTarget?: boolean;
}

/** y·log y with 0·log 0 = 0 (PyTorch `xlogy(y, y)`). */
function xlogx(y: Tensor): Tensor {
  const zero = eq(y, 0);
  return where(zero, 0, mul(y, log(where(zero, 1, y))));
}

/**
 * Pointwise KL divergence (PyTorch `F.kl_div`) of the target distribution from the input's, with x = log q:
 * ℓᵢ = yᵢ·(log yᵢ − xᵢ) (0 where yᵢ = 0), or with `logTarget` ℓᵢ = e^(yᵢ)·(yᵢ − xᵢ).
 * Σ over a distribution gives KL(p ‖ q). Input and target broadcast.
 * @param input - log-probabilities x = log q, e.g. `tn.logSoftmax(logits, 1)`, shape [N, ...]
 * @param target - probabilities p (or log p with `logTarget`)
 * @param options - `reduction`: `'mean'` (default), `'batchmean'` (Σ / N, the true KL per sample), `'sum'`, `'none'`;
 *   `logTarget` (default false)
 * @example const kd = tn.klDiv(tn.logSoftmax(student, 1), tn.softmax(teacher, 1), {reduction: 'batchmean'});
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'klDiv', ['mean', 'batchmean', 'sum', 'none'] as const);
  const logTarget = options.logTarget ?? false;
  return scoped([input, target], () => {
    const loss = logTarget ? mul(exp(target), sub(target, input)) : sub(xlogx(target), mul(target, input));
    switch (reduction) {
      case 'none': return loss;
      case 'sum': return sum(loss);
      case 'mean': return mean(loss);
      case 'batchmean': return input.ndim === 0 ? sum(loss) : div(sum(loss), input.shape[0] as number);
    }
  });
}
