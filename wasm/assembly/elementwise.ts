/**
 * Element-wise kernels: float32 and int32 binary arithmetic and comparisons over up to two broadcast axes,
 * unary functions, and `where` (any element width). Strides are in elements; outputs are
 * contiguous. Vector loops cover the common layouts (both operands contiguous, or one of them a
 * broadcast scalar along the row); every other layout takes a scalar strided loop.
 *
 * float32 arithmetic here rounds exactly as the reference does (a double-precision result of
 * +, −, ×, ÷ on float32 operands rounds to the same float32), and max/min propagate NaN like
 * Math.max/Math.min; transcendental functions are evaluated in double precision and rounded.
 */

import { expClamped2x, logSpecial2x, sigmoid2x, tanh2x } from './vmath';

// Binary op codes (the host maps BinaryOp names to these).
const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAX = 4;
const MIN = 5;
const EQ = 6;
const NE = 7;
const LT = 8;
const LE = 9;
const GT = 10;
const GE = 11;

@inline function arithV<T>(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return v128.add<T>(x, y);
  if (op == SUB) return v128.sub<T>(x, y);
  if (op == MUL) return v128.mul<T>(x, y);
  if (isFloat<T>()) {
    if (op == DIV) return v128.div<T>(x, y);
  }
  if (op == MAX) return v128.max<T>(x, y);
  return v128.min<T>(x, y);
}

@inline function arithS<T>(op: i32, x: T, y: T): T {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (isFloat<T>()) {
    if (op == DIV) return x / y;
  }
  if (op == MAX) return max<T>(x, y);
  return min<T>(x, y);
}

@inline function compareV<T>(op: i32, x: v128, y: v128): v128 {
  if (op == EQ) return v128.eq<T>(x, y);
  if (op == NE) return v128.ne<T>(x, y);
  if (op == LT) return v128.lt<T>(x, y);
  if (op == LE) return v128.le<T>(x, y);
  if (op == GT) return v128.gt<T>(x, y);
  return v128.ge<T>(x, y);
}

@inline function compareS<T>(op: i32, x: T, y: T): u8 {
  if (op == EQ) return <u8>(x == y);
  if (op == NE) return <u8>(x != y);
  if (op == LT) return <u8>(x < y);
  if (op == LE) return <u8>(x <= y);
  if (op == GT) return <u8>(x > y);
  return <u8>(x >= y);
}

/** One row of an arithmetic op on 4-byte elements: n results at o. */
@inline function arithRow<T>(op: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  let i = 0;
  if (as == 1 && bs == 1) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(o + off, arithV<T>(op, v128.load(a + off), v128.load(b + off)));
    }
    for (; i < n; i++) {
      const off = <usize>i << 2;
      store<T>(o + off, arithS<T>(op, load<T>(a + off), load<T>(b + off)));
    }
  } else if (as == 1 && bs == 0) {
    const ys = load<T>(b);
    const y = v128.splat<T>(ys);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(o + off, arithV<T>(op, v128.load(a + off), y));
    }
    for (; i < n; i++) {
      const off = <usize>i << 2;
      store<T>(o + off, arithS<T>(op, load<T>(a + off), ys));
    }
  } else if (as == 0 && bs == 1) {
    const xs = load<T>(a);
    const x = v128.splat<T>(xs);
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(o + off, arithV<T>(op, x, v128.load(b + off)));
    }
    for (; i < n; i++) {
      const off = <usize>i << 2;
      store<T>(o + off, arithS<T>(op, xs, load<T>(b + off)));
    }
  } else {
    const sa = <usize>as << 2;
    const sb = <usize>bs << 2;
    for (; i < n; i++) {
      store<T>(o + (<usize>i << 2), arithS<T>(op, load<T>(a), load<T>(b)));
      a += sa;
      b += sb;
    }
  }
}

/** Four comparison masks (16 lanes of −1/0) packed into 16 bytes of 1/0. */
@inline function packMasks(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(bytes, i8x16.splat(1));
}

