/**
 * Layouts: an imported Keras model holds its 4-D tensors as tasknet does, channels first ([N, C, H, W]), where Keras
 * has them channels last ([N, H, W, C]); tensors of every other rank keep Keras's layout. These helpers map between
 * the two where a layer's meaning depends on it (axes, flattening order, Dense on feature maps).
 */
import { ValueError } from '../../core/index.js';
import { permute } from '../../ops/index.js';
import type { Tensor } from '../../tensor/index.js';

/** Keras (NHWC) axis → tasknet (NCHW) axis, for rank-4 tensors. */
const NHWC_TO_NCHW = [0, 2, 3, 1] as const;

/**
 * The tasknet axis of Keras axis `axis` of a rank-`rank` tensor (negative counts from the end, as in Keras).
 * @example kerasAxis(-1, 4) // 1: channels
 * @throws ValueError when the axis is out of range
 */
export function kerasAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ValueError(op, `axis ${axis} is out of range for a rank-${rank} tensor`);
  }
  const a = axis < 0 ? axis + rank : axis;
  return rank === 4 ? (NHWC_TO_NCHW[a] as number) : a;
}

/**
 * `x` in Keras's layout: a rank-4 tensor permuted [N, C, H, W] → [N, H, W, C]; others unchanged.
 * @example toKerasLayout(tn.zeros([2, 3, 4, 5])).shape // [2, 4, 5, 3]
 */
export function toKerasLayout(x: Tensor): Tensor {
  return x.ndim === 4 ? permute(x, [0, 2, 3, 1]) : x;
}

/**
 * `x` from Keras's layout: a rank-4 tensor permuted [N, H, W, C] → [N, C, H, W]; others unchanged.
 * @example fromKerasLayout(tn.zeros([2, 4, 5, 3])).shape // [2, 3, 4, 5]
 */
export function fromKerasLayout(x: Tensor): Tensor {
  return x.ndim === 4 ? permute(x, [0, 3, 1, 2]) : x;
}
