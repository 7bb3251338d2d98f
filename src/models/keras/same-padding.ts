/**
 * Keras/TensorFlow `padding: 'same'`: the output has ⌈size / stride⌉ cells, and the padding that needs is split with
 * the odd cell at the end (bottom/right) — so a stride-2 convolution of an even-sized input pads only there.
 */
import { pad } from '../../ops/index.js';
import type { Tensor } from '../../tensor/index.js';

/**
 * [before, after] padding of one spatial dimension for TensorFlow's 'same':
 * total = max((⌈n/s⌉ − 1)·s + d·(k − 1) + 1 − n, 0), before = ⌊total/2⌋.
 * @example samePadding(224, 3, 2, 1) // [0, 1]
 */
export function samePadding(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + dilation * (kernel - 1) + 1 - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/**
 * `x` [N, C, H, W] made ready for a window op with 'same' padding: the asymmetric part of the padding applied with
 * `value` (a copy, only when needed), and the symmetric part left for the op to pad itself.
 * @param x - [N, C, H, W]
 * @param kernel - [kh, kw]
 * @param stride - [sh, sw]
 * @param dilation - [dh, dw]
 * @param value - the padding value (0; −∞ for max pooling)
 * @returns the input to use and the symmetric [ph, pw] padding still to apply
 * @example const {input, symmetric} = padSame(x, [3, 3], [2, 2], [1, 1]); // x [N,C,224,224]: input [N,C,225,225], symmetric [0, 0]
 */
export function padSame(
  x: Tensor, kernel: readonly number[], stride: readonly number[], dilation: readonly number[], value = 0,
): { input: Tensor; symmetric: [number, number] } {
  const [ph, pw] = [2, 3].map((axis, i) =>
    samePadding(x.shape[axis] as number, kernel[i] as number, stride[i] as number, dilation[i] as number)) as [[number, number], [number, number]];
  const extraH = ph[1] - ph[0];
  const extraW = pw[1] - pw[0];
  const input = extraH === 0 && extraW === 0 ? x : pad(x, [0, extraW, 0, extraH], value);
  return { input, symmetric: [ph[0], pw[0]] };
}