/** One row of a comparison on 4-byte elements: n bool bytes at o. */
@inline function compareRow<T>(op: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  let i = 0;
  if ((as == 1 || as == 0) && (bs == 1 || bs == 0)) {
    const sa: usize = as == 1 ? 16 : 0;
    const sb: usize = bs == 1 ? 16 : 0;
    const xs = v128.splat<T>(load<T>(a));
    const ys = v128.splat<T>(load<T>(b));
    for (; i + 16 <= n; i += 16) {
      const pa = a + (<usize>(i * as) << 2);
      const pb = b + (<usize>(i * bs) << 2);
      const x0 = as == 1 ? v128.load(pa) : xs;
      const x1 = as == 1 ? v128.load(pa + sa) : xs;
      const x2 = as == 1 ? v128.load(pa + 2 * sa) : xs;
      const x3 = as == 1 ? v128.load(pa + 3 * sa) : xs;
      const y0 = bs == 1 ? v128.load(pb) : ys;
      const y1 = bs == 1 ? v128.load(pb + sb) : ys;
      const y2 = bs == 1 ? v128.load(pb + 2 * sb) : ys;
      const y3 = bs == 1 ? v128.load(pb + 3 * sb) : ys;
      v128.store(o + <usize>i, packMasks(compareV<T>(op, x0, y0), compareV<T>(op, x1, y1), compareV<T>(op, x2, y2), compareV<T>(op, x3, y3)));
    }
  }
  const sa = <usize>as << 2;
  const sb = <usize>bs << 2;
  let pa = a + <usize>i * sa;
  let pb = b + <usize>i * sb;
  for (; i < n; i++) {
    store<u8>(o + <usize>i, compareS<T>(op, load<T>(pa), load<T>(pb)));
    pa += sa;
    pb += sb;
  }
}

@inline function binaryRows<T>(
  op: i32, a: usize, as0: i32, as1: i32, b: usize, bs0: i32, bs1: i32, o: usize, n0: i32, n1: i32,
): void {
  const compare = op >= EQ;
  for (let r = 0; r < n0; r++) {
    const pa = a + (<usize>(r * as0) << 2);
    const pb = b + (<usize>(r * bs0) << 2);
    if (compare) compareRow<T>(op, pa, as1, pb, bs1, o + <usize>(r * n1), n1);
    else arithRow<T>(op, pa, as1, pb, bs1, o + (<usize>(r * n1) << 2), n1);
  }
}

