/**
 * Vector exp, log, sigmoid and tanh for float32 data, evaluated in double precision two lanes
 * at a time (f64x2) and rounded once to float32, so results agree with the reference (which
 * rounds double-precision Math results) to within one float32 ulp, while running several times
 * faster than a scalar libm. Inputs are float32, so the ranges below cover every input.
 */

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const SHIFTER: f64 = 6755399441055744.0; // 1.5·2⁵²

/**
 * e^x for x in f64x2, |x| ≤ 110 (beyond the float32 range either way; NaN propagates):
 * x = n·ln2 + r, |r| ≤ ln2/2, e^r by its Taylor series to r¹¹ (relative error < 1e-14), then 2ⁿ
 * from the exponent bits.
 */
@inline export function exp2x(x: v128): v128 {
  // n = round(x·log2 e) by the shifter trick: adding 1.5·2⁵² leaves n in the low mantissa bits of t.
  const t = f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(SHIFTER));
  const n = f64x2.sub(t, f64x2.splat(SHIFTER));
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  // Estrin's scheme: a shallow dependency tree instead of a 12-step Horner chain.
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const q0 = f64x2.add(f64x2.splat(1.0), r);
  const q1 = f64x2.add(f64x2.splat(1.0 / 2.0), f64x2.mul(r, f64x2.splat(1.0 / 6.0)));
  const q2 = f64x2.add(f64x2.splat(1.0 / 24.0), f64x2.mul(r, f64x2.splat(1.0 / 120.0)));
  const q3 = f64x2.add(f64x2.splat(1.0 / 720.0), f64x2.mul(r, f64x2.splat(1.0 / 5040.0)));
  const q4 = f64x2.add(f64x2.splat(1.0 / 40320.0), f64x2.mul(r, f64x2.splat(1.0 / 362880.0)));
  const q5 = f64x2.add(f64x2.splat(1.0 / 3628800.0), f64x2.mul(r, f64x2.splat(1.0 / 39916800.0)));
  const s0 = f64x2.add(q0, f64x2.mul(q1, r2));
  const s1 = f64x2.add(q2, f64x2.mul(q3, r2));
  const s2 = f64x2.add(q4, f64x2.mul(q5, r2));
  const p = f64x2.add(s0, f64x2.mul(r4, f64x2.add(s1, f64x2.mul(s2, r4))));
  // 2^n from the low bits of t (2⁵¹ + n there; the 2⁵¹ bit and everything above shift out).
  const scale = i64x2.shl(i64x2.add(t, i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

@inline function clampExp(x: v128): v128 {
  return f64x2.min(f64x2.max(x, f64x2.splat(-110)), f64x2.splat(110));
}

/**
 * log x for x in f64x2, x a positive normal double: x = 2ᵉ·m with m in [√½, √2), and
 * log m = 2·atanh(s), s = (m − 1)/(m + 1), by its series to s¹⁹ (|s| < 0.172).
 * Zero, negative, infinite and NaN lanes are fixed by the caller.
 */
@inline function log2x(x: v128): v128 {
  const bits = x;
  // exponent and mantissa, with the mantissa moved into [√½, √2)
  let e = i64x2.sub(i64x2.shr_u(bits, 52), i64x2.splat(1023));
  let m = v128.or(v128.and(bits, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(m, f64x2.splat(1.4142135623730951));
  m = v128.bitselect(f64x2.mul(m, f64x2.splat(0.5)), m, big);
  e = i64x2.sub(e, big); // big lanes are all ones (−1): e + 1
  const s = f64x2.div(f64x2.sub(m, f64x2.splat(1)), f64x2.add(m, f64x2.splat(1)));
  const s2 = f64x2.mul(s, s);
  // Σ z^i/(2i+1) for i ≤ 9 with z = s², by Estrin's scheme
  const z = s2;
  const z2 = f64x2.mul(z, z);
  const z4 = f64x2.mul(z2, z2);
  const a0 = f64x2.add(f64x2.splat(1.0), f64x2.mul(z, f64x2.splat(1.0 / 3.0)));
  const a1 = f64x2.add(f64x2.splat(1.0 / 5.0), f64x2.mul(z, f64x2.splat(1.0 / 7.0)));
  const a2 = f64x2.add(f64x2.splat(1.0 / 9.0), f64x2.mul(z, f64x2.splat(1.0 / 11.0)));
  const a3 = f64x2.add(f64x2.splat(1.0 / 13.0), f64x2.mul(z, f64x2.splat(1.0 / 15.0)));
  const a4 = f64x2.add(f64x2.splat(1.0 / 17.0), f64x2.mul(z, f64x2.splat(1.0 / 19.0)));
  const b0 = f64x2.add(a0, f64x2.mul(a1, z2));
  const b1 = f64x2.add(a2, f64x2.mul(a3, z2));
  const p = f64x2.add(b0, f64x2.mul(z4, f64x2.add(b1, f64x2.mul(a4, z4))));
  const logm = f64x2.mul(f64x2.mul(p, s), f64x2.splat(2));
  const ef = f64x2.convert_low_i32x4_s(i32x4.shuffle(e, e, 0, 2, 0, 2));
  return f64x2.add(f64x2.add(f64x2.mul(ef, f64x2.splat(LN2_HI)), logm), f64x2.mul(ef, f64x2.splat(LN2_LO)));
}

/** Vector log with the special cases: log 0 = −∞, log x<0 = NaN, log ∞ = ∞, NaN → NaN. */
@inline export function logSpecial2x(x: v128): v128 {
  const y = log2x(x);
  const ok = v128.and(f64x2.gt(x, f64x2.splat(0)), f64x2.lt(x, f64x2.splat(Infinity)));
  if (v128.all_true<i64>(ok)) return y;
  const zero = f64x2.eq(x, f64x2.splat(0));
  const inf = f64x2.eq(x, f64x2.splat(Infinity));
  let special = f64x2.splat(NaN);
  special = v128.bitselect(f64x2.splat(-Infinity), special, zero);
  special = v128.bitselect(f64x2.splat(Infinity), special, inf);
  return v128.bitselect(y, special, ok);
}

/** 1/(1 + e^−x) without overflow: e = e^−|x|, then 1/(1+e) or e/(1+e) by the sign of x. */
@inline export function sigmoid2x(x: v128): v128 {
  const e = exp2x(clampExp(f64x2.neg(f64x2.abs(x))));
  const s = f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), e));
  return v128.bitselect(s, f64x2.mul(e, s), f64x2.ge(x, f64x2.splat(0)));
}

/**
 * tanh x = sign(x)·(1 − 2/(e^{2|x|} + 1)); below |x| = 1/32 the odd series to x⁷ instead (no
 * cancellation; error < 1e-15 relative). Saturates to ±1; NaN propagates.
 */
@inline export function tanh2x(x: v128): v128 {
  const a = f64x2.abs(x);
  const e = exp2x(f64x2.min(f64x2.mul(a, f64x2.splat(2)), f64x2.splat(110)));
  const big = f64x2.sub(f64x2.splat(1), f64x2.div(f64x2.splat(2), f64x2.add(e, f64x2.splat(1))));
  const x2 = f64x2.mul(a, a);
  let p = f64x2.splat(-17.0 / 315.0);
  p = f64x2.add(f64x2.mul(p, x2), f64x2.splat(2.0 / 15.0));
  p = f64x2.add(f64x2.mul(p, x2), f64x2.splat(-1.0 / 3.0));
  p = f64x2.add(f64x2.mul(p, x2), f64x2.splat(1.0));
  const small = f64x2.mul(p, a);
  const t = v128.bitselect(small, big, f64x2.lt(a, f64x2.splat(0.03125)));
  // copy the sign of x (also keeps −0 and NaN's payload path)
  return v128.or(v128.and(t, i64x2.splat(0x7fffffffffffffff)), v128.and(x, i64x2.splat(-0x8000000000000000)));
}

/** e^x clamped so the scale stays a normal double. */
@inline export function expClamped2x(x: v128): v128 {
  return exp2x(clampExp(x));
}
