/**
 * Data movement for any element type (by width in bytes: 1, 4 or 8): strided copies (behind
 * expand, permute, slice, pad and concat), gather; plus float32 scatter-add and dtype casts.
 * Strides are in elements.
 */

@inline function copyRows<T>(
  src: usize, dst: usize, n0: i32, n1: i32, n2: i32, n3: i32,
  s0: i32, s1: i32, s2: i32, s3: i32, d0: i32, d1: i32, d2: i32, d3: i32,
): void {
  const w = <usize>sizeof<T>();
  const contiguous = s3 == 1 && d3 == 1;
  for (let i0 = 0; i0 < n0; i0++) {
    for (let i1 = 0; i1 < n1; i1++) {
      for (let i2 = 0; i2 < n2; i2++) {
        let ps = src + <usize>(i0 * s0 + i1 * s1 + i2 * s2) * w;
        let pd = dst + <usize>(i0 * d0 + i1 * d1 + i2 * d2) * w;
        if (contiguous) {
          memory.copy(pd, ps, <usize>n3 * w);
        } else if (s3 == 0) {
          const v = load<T>(ps);
          let i3 = 0;
          if (d3 == 1 && sizeof<T>() >= 4) {
            // a broadcast value along a contiguous row: 16-byte stores
            const splat = v128.splat<T>(v);
            const per = <i32>(16 / w);
            for (; i3 + per <= n3; i3 += per) {
              v128.store(pd, splat);
              pd += 16;
            }
          }
          for (; i3 < n3; i3++) {
            store<T>(pd, v);
            pd += <usize>d3 * w;
          }
        } else {
          for (let i3 = 0; i3 < n3; i3++) {
            store<T>(pd, load<T>(ps));
            ps += <usize>s3 * w;
            pd += <usize>d3 * w;
          }
        }
      }
    }
  }
}

/** dst[i·d] = src[i·s] over a 4-axis index space (sizes n0..n3; s, d the element strides). */
export function copyW(
  width: i32, src: usize, dst: usize, n0: i32, n1: i32, n2: i32, n3: i32,
  s0: i32, s1: i32, s2: i32, s3: i32, d0: i32, d1: i32, d2: i32, d3: i32,
): void {
  if (width == 4) copyRows<u32>(src, dst, n0, n1, n2, n3, s0, s1, s2, s3, d0, d1, d2, d3);
  else if (width == 8) copyRows<u64>(src, dst, n0, n1, n2, n3, s0, s1, s2, s3, d0, d1, d2, d3);
  else copyRows<u8>(src, dst, n0, n1, n2, n3, s0, s1, s2, s3, d0, d1, d2, d3);
}

@inline function gatherRows<T>(x: usize, outer: i32, dim: i32, inner: i32, idx: usize, count: i32, out: usize): void {
  const w = <usize>sizeof<T>();
  const rowBytes = <usize>inner * w;
  for (let o = 0; o < outer; o++) {
    const src = x + <usize>o * <usize>dim * rowBytes;
    let dst = out + <usize>o * <usize>count * rowBytes;
    if (inner == 1) {
      for (let j = 0; j < count; j++) {
        store<T>(dst, load<T>(src + <usize>load<i32>(idx + (<usize>j << 2)) * w));
        dst += w;
      }
    } else {
      for (let j = 0; j < count; j++) {
        memory.copy(dst, src + <usize>load<i32>(idx + (<usize>j << 2)) * rowBytes, rowBytes);
        dst += rowBytes;
      }
    }
  }
}

/**
 * out[o, j, t] = x[o, idx[j], t] (x viewed as [outer, dim, inner], out as [outer, count, inner]);
 * the indices (int32) are already checked to lie in [0, dim).
 */
export function gatherW(width: i32, x: usize, outer: i32, dim: i32, inner: i32, idx: usize, count: i32, out: usize): void {
  if (width == 4) gatherRows<u32>(x, outer, dim, inner, idx, count, out);
  else if (width == 8) gatherRows<u64>(x, outer, dim, inner, idx, count, out);
  else gatherRows<u8>(x, outer, dim, inner, idx, count, out);
}