@inline function binaryAll<T>(
  op: i32, a: usize, as0: i32, as1: i32, b: usize, bs0: i32, bs1: i32, o: usize, n0: i32, n1: i32,
): void {
  switch (op) {
    case ADD: binaryRows<T>(ADD, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case SUB: binaryRows<T>(SUB, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case MUL: binaryRows<T>(MUL, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case DIV: binaryRows<T>(DIV, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case MAX: binaryRows<T>(MAX, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case MIN: binaryRows<T>(MIN, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case EQ: binaryRows<T>(EQ, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case NE: binaryRows<T>(NE, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case LT: binaryRows<T>(LT, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case LE: binaryRows<T>(LE, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    case GT: binaryRows<T>(GT, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
    default: binaryRows<T>(GE, a, as0, as1, b, bs0, bs1, o, n0, n1); break;
  }
}

/**
 * o[r, i] = op(a[r·as0 + i·as1], b[r·bs0 + i·bs1]) for r < n0, i < n1 (float32 operands);
 * o is contiguous float32 for arithmetic (op 0–5) and bool bytes for comparisons (op 6–11).
 */
export function binaryF32(
  op: i32, a: usize, as0: i32, as1: i32, b: usize, bs0: i32, bs1: i32, o: usize, n0: i32, n1: i32,
): void {
  binaryAll<f32>(op, a, as0, as1, b, bs0, bs1, o, n0, n1);
}

/**
 * The same for int32 operands: +, −, × wrap modulo 2³² (as the reference's int32 results do),
 * max, min and comparisons; op 3 (division, whose result is float) is not accepted.
 */
export function binaryI32(
  op: i32, a: usize, as0: i32, as1: i32, b: usize, bs0: i32, bs1: i32, o: usize, n0: i32, n1: i32,
): void {
  binaryAll<i32>(op == DIV ? ADD : op, a, as0, as1, b, bs0, bs1, o, n0, n1);
}

// Unary op codes.
const NEG = 0;
const ABS = 1;
const SQRT = 2;
const RECIPROCAL = 3;
const FLOOR = 4;
const CEIL = 5;
const ROUND = 6;
const SIGN = 7;
const EXP = 8;
const EXPM1 = 9;
const LOG = 10;
const LOG1P = 11;
const RSQRT = 12;
const SIN = 13;
const COS = 14;
const TANH = 15;
const SIGMOID = 16;

@inline function unaryV(op: i32, x: v128): v128 {
  if (op == NEG) return f32x4.neg(x);
  if (op == ABS) return f32x4.abs(x);
  if (op == SQRT) return f32x4.sqrt(x);
  if (op == RECIPROCAL) return f32x4.div(f32x4.splat(1), x);
  if (op == FLOOR) return f32x4.floor(x);
  if (op == CEIL) return f32x4.ceil(x);
  return f32x4.nearest(x);
}

@inline function sigmoid(x: f64): f64 {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Scalar functions, in double precision and rounded once (as the reference computes them). */
@inline function unaryS(op: i32, v: f32): f32 {
  const x = <f64>v;
  if (op == NEG) return -v;
  if (op == ABS) return abs<f32>(v);
  if (op == SQRT) return sqrt<f32>(v);
  if (op == RECIPROCAL) return 1 / v;
  if (op == FLOOR) return floor<f32>(v);
  if (op == CEIL) return ceil<f32>(v);
  if (op == ROUND) return nearest<f32>(v);
  if (op == SIGN) return v > 0 ? 1 : v < 0 ? -1 : v;
  if (op == EXP) return <f32>Math.exp(x);
  if (op == EXPM1) return <f32>Math.expm1(x);
  if (op == LOG) return <f32>Math.log(x);
  if (op == LOG1P) return <f32>Math.log1p(x);
  if (op == RSQRT) return <f32>(1 / Math.sqrt(x));
  if (op == SIN) return <f32>Math.sin(x);
  if (op == COS) return <f32>Math.cos(x);
  if (op == TANH) return <f32>Math.tanh(x);
  return <f32>sigmoid(x);
}

/** The double-precision vector functions, on one f64x2 half of a float32 vector. */
@inline function unaryD(op: i32, x: v128): v128 {
  if (op == EXP) return expClamped2x(x);
  if (op == LOG) return logSpecial2x(x);
  if (op == TANH) return tanh2x(x);
  return sigmoid2x(x);
}

@inline function isVectorD(op: i32): bool {
  return op == EXP || op == LOG || op == TANH || op == SIGMOID;
}

@inline function unaryLoop(op: i32, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (op <= ROUND) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      v128.store(y + off, unaryV(op, v128.load(x + off)));
    }
  } else if (isVectorD(op)) {
    for (; i + 4 <= n; i += 4) {
      const off = <usize>i << 2;
      const v = v128.load(x + off);
      const lo = f32x4.demote_f64x2_zero(unaryD(op, f64x2.promote_low_f32x4(v)));
      const hi = f32x4.demote_f64x2_zero(unaryD(op, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))));
      v128.store(y + off, v128.shuffle<f32>(lo, hi, 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(y + off, unaryS(op, load<f32>(x + off)));
  }
}

/** y[i] = op(x[i]) for i < n, float32, contiguous (y may equal x). */
export function unaryF32(op: i32, x: usize, y: usize, n: i32): void {
  switch (op) {
    case NEG: unaryLoop(NEG, x, y, n); break;
    case ABS: unaryLoop(ABS, x, y, n); break;
    case SQRT: unaryLoop(SQRT, x, y, n); break;
    case RECIPROCAL: unaryLoop(RECIPROCAL, x, y, n); break;
    case FLOOR: unaryLoop(FLOOR, x, y, n); break;
    case CEIL: unaryLoop(CEIL, x, y, n); break;
    case ROUND: unaryLoop(ROUND, x, y, n); break;
    case SIGN: unaryLoop(SIGN, x, y, n); break;
    case EXP: unaryLoop(EXP, x, y, n); break;
    case EXPM1: unaryLoop(EXPM1, x, y, n); break;
    case LOG: unaryLoop(LOG, x, y, n); break;
    case LOG1P: unaryLoop(LOG1P, x, y, n); break;
    case RSQRT: unaryLoop(RSQRT, x, y, n); break;
    case SIN: unaryLoop(SIN, x, y, n); break;
    case COS: unaryLoop(COS, x, y, n); break;
    case TANH: unaryLoop(TANH, x, y, n); break;
    default: unaryLoop(SIGMOID, x, y, n); break;
  }
}

@inline function whereRows<T>(
  c: usize, cs0: i32, cs1: i32, a: usize, as0: i32, as1: i32, b: usize, bs0: i32, bs1: i32, o: usize, n0: i32, n1: i32,
): void {
  const w = <usize>sizeof<T>();
  for (let r = 0; r < n0; r++) {
    let pc = c + <usize>(r * cs0);
    let pa = a + <usize>(r * as0) * w;
    let pb = b + <usize>(r * bs0) * w;
    let po = o + <usize>(r * n1) * w;
    let i = 0;
    if (sizeof<T>() == 4 && cs1 == 1 && (as1 == 0 || as1 == 1) && (bs1 == 0 || bs1 == 1)) {
      // four 32-bit lanes at a time: widen four condition bytes into lane masks
      const sa = as1 == 0 ? i32x4.splat(load<i32>(pa)) : i32x4.splat(0);
      const sb = bs1 == 0 ? i32x4.splat(load<i32>(pb)) : i32x4.splat(0);
      for (; i + 4 <= n1; i += 4) {
        const bytes = v128.load32_zero(pc + <usize>i);
        const mask = i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)), i32x4.splat(0));
        const va = as1 == 1 ? v128.load(pa + (<usize>i << 2)) : sa;
        const vb = bs1 == 1 ? v128.load(pb + (<usize>i << 2)) : sb;
        v128.store(po + (<usize>i << 2), v128.bitselect(va, vb, mask));
      }
      pc += <usize>i;
      pa += <usize>(i * as1) << 2;
      pb += <usize>(i * bs1) << 2;
      po += <usize>i << 2;
    }
    for (; i < n1; i++) {
      store<T>(po, load<u8>(pc) != 0 ? load<T>(pa) : load<T>(pb));
      pc += <usize>cs1;
      pa += <usize>as1 * w;
      pb += <usize>bs1 * w;
      po += w;
    }
  }
}

/**
 * o[r, i] = c[r, i] ? a[r, i] : b[r, i] over two strided axes, for elements of `width` bytes
 * (1, 4 or 8; a, b and o share the element type, c is bool bytes); o is contiguous.
 */
export function whereW(
  width: i32, c: usize, cs0: i32, cs1: i32, a: usize, as0: i32, as1: i32, b: usize, bs0: i32, bs1: i32,
  o: usize, n0: i32, n1: i32,
): void {
  if (width == 4) whereRows<u32>(c, cs0, cs1, a, as0, as1, b, bs0, bs1, o, n0, n1);
  else if (width == 8) whereRows<u64>(c, cs0, cs1, a, as0, as1, b, bs0, bs1, o, n0, n1);
  else whereRows<u8>(c, cs0, cs1, a, as0, as1, b, bs0, bs1, o, n0, n1);
}
