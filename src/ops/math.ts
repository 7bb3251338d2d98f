/** Element-wise mathematical functions, each a `unary` kernel (int inputs give float32 results). */
import type { UnaryOp } from '../backend/index.js';
import { runKernel, type Tensor } from '../tensor/index.js';

function unary(op: UnaryOp, x: Tensor): Tensor {
  return runKernel('unary', [x], { op }, op);
}

/** −x */
export function neg(x: Tensor): Tensor { return unary('neg', x); }
/** eˣ */
export function exp(x: Tensor): Tensor { return unary('exp', x); }
/** eˣ − 1, accurate near 0. */
export function expm1(x: Tensor): Tensor { return unary('expm1', x); }
/** ln x */
export function log(x: Tensor): Tensor { return unary('log', x); }
/** ln(1 + x), accurate near 0. */
export function log1p(x: Tensor): Tensor { return unary('log1p', x); }
/** √x */
export function sqrt(x: Tensor): Tensor { return unary('sqrt', x); }
/** 1/√x */
export function rsqrt(x: Tensor): Tensor { return unary('rsqrt', x); }
/** 1/x */
export function reciprocal(x: Tensor): Tensor { return unary('reciprocal', x); }
/** |x|; gradient sign(x). */
export function abs(x: Tensor): Tensor { return unary('abs', x); }
/** −1, 0 or 1; zero gradient. */
export function sign(x: Tensor): Tensor { return unary('sign', x); }
/** sin x */
export function sin(x: Tensor): Tensor { return unary('sin', x); }
/** cos x */
export function cos(x: Tensor): Tensor { return unary('cos', x); }
/** The Gauss error function erf x = 2/√π ∫₀ˣ e^(−t²) dt. */
export function erf(x: Tensor): Tensor { return unary('erf', x); }
/** ⌊x⌋; zero gradient. */
export function floor(x: Tensor): Tensor { return unary('floor', x); }
/** ⌈x⌉; zero gradient. */
export function ceil(x: Tensor): Tensor { return unary('ceil', x); }
/** Round half to even (as PyTorch); zero gradient. */
export function round(x: Tensor): Tensor { return unary('round', x); }
/** NOT x, non-zero meaning true (bool). */
export function logicalNot(x: Tensor): Tensor { return unary('logicalNot', x); }
/** True where x is NaN (bool). */
export function isnan(x: Tensor): Tensor { return unary('isnan', x); }
/** x² */
export function square(x: Tensor): Tensor { return runKernel('binary', [x, x], { op: 'mul' }, 'square'); }