/**
 * out[o, idx[j], t] += upd[o, j, t] in order of j (out already holds a copy of the base, viewed
 * as [outer, dim, inner]; upd as [outer, count, inner]); float32, rounded after every addition.
 */
export function scatterAddF32(out: usize, outer: i32, dim: i32, inner: i32, idx: usize, count: i32, upd: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const base = out + <usize>o * <usize>dim * rowBytes;
    let src = upd + <usize>o * <usize>count * rowBytes;
    for (let j = 0; j < count; j++) {
      const dst = base + <usize>load<i32>(idx + (<usize>j << 2)) * rowBytes;
      let t = 0;
      for (; t + 4 <= inner; t += 4) {
        const off = <usize>t << 2;
        v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
      }
      for (; t < inner; t++) {
        const off = <usize>t << 2;
        store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
      }
      src += rowBytes;
    }
  }
}

// dtype codes for casts
const F32 = 0;
const F64 = 1;
const I32 = 2;
const BOOL = 3;

/** A double truncated toward zero and wrapped modulo 2³² into int32 (JavaScript's ToInt32 of Math.trunc). */
@inline function toInt32(x: f64): i32 {
  if (x != x || abs<f64>(x) == Infinity) return 0;
  const t = trunc<f64>(x);
  if (t >= -2147483648.0 && t <= 2147483647.0) return <i32>t;
  const r = t - floor<f64>(t / 4294967296.0) * 4294967296.0;
  return <i32><u32>r;
}

@inline function readAs(from: i32, p: usize): f64 {
  if (from == F32) return <f64>load<f32>(p);
  if (from == F64) return load<f64>(p);
  if (from == I32) return <f64>load<i32>(p);
  return <f64>load<u8>(p);
}

@inline function widthOf(code: i32): usize {
  return code == F64 ? 8 : code == BOOL ? 1 : 4;
}

@inline function castLoop(from: i32, to: i32, x: usize, y: usize, n: i32): void {
  const wf = widthOf(from);
  const wt = widthOf(to);
  for (let i = 0; i < n; i++) {
    const v = readAs(from, x + <usize>i * wf);
    const p = y + <usize>i * wt;
    if (to == F32) store<f32>(p, <f32>v);
    else if (to == F64) store<f64>(p, v);
    else if (to == I32) store<i32>(p, toInt32(v));
    else store<u8>(p, v != 0 ? 1 : 0);
  }
}

/**
 * y = x converted from dtype code `from` to `to` (0 float32, 1 float64, 2 int32, 3 bool), with
 * the rules of core `castArray`: floats truncate toward zero into int32 (NaN → 0, wrapping),
 * any non-zero value (NaN included) is true.
 */
export function castAny(from: i32, to: i32, x: usize, y: usize, n: i32): void {
  if (from == to) {
    memory.copy(y, x, <usize>n * widthOf(from));
    return;
  }
  switch (from * 4 + to) {
    case F32 * 4 + F64: castLoop(F32, F64, x, y, n); break;
    case F32 * 4 + I32: castLoop(F32, I32, x, y, n); break;
    case F32 * 4 + BOOL: castLoop(F32, BOOL, x, y, n); break;
    case F64 * 4 + F32: castLoop(F64, F32, x, y, n); break;
    case F64 * 4 + I32: castLoop(F64, I32, x, y, n); break;
    case F64 * 4 + BOOL: castLoop(F64, BOOL, x, y, n); break;
    case I32 * 4 + F32: castLoop(I32, F32, x, y, n); break;
    case I32 * 4 + F64: castLoop(I32, F64, x, y, n); break;
    case I32 * 4 + BOOL: castLoop(I32, BOOL, x, y, n); break;
    case BOOL * 4 + F32: castLoop(BOOL, F32, x, y, n); break;
    case BOOL * 4 + F64: castLoop(BOOL, F64, x, y, n); break;
    default: castLoop(BOOL, I32, x, y, n); break;
  }
}
