/** Viewing a tensor as [outer, dim, inner] around one axis, for kernels that work along an axis. */
import type { Shape } from '../../core/index.js';

/** The sizes before, at and after one axis of a row-major tensor. */
export interface AxisView {
  /** Product of the dimensions before the axis. */
  readonly outer: number;
  /** The axis's own size (1 for a scalar). */
  readonly dim: number;
  /** Product of the dimensions after the axis (the axis's stride). */
  readonly inner: number;
}

/**
 * View `shape` as `[outer, dim, inner]` around `axis` (already normalised). A scalar
 * (shape `[]`) is viewed as `[1, 1, 1]`.
 * @example `axisView([2, 3, 4], 1)` → `{ outer: 2, dim: 3, inner: 4 }`
 */
export function axisView(shape: Shape, axis: number): AxisView {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return { outer, dim: shape[axis] ?? 1, inner };
}
