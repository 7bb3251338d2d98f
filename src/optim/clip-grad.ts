/** Gradient clipping by total norm or by value (PyTorch `nn.utils.clip_grad_norm_`, `clip_grad_value_`). */
import { ValueError } from '../core/index.js';
import { noGrad, tidy, Tensor, zeros } from '../tensor/index.js';
import { abs, add, cast, clamp, div, max, mul, norm, stack } from '../ops/index.js';
import { replaceGrad } from './optimizer.js';

/** Options of `clipGradNorm_`. */
export interface ClipGradNormOptions {
  /** Throw when the total norm is NaN or infinite (reads the norm back; default false). */
  readonly errorIfNonfinite?: boolean;
}

function asList(parameters: Iterable<Tensor> | Tensor): Tensor[] {
  return parameters instanceof Tensor ? [parameters] : [...parameters];
}

/**
 * Scale all gradients together so that their total norm is at most `maxNorm` (in place, PyTorch
 * `clip_grad_norm_`): N = ‖(‖g₁‖ₚ, …, ‖gₖ‖ₚ)‖ₚ, every g ← g · min(1, maxNorm / (N + 1e-6)).
 * Parameters whose grad is null are ignored.
 * @param parameters - tensors (e.g. `model.parameters()`) or one tensor
 * @param maxNorm - the largest total norm allowed (≥ 0)
 * @param normType - p of the p-norm (> 0, or Infinity for the max-abs norm; default 2)
 * @param options - errorIfNonfinite
 * @returns N, the total norm before clipping, as a 0-d tensor (dispose it, or call inside `tidy`)
 * @throws ValueError for a negative maxNorm, a non-positive normType, or (errorIfNonfinite) a non-finite norm
 * @example loss.backward(); tn.optim.clipGradNorm_(model.parameters(), 1.0).dispose(); opt.step();
 */
export function clipGradNorm_(
  parameters: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2, options: ClipGradNormOptions = {},
): Tensor {
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new ValueError('clipGradNorm_', `maxNorm must be a number ≥ 0, found ${String(maxNorm)}`);
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ValueError('clipGradNorm_', `normType must be positive (or Infinity), found ${String(normType)}`);
  }
  const params = asList(parameters).filter((p) => p.grad !== null);
  if (params.length === 0) return zeros([]);
  return noGrad(() => {
    const grads = params.map((p) => p.grad as Tensor);
    const dtype = (grads[0] as Tensor).dtype;
    const total = tidy(() => {
      const norms = grads.map((g) => cast(normType === Infinity ? max(abs(g)) : norm(g, normType), dtype));
      if (norms.length === 1) return norms[0] as Tensor;
      const all = stack(norms);
      return normType === Infinity ? max(all) : norm(all, normType);
    });
    if (options.errorIfNonfinite === true && !Number.isFinite(total.item())) {
      const found = total.item();
      total.dispose();
      throw new ValueError('clipGradNorm_', `the total norm of order ${normType} of the gradients is non-finite (${found}), so it cannot be clipped`);
    }
    tidy(() => {
      const coef = clamp(div(maxNorm, add(total, 1e-6)), undefined, 1);
      for (const p of params) replaceGrad(p, p.grad as Tensor, (g) => mul(g, coef));
    });
    return total;
  });
}

/**
 * Limit every gradient element to [−clipValue, clipValue] (in place, PyTorch `clip_grad_value_`).
 * @param parameters - tensors or one tensor; those whose grad is null are ignored
 * @param clipValue - the largest magnitude allowed (≥ 0)
 * @example tn.optim.clipGradValue_(model.parameters(), 0.5);
 */
export function clipGradValue_(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new ValueError('clipGradValue_', `clipValue must be a number ≥ 0, found ${String(clipValue)}`);
  }
  for (const p of asList(parameters)) {
    if (p.grad !== null) replaceGrad(p, p.grad, (g) => clamp(g, -clipValue, clipValue));
  }
}
