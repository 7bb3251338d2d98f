/**
 * Sliding 2-D windows over float32 images [N, C, H, W] (passed as `planes` = N·C images of h×w):
 * im2col (every window as a column), its adjoint col2im, and max pooling's pair: values read at
 * each window's maximum (maxPoolGather) and its adjoint (maxPoolScatter). Window (oy, ox) has
 * taps (i, j) at row oy·sh + i·dh − top, column ox·sw + j·dw − left; there are outH×outW windows
 * and kh×kw taps. Column layout (as the reference kernels): [plane, tap i·kw + j, window oy·outW + ox].
 * Sums happen in the reference kernels' order, so results are identical to theirs.
 */

/** The first window index o ≥ 0 whose tap at x0 + o·s is ≥ 0. */
@inline function firstInside(x0: i32, s: i32): i32 {
  return x0 >= 0 ? 0 : (s - 1 - x0) / s;
}

/** One past the last window index o whose tap at x0 + o·s is ≤ w − 1, at most `count`. */
@inline function endInside(x0: i32, s: i32, w: i32, count: i32): i32 {
  return x0 > w - 1 ? 0 : min(count, (w - 1 - x0) / s + 1);
}

/** dst[t] = value for t < n. */
@inline function fillF32(dst: usize, n: i32, value: f32): void {
  const splat = f32x4.splat(value);
  let t = 0;
  for (; t + 4 <= n; t += 4) v128.store(dst + (<usize>t << 2), splat);
  for (; t < n; t++) store<f32>(dst + (<usize>t << 2), value);
}

/** dst[t] = src[t·s] for t < n: vectors for s = 1 and s = 2 (even lanes of two loads), else scalars. */
@inline function copyStridedF32(src: usize, s: i32, dst: usize, n: i32): void {
  let t = 0;
  if (s == 1) {
    for (; t + 4 <= n; t += 4) v128.store(dst + (<usize>t << 2), v128.load(src + (<usize>t << 2)));
  } else if (s == 2) {
    // a vector reads elements 2t … 2t + 7, inside the taps' span 0 … 2(n − 1) while t + 4 < n
    for (; t + 4 < n; t += 4) {
      const at = src + (<usize>t << 3);
      v128.store(dst + (<usize>t << 2), v128.shuffle<f32>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6));
    }
  }
  for (; t < n; t++) store<f32>(dst + (<usize>t << 2), load<f32>(src + (<usize>(t * s) << 2)));
}

/** dst[t·s] += src[t] for t < n: vectors for s = 1, else scalars (each sum rounded to float32). */
@inline function addStridedF32(src: usize, dst: usize, s: i32, n: i32): void {
  let t = 0;
  if (s == 1) {
    for (; t + 4 <= n; t += 4) {
      const o = <usize>t << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
  }
  for (; t < n; t++) {
    const d = dst + (<usize>(t * s) << 2);
    store<f32>(d, load<f32>(d) + load<f32>(src + (<usize>t << 2)));
  }
}

/**
 * out [planes, kh·kw, outH·outW] = the taps of every window of x [planes, h, w], `fill` where a tap
 * lies in the padding.
 */
export function im2colF32(
  x: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  top: i32, left: i32, outH: i32, outW: i32, fill: f32, out: usize,
): void {
  const rowBytes = <usize>w << 2;
  const outRowBytes = <usize>outW << 2;
  let dst = out;
  for (let p = 0; p < planes; p++) {
    const plane = x + <usize>p * <usize>h * rowBytes;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const x0 = j * dw - left;
        const lo = min(outW, firstInside(x0, sw));
        const hi = max(lo, endInside(x0, sw, w, outW));
        for (let oy = 0; oy < outH; oy++) {
          const y = oy * sh + i * dh - top;
          if (y < 0 || y >= h) {
            fillF32(dst, outW, fill);
          } else {
            fillF32(dst, lo, fill);
            copyStridedF32(plane + <usize>y * rowBytes + (<usize>(x0 + lo * sw) << 2), sw, dst + (<usize>lo << 2), hi - lo);
            fillF32(dst + (<usize>hi << 2), outW - hi, fill);
          }
          dst += outRowBytes;
        }
      }
    }
  }
}

/**
 * out [planes, h, w] = zeros, then every column entry of cols [planes, kh·kw, outH·outW] added to
 * the pixel its tap reads (taps in the padding dropped), in the columns' order: each pixel sums
 * its taps in order of (i, j), as the reference kernel does.
 */
