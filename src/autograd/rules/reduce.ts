/** Gradient of the `reduce` kernel (sum, max, min). */
import type { GradRule } from '../rule.js';

/**
 * sum: broadcast dy back over the reduced axes. max/min: dy is shared equally among the
 * elements equal to the extreme (as `torch.amax`).
 */
export const reduceGrad: GradRule<'reduce'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined || !ctx.needsGrad[0]) return [null];
  const xShape = p.shape(x);
  const { axes, op } = ctx.attrs;
  const keptShape = xShape.map((d, i) => (axes.includes(i) ? 1 : d));
  const dyKept = p.reshape(dy, keptShape);
  if (op === 'sum') return [p.expand(dyKept, xShape)];
  const yKept = p.reshape(ctx.output, keptShape);
  const mask = p.cast(p.binary('eq', x, yKept), p.dtype(x));
  const count = p.sumKeep(mask, axes);
  return [p.mul(mask, p.div(dyKept, count))];
};
