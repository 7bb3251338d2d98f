/** Gradient of the `unary` kernel: d op(x)/dx for each UnaryOp. */
import type { UnaryOp } from '../../backend/index.js';
import type { Primitives } from '../primitives.js';
import type { GradRule } from '../rule.js';

type UnaryDerivative = <T>(x: T, y: T, dy: T, p: Primitives<T>) => T | null;

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const derivatives: Record<UnaryOp, UnaryDerivative> = {
  neg: (_x, _y, dy, p) => p.neg(dy),
  abs: (x, _y, dy, p) => p.mul(dy, p.unary('sign', x)),
  sign: () => null,
  exp: (_x, y, dy, p) => p.mul(dy, y),
  expm1: (_x, y, dy, p) => p.mul(dy, p.add(y, p.scalarLike(1, y))),
  log: (x, _y, dy, p) => p.div(dy, x),
  log1p: (x, _y, dy, p) => p.div(dy, p.add(x, p.scalarLike(1, x))),
  sqrt: (_x, y, dy, p) => p.div(dy, p.scale(y, 2)),
  rsqrt: (_x, y, dy, p) => p.mul(dy, p.scale(p.mul(y, p.mul(y, y)), -0.5)),
  reciprocal: (_x, y, dy, p) => p.neg(p.mul(dy, p.mul(y, y))),
  sin: (x, _y, dy, p) => p.mul(dy, p.unary('cos', x)),
  cos: (x, _y, dy, p) => p.neg(p.mul(dy, p.unary('sin', x))),
  tanh: (_x, y, dy, p) => p.mul(dy, p.sub(p.scalarLike(1, y), p.mul(y, y))),
  sigmoid: (_x, y, dy, p) => p.mul(dy, p.mul(y, p.sub(p.scalarLike(1, y), y))),
  erf: (x, _y, dy, p) => p.mul(dy, p.scale(p.unary('exp', p.neg(p.mul(x, x))), TWO_OVER_SQRT_PI)),
  floor: () => null,
  ceil: () => null,
  round: () => null,
  logicalNot: () => null,
  isnan: () => null,
};

/** dL/dx = dL/dy · op'(x), written with primitives (e.g. tanh' = 1 − y²). */
export const unaryGrad: GradRule<'unary'> = (ctx, dy, p) => {
  const [x] = ctx.inputs;
  if (x === undefined || !ctx.needsGrad[0]) return [null];
  return [derivatives[ctx.attrs.op](x, ctx.output, dy, p)];
};