export function col2imF32(
  cols: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  top: i32, left: i32, outH: i32, outW: i32, out: usize,
): void {
  const rowBytes = <usize>w << 2;
  const colRowBytes = <usize>outW << 2;
  memory.fill(out, 0, <usize>planes * <usize>h * rowBytes);
  let src = cols;
  for (let p = 0; p < planes; p++) {
    const plane = out + <usize>p * <usize>h * rowBytes;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const x0 = j * dw - left;
        const lo = min(outW, firstInside(x0, sw));
        const hi = max(lo, endInside(x0, sw, w, outW));
        for (let oy = 0; oy < outH; oy++) {
          const y = oy * sh + i * dh - top;
          if (y >= 0 && y < h) {
            addStridedF32(src + (<usize>lo << 2), plane + <usize>y * rowBytes + (<usize>(x0 + lo * sw) << 2), sw, hi - lo);
          }
          src += colRowBytes;
        }
      }
    }
  }
}

/**
 * The flat index of the first maximum among taps [iLo, iHi) × [jLo, jHi) of the window whose tap
 * (0, 0) is at flat index `origin` (taps dh·w and dw apart); NaN counts as the largest.
 */
@inline function argmaxTaps(x: usize, origin: i32, w: i32, dh: i32, dw: i32, iLo: i32, iHi: i32, jLo: i32, jHi: i32): i32 {
  let bestAt = origin + iLo * dh * w + jLo * dw;
  let best = load<f32>(x + (<usize>bestAt << 2));
  for (let i = iLo; i < iHi && best == best; i++) {
    const row = origin + i * dh * w;
    for (let j = i == iLo ? jLo + 1 : jLo; j < jHi; j++) {
      const at = row + j * dw;
      const v = load<f32>(x + (<usize>at << 2));
      if (v > best || v != v) {
        best = v;
        bestAt = at;
        if (v != v) break;
      }
    }
  }
  return bestAt;
}

/**
 * x[at], x[at + s], x[at + 2s], x[at + 3s] (flat float32 indices). For s = 2 the odd lanes of
 * x[at − 1 … at + 6]: the element before `at` lies in the module's memory (storages start after
 * its static data), and nothing past the last tap is read.
 */
@inline function loadStrided4(x: usize, at: i32, s: i32): v128 {
  const p = x + (<usize>at << 2);
  if (s == 1) return v128.load(p);
  if (s == 2) return v128.shuffle<f32>(v128.load(p - 4), v128.load(p, 12), 1, 3, 5, 7);
  const step = <usize>s << 2;
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + step));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
}

