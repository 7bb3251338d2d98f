/**
 * float32 reductions over the middle axis of an [outer, dim, inner] view. Sums accumulate in
 * double precision, as the reference does; max and min propagate NaN.
 */

const SUM = 0;
const MAX = 1;
const MIN = 2;

@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3));
}

/** Sum of n contiguous floats, in double precision. */
@inline function sumRow(x: usize, n: i32): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let acc2 = f64x2.splat(0);
  let acc3 = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const v0 = v128.load(x + (<usize>i << 2));
    const v1 = v128.load(x + (<usize>i << 2), 16);
    acc0 = f64x2.add(acc0, f64x2.promote_low_f32x4(v0));
    acc1 = f64x2.add(acc1, promoteHigh(v0));
    acc2 = f64x2.add(acc2, f64x2.promote_low_f32x4(v1));
    acc3 = f64x2.add(acc3, promoteHigh(v1));
  }
  const acc = f64x2.add(f64x2.add(acc0, acc1), f64x2.add(acc2, acc3));
  let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (; i < n; i++) s += <f64>load<f32>(x + (<usize>i << 2));
  return s;
}

/** Max (isMax) or min of n ≥ 1 contiguous floats; NaN wins. */
@inline function extremeRow(x: usize, n: i32, isMax: bool): f32 {
  let i = 0;
  let r: f32 = isMax ? -Infinity : Infinity;
  if (n >= 4) {
    let acc = v128.load(x);
    for (i = 4; i + 4 <= n; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      acc = isMax ? f32x4.max(acc, v) : f32x4.min(acc, v);
    }
    const a0 = f32x4.extract_lane(acc, 0);
    const a1 = f32x4.extract_lane(acc, 1);
    const a2 = f32x4.extract_lane(acc, 2);
    const a3 = f32x4.extract_lane(acc, 3);
    r = isMax ? max<f32>(max<f32>(a0, a1), max<f32>(a2, a3)) : min<f32>(min<f32>(a0, a1), min<f32>(a2, a3));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    r = isMax ? max<f32>(r, v) : min<f32>(r, v);
  }
  return r;
}

/**
 * y[o, j] = op over d of x[o, d, j] (x viewed as [outer, dim, inner], y as [outer, inner]).
 * `work` holds inner doubles of scratch for sums with inner > 1.
 */
export function reduceF32(op: i32, x: usize, outer: i32, dim: i32, inner: i32, y: usize, work: usize): void {
  const rowBytes = <usize>inner << 2;
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const row = x + <usize>o * <usize>dim * 4;
      const v: f32 = op == SUM ? <f32>sumRow(row, dim) : extremeRow(row, dim, op == MAX);
      store<f32>(y + (<usize>o << 2), v);
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    const block = x + <usize>o * <usize>dim * rowBytes;
    const out = y + <usize>o * rowBytes;
    if (op == SUM) {
      memory.fill(work, 0, <usize>inner << 3);
      for (let d = 0; d < dim; d++) {
        const row = block + <usize>d * rowBytes;
        let j = 0;
        for (; j + 4 <= inner; j += 4) {
          const v = v128.load(row + (<usize>j << 2));
          const w = work + (<usize>j << 3);
          v128.store(w, f64x2.add(v128.load(w), f64x2.promote_low_f32x4(v)));
          v128.store(w, f64x2.add(v128.load(w, 16), promoteHigh(v)), 16);
        }
        for (; j < inner; j++) {
          const w = work + (<usize>j << 3);
          store<f64>(w, load<f64>(w) + <f64>load<f32>(row + (<usize>j << 2)));
        }
      }
      for (let j = 0; j < inner; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(work + (<usize>j << 3)));
    } else {
      const isMax = op == MAX;
      memory.copy(out, block, rowBytes);
      for (let d = 1; d < dim; d++) {
        const row = block + <usize>d * rowBytes;
        let j = 0;
        for (; j + 4 <= inner; j += 4) {
          const off = <usize>j << 2;
          const v = v128.load(row + off);
          const acc = v128.load(out + off);
          v128.store(out + off, isMax ? f32x4.max(acc, v) : f32x4.min(acc, v));
        }
        for (; j < inner; j++) {
          const off = <usize>j << 2;
          const v = load<f32>(row + off);
          const acc = load<f32>(out + off);
          store<f32>(out + off, isMax ? max<f32>(acc, v) : min<f32>(acc, v));
        }
      }
    }
  }
}

/**
 * y[k] = op over (o, t) of x[o, k, t] (x viewed as [outer, kept, inner], both outer and inner
 * reduced, as for a bias gradient over N·H·W). `work` holds `kept` doubles for sums.
 */
export function reduceOuterInnerF32(op: i32, x: usize, outer: i32, kept: i32, inner: i32, y: usize, work: usize): void {
  const rowBytes = <usize>inner << 2;
  if (op == SUM) memory.fill(work, 0, <usize>kept << 3);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < kept; k++) {
      const row = x + (<usize>o * <usize>kept + <usize>k) * rowBytes;
      if (op == SUM) {
        const w = work + (<usize>k << 3);
        store<f64>(w, load<f64>(w) + sumRow(row, inner));
      } else {
        const isMax = op == MAX;
        const v = extremeRow(row, inner, isMax);
        const p = y + (<usize>k << 2);
        store<f32>(p, o == 0 ? v : isMax ? max<f32>(load<f32>(p), v) : min<f32>(load<f32>(p), v));
      }
    }
  }
  if (op == SUM) for (let k = 0; k < kept; k++) store<f32>(y + (<usize>k << 2), <f32>load<f64>(work + (<usize>k << 3)));
}

/**
 * y[o, j] = the index d of the first maximum (isMax) or minimum of x[o, d, j] over d, a NaN
 * counting as the extreme (the first NaN wins), as int32; x viewed as [outer, dim, inner], dim ≥ 1.
 */
export function argReduceF32(isMax: bool, x: usize, outer: i32, dim: i32, inner: i32, y: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const block = x + <usize>o * <usize>dim * rowBytes;
    const out = y + <usize>o * rowBytes;
    let j = 0;
    for (; j + 4 <= inner; j += 4) {
      const off = <usize>j << 2;
      let best = v128.load(block + off);
      let index = i32x4.splat(0);
      for (let d = 1; d < dim; d++) {
        const v = v128.load(block + <usize>d * rowBytes + off);
        const better = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
        // take v when it is better or NaN, unless best is already NaN
        const take = v128.and(v128.or(better, f32x4.ne(v, v)), f32x4.eq(best, best));
        best = v128.bitselect(v, best, take);
        index = v128.bitselect(i32x4.splat(d), index, take);
      }
      v128.store(out + off, index);
    }
    for (; j < inner; j++) {
      const col = block + (<usize>j << 2);
      let best = load<f32>(col);
      let index = 0;
      for (let d = 1; d < dim; d++) {
        if (best != best) break;
        const v = load<f32>(col + <usize>d * rowBytes);
        if ((isMax ? v > best : v < best) || v != v) {
          best = v;
          index = d;
        }
      }
      store<i32>(out + (<usize>j << 2), index);
    }
  }
}
