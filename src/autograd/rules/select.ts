/** Gradients of `where` and `cast`. */
import { isFloatDType } from '../../core/index.js';
import type { GradRule } from '../rule.js';

/** where(c, a, b): the gradient flows to a where c holds and to b elsewhere. */
export const whereGrad: GradRule<'where'> = (ctx, dy, p) => {
  const [cond, a, b] = ctx.inputs;
  if (cond === undefined || a === undefined || b === undefined) return [null, null, null];
  const zero = p.scalarLike(0, dy);
  return [
    null,
    ctx.needsGrad[1] ? p.sumTo(p.where(cond, dy, zero), p.shape(a)) : null,
    ctx.needsGrad[2] ? p.sumTo(p.where(cond, zero, dy), p.shape(b)) : null,
  ];
};

/** cast: the gradient is cast back to the input's (floating) dtype. */
export const castGrad: GradRule<'cast'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined || !isFloatDType(p.dtype(x)) || !isFloatDType(p.dtype(dy))) return [null];
  return [p.cast(dy, p.dtype(x))];
};
