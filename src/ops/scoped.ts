/**
 * Memory hygiene for composite ops: when nothing is being recorded, the intermediates an op
 * creates are disposed as soon as it returns (as TF.js does per op). While recording, they
 * belong to the graph and are freed by the caller's `tidy`, as in any training step.
 */
import { isGradEnabled, Tensor, tidy } from '../tensor/index.js';

function requiresGrad(value: unknown): boolean {
  if (value instanceof Tensor) return value.requiresGrad;
  return Array.isArray(value) && value.some(requiresGrad);
}

/** Run `fn`, the body of a composite op over `inputs`, disposing its intermediates when nothing records them. */
export function scoped<R>(inputs: readonly unknown[], fn: () => R): R {
  if (isGradEnabled() && inputs.some(requiresGrad)) return fn();
  return tidy(fn);
}
