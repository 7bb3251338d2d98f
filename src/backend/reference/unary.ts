/**
 * The `unary` kernel: y = op(x) element-wise, computed in double precision and stored in
 * the output dtype (exp of int32 is float32; isnan and logicalNot are bool 0/1).
 * Semantics follow PyTorch: sign(0) = 0, sign(NaN) = NaN, round is half-to-even.
 */
import { allocArray, sizeOf, type TypedArray } from '../../core/index.js';
import type { UnaryOp } from '../kernels.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { erf } from './erf.js';

/**
 * Round to the nearest integer, ties to even (IEEE roundTiesToEven, like `torch.round`):
 * 0.5 → 0, 1.5 → 2, 2.5 → 2, -0.5 → -0, -1.5 → -2.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // ties toward +∞
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The logistic function 1/(1+e^-x), without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** sign(x): -1, 0 or 1; keeps ±0 and NaN as they are. */
function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x;
}

/** One loop per op, so each stays monomorphic and its scalar function can be inlined. */
type UnaryLoop = (x: TypedArray, y: TypedArray, n: number) => void;

const LOOPS: Record<UnaryOp, UnaryLoop> = {
  neg: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = -x[i]!; },
  abs: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]!); },
  sign: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = sign(x[i]!); },
  exp: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]!); },
  expm1: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.expm1(x[i]!); },
  log: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.log(x[i]!); },
  log1p: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.log1p(x[i]!); },
  sqrt: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]!); },
  rsqrt: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(x[i]!); },
  reciprocal: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = 1 / x[i]!; },
  sin: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]!); },
  cos: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.cos(x[i]!); },
  tanh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!); },
  sigmoid: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = sigmoid(x[i]!); },
  erf: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = erf(x[i]!); },
  floor: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.floor(x[i]!); },
  ceil: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.ceil(x[i]!); },
  round: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = roundHalfEven(x[i]!); },
  logicalNot: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = x[i] === 0 ? 1 : 0; },
  isnan: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = x[i] !== x[i] ? 1 : 0; },
};

/**
 * The reference `unary`. Values are computed in double precision and rounded once into the
 * output array (int32 outputs wrap like int32, e.g. neg(-2³¹) = -2³¹).
 */
export const unaryKernel: ReferenceKernel<'unary'> = ([x], attrs, out) => {
  const size = sizeOf(out.shape);
  const result = allocArray(out.dtype, size);
  LOOPS[attrs.op](x.values, result, size);
  return result;
};