/** Lanes where `v` should replace `best`: v is larger or NaN, and best is not already NaN. */
@inline function replaces(v: v128, best: v128): v128 {
  return v128.and(v128.or(f32x4.gt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
}

/**
 * `argmaxTaps` for four windows `sw` apart whose taps j all lie inside x, one per lane, without
 * branches: the four flat indices. The first tap seeds the maximum and is compared again, which
 * changes nothing. With stride 2 and dilation 1, taps j and j + 1 of a row come from the even and
 * odd lanes of the same eight elements.
 */
@inline function argmaxTaps4(x: usize, origin: i32, sw: i32, w: i32, dh: i32, dw: i32, iLo: i32, iHi: i32, kw: i32): v128 {
  const lanes = i32x4.mul(i32x4.splat(sw), i32x4(0, 1, 2, 3));
  const first = origin + iLo * dh * w;
  let best = loadStrided4(x, first, sw);
  let index = i32x4.add(i32x4.splat(first), lanes);
  const pairs = sw == 2 && dw == 1 ? kw & ~1 : 0;
  for (let i = iLo; i < iHi; i++) {
    const row = origin + i * dh * w;
    for (let j = 0; j < pairs; j += 2) {
      const p = x + (<usize>(row + j) << 2);
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const even = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
      let take = replaces(even, best);
      best = v128.bitselect(even, best, take);
      index = v128.bitselect(i32x4.add(i32x4.splat(row + j), lanes), index, take);
      const odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
      take = replaces(odd, best);
      best = v128.bitselect(odd, best, take);
      index = v128.bitselect(i32x4.add(i32x4.splat(row + j + 1), lanes), index, take);
    }
    for (let j = pairs; j < kw; j++) {
      const at = row + j * dw;
      const v = loadStrided4(x, at, sw);
      const take = replaces(v, best);
      best = v128.bitselect(v, best, take);
      index = v128.bitselect(i32x4.add(i32x4.splat(at), lanes), index, take);
    }
  }
  return index;
}

const GATHER = 0;
const SCATTER = 1;

/** out[window] = v[at] (GATHER) or out[at] += u[window] (SCATTER), `window` and `at` byte offsets. */
@inline function route(mode: i32, values: usize, window: usize, at: usize, out: usize): void {
  if (mode == GATHER) {
    store<f32>(out + window, load<f32>(values + at));
  } else {
    store<f32>(out + at, load<f32>(out + at) + load<f32>(values + window));
  }
}

/**
 * The loop both max-pooling kernels share: every window in row-major order, its first maximum
 * of x found, and `values` routed through it (see `route`). Windows whose taps all lie inside x
 * along the row (those in [fullLo, fullHi)) are searched four at a time and routed lane by lane,
 * in order; the others one at a time.
 */
@inline function maxPoolWindows(
  mode: i32, x: usize, values: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32,
  dh: i32, dw: i32, top: i32, left: i32, outH: i32, outW: i32, out: usize,
): void {
  if (mode == SCATTER) memory.fill(out, 0, <usize>planes * <usize>h * <usize>w << 2);
  const fullLo = min(outW, firstInside(-left, sw));
  const fullHi = max(fullLo, endInside(-left + (kw - 1) * dw, sw, w, outW));
  let window: usize = 0;
  for (let p = 0; p < planes; p++) {
    const plane = p * h * w;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * sh - top;
      const iLo = firstInside(y0, dh);
      const iHi = endInside(y0, dh, h, kh);
      const row = plane + y0 * w - left;
      let ox = 0;
      for (; ox < fullLo; ox++) {
        const x0 = ox * sw - left;
        const at = argmaxTaps(x, row + ox * sw, w, dh, dw, iLo, iHi, firstInside(x0, dw), endInside(x0, dw, w, kw));
        route(mode, values, window, <usize>at << 2, out);
        window += 4;
      }
      if (fullHi - fullLo >= 4) {
        // the last four windows may overlap the previous four: only their new lanes are routed
        for (; ox < fullHi; ox += 4) {
          const start = min(ox, fullHi - 4);
          const index = i32x4.shl(argmaxTaps4(x, row + start * sw, sw, w, dh, dw, iLo, iHi, kw), 2);
          const at = window - (<usize>(ox - start) << 2);
          if (start == ox) route(mode, values, at, <usize>i32x4.extract_lane(index, 0), out);
          if (start + 1 >= ox) route(mode, values, at + 4, <usize>i32x4.extract_lane(index, 1), out);
          if (start + 2 >= ox) route(mode, values, at + 8, <usize>i32x4.extract_lane(index, 2), out);
          route(mode, values, at + 12, <usize>i32x4.extract_lane(index, 3), out);
          window = at + 16;
        }
        ox = fullHi;
      }
      for (; ox < outW; ox++) {
        const x0 = ox * sw - left;
        const at = argmaxTaps(x, row + ox * sw, w, dh, dw, iLo, iHi, firstInside(x0, dw), endInside(x0, dw, w, kw));
        route(mode, values, window, <usize>at << 2, out);
        window += 4;
      }
    }
  }
}

/**
 * out [planes, outH, outW] = v [planes, h, w] at the first maximum of each window of x [planes, h, w]
 * among its taps inside x, in order of (i, j); NaN counts as the largest (the first NaN wins).
 * Every window has a tap inside x (the host checked).
 */
export function maxPoolGatherF32(
  x: usize, v: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  top: i32, left: i32, outH: i32, outW: i32, out: usize,
): void {
  maxPoolWindows(GATHER, x, v, planes, h, w, kh, kw, sh, sw, dh, dw, top, left, outH, outW, out);
}

/**
 * out [planes, h, w] = zeros, then u [planes, outH, outW] added window by window (row-major) at
 * the first maximum of the window of x, as `maxPoolGatherF32` finds it.
 */
export function maxPoolScatterF32(
  x: usize, u: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32,
  top: i32, left: i32, outH: i32, outW: i32, out: usize,
): void {
  maxPoolWindows(SCATTER, x, u, planes, h, w, kh, kw, sh, sw, dh, dw, top, left, outH, outW, out);
}
