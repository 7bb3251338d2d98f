/**
 * Gradients of the sliding-window kernels: `im2col` and `col2im` are each other's adjoint, and so
 * are `maxPoolGather` and `maxPoolScatter` in their second input.
 */
import type { WindowGeometry } from '../../backend/index.js';
import type { GradRule } from '../rule.js';

/** The geometry fields of a window kernel's attributes (without its value or size). */
function geometryOf(attrs: WindowGeometry): WindowGeometry {
  return { kernel: attrs.kernel, stride: attrs.stride, dilation: attrs.dilation, pads: attrs.pads };
}

/** im2col: every column entry's gradient is summed back onto the pixel it was read from (col2im). */
export const im2colGrad: GradRule<'im2col'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined) return [null];
  const [, , h, w] = p.shape(x) as [number, number, number, number];
  return [p.runner.run('col2im', [dy], { ...geometryOf(ctx.attrs), size: [h, w] })];
};

/** col2im: each column entry receives the gradient of the pixel it was added to (im2col, zero in the padding). */
export const col2imGrad: GradRule<'col2im'> = (ctx, dy, p) => [
  p.runner.run('im2col', [dy], { ...geometryOf(ctx.attrs), value: 0 }),
];

/** maxPoolGather: v's gradient is dy routed back to each window's maximum of x (maxPoolScatter); x only selects. */
export const maxPoolGatherGrad: GradRule<'maxPoolGather'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined || !ctx.needsGrad[1]) return [null, null];
  return [null, p.runner.run('maxPoolScatter', [x, dy], ctx.attrs)];
};

/** maxPoolScatter: u's gradient is dy read at each window's maximum of x (maxPoolGather); x only selects. */
export const maxPoolScatterGrad: GradRule<'maxPoolScatter'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined || !ctx.needsGrad[1]) return [null, null];
  return [null, p.runner.run('maxPoolGather', [x, dy], ctx.attrs)];
};
