/**
 * Memory hygiene for layer forwards composed of several ops (as `scoped` in the ops layer): when
 * nothing is recorded, intermediates are disposed as soon as the forward returns; while recording
 * they belong to the graph and the caller's `tidy` frees them.
 */
import { isGradEnabled, Tensor, tidy } from '../../tensor/index.js';

/** Run `fn` over `inputs` (tensors or null), disposing its intermediates unless a gradient is recorded. */
export function layerScope<R>(inputs: readonly (Tensor | null | undefined)[], fn: () => R): R {
  if (isGradEnabled() && inputs.some((t) => t instanceof Tensor && t.requiresGrad)) return fn();
  return tidy(fn);
}
