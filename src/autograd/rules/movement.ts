/** Gradients of the data-movement kernels: reshape, permute, expand, slice, pad, concat. */
import type { Shape } from '../../core/index.js';
import type { Primitives } from '../primitives.js';
import type { GradRule } from '../rule.js';

/** reshape: reshape dy back to the input's shape. */
export function reshapeGrad<T>(inputShape: Shape, dy: T, p: Primitives<T>): T {
  return p.reshape(dy, inputShape);
}

/** permute: apply the inverse permutation to dy. */
export const permuteGrad: GradRule<'permute'> = (ctx, dy, p) => {
  const inverse = new Array<number>(ctx.attrs.perm.length);
  ctx.attrs.perm.forEach((axis, i) => { inverse[axis] = i; });
  return [p.runner.run('permute', [dy], { perm: inverse })];
};

/** expand: sum dy over the broadcast axes. */
export const expandGrad: GradRule<'expand'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  return x === undefined ? [null] : [p.sumTo(dy, p.shape(x))];
};

/** slice: dy padded with zeros back to the input's extent. */
export const sliceGrad: GradRule<'slice'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined) return [null];
  const shape = p.shape(x);
  const pads = shape.map((d, i) => {
    const begin = ctx.attrs.begin[i] as number;
    return [begin, d - begin - (ctx.attrs.size[i] as number)] as const;
  });
  return [p.runner.run('pad', [dy], { pads, value: 0 })];
};

/** pad: the interior slice of dy. */
export const padGrad: GradRule<'pad'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined) return [null];
  const begin = ctx.attrs.pads.map(([before]) => before);
  return [p.runner.run('slice', [dy], { begin, size: [...p.shape(x)] })];
};

/** concat: each input gets its slice of dy. */
export const concatGrad: GradRule<'concat'> = (ctx, dy, p) => {
  const dyShape = p.shape(dy);
  const axis = ctx.attrs.axis < 0 ? ctx.attrs.axis + dyShape.length : ctx.attrs.axis;
  let offset = 0;
  return ctx.inputs.map((x, k) => {
    const extent = p.shape(x)[axis] as number;
    const begin = dyShape.map((_, i) => (i === axis ? offset : 0));
    offset += extent;
    if (!ctx.needsGrad[k]) return null;
    return p.runner.run('slice', [dy], { begin, size: [...p.shape(x)] });
  });
};
