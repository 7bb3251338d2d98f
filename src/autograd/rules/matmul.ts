/** Gradient of batched `matmul` with optional transposes; batch broadcasting is summed back. */
import type { Primitives } from '../primitives.js';
import type { GradContext, GradRule } from '../rule.js';

/**
 * For C = op(A)·op(B): d op(A) = dC·op(B)ᵀ and d op(B) = op(A)ᵀ·dC, expressed with the
 * kernel's transpose flags so no transpose is materialised.
 */
export const matmulGrad: GradRule<'matmul'> = <T>(ctx: GradContext<T, 'matmul'>, dy: T, p: Primitives<T>) => {
  const [a, b] = ctx.inputs;
  if (a === undefined || b === undefined) return [null, null];
  const { transposeA: tA, transposeB: tB } = ctx.attrs;
  const run = (x: T, y: T, transposeA: boolean, transposeB: boolean): T =>
    p.runner.run('matmul', [x, y], { transposeA, transposeB });
  let da: T | null = null;
  let db: T | null = null;
  if (ctx.needsGrad[0]) {
    da = tA ? run(b, dy, tB, true) : run(dy, b, false, !tB);
    da = p.sumTo(da, p.shape(a));
  }
  if (ctx.needsGrad[1]) {
    db = tB ? run(dy, a, true, tA) : run(a, dy, !tA, false);
    db = p.sumTo(db, p.shape(b));
  }
  return [da, db];
};
