/** The shape of a gradient rule: one per primitive kernel, in `rules/`. */
import type { KernelAttrs, KernelName } from '../backend/index.js';
import type { Primitives } from './primitives.js';

/** What a rule sees of the forward call it differentiates. */
export interface GradContext<T, K extends KernelName> {
  /** The forward inputs. */
  readonly inputs: readonly T[];
  /** The forward output. */
  readonly output: T;
  /** The forward attributes. */
  readonly attrs: KernelAttrs<K>;
  /** Which inputs need a gradient; a rule may skip (return null for) the others. */
  readonly needsGrad: readonly boolean[];
}

/**
 * A vector–Jacobian product: given dL/dy, return dL/dx_i for each input (null = none or zero).
 * Written only with `Primitives`, so it is itself differentiable (higher-order gradients).
 */
export type GradRule<K extends KernelName> = <T>(ctx: GradContext<T, K>, dy: T, p: Primitives<T>) => (T | null)[];
