/** Gradients of `gather` and `scatterAdd`, each other's adjoint. */
import type { GradRule } from '../rule.js';

/** gather: scatter-add dy into zeros shaped like the source. */
export const gatherGrad: GradRule<'gather'> = (ctx, dy, p) => {
  const [x, indices] = ctx.inputs;
  if (x === undefined || indices === undefined || !ctx.needsGrad[0]) return [null, null];
  const zeros = p.zeros(p.shape(x), p.dtype(dy));
  return [p.runner.run('scatterAdd', [zeros, indices, dy], { axis: ctx.attrs.axis }), null];
};

/** scatterAdd: base receives dy unchanged; updates receive dy gathered at the indices. */
export const scatterAddGrad: GradRule<'scatterAdd'> = (ctx, dy, p) => {
  const [, indices] = ctx.inputs;
  if (indices === undefined) return [null, null, null];
  const dUpdates = ctx.needsGrad[2] ? p.runner.run('gather', [dy, indices], { axis: ctx.attrs.axis }) : null;
  return [ctx.needsGrad[0] ? dy : null, null, dUpdates];
};
