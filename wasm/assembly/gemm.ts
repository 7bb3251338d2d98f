/**
 * Single-precision GEMM: C[m,n] = A[m,k] · B[k,n], with A and B read through arbitrary
 * element strides (so every transpose combination costs only a different packing loop).
 *
 * Goto/BLIS structure: the k axis is cut into blocks of KC and n into blocks of NC; each
 * KC×NC block of B is packed into NR-column panels, each MC×KC block of A into MR-row panels,
 * and a 4×8 register-blocked micro-kernel (eight f32x4 accumulators) runs over the panels.
 * Panels are zero-padded at the edges, so the micro-kernel always computes a full tile; edge
 * tiles are written through a small scratch tile. C blocks after the first k-block accumulate.
 */

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 2048;

const A_PACK_BYTES: usize = <usize>(MC * KC * 4);
const B_PACK_BYTES: usize = <usize>(KC * NC * 4);
const TILE_BYTES: usize = <usize>(MR * NR * 4);

/** Bytes of scratch memory `gemmF32` needs at `work` (64-byte aligned). */
export function gemmWorkBytes(): usize {
  return A_PACK_BYTES + B_PACK_BYTES + TILE_BYTES;
}

@inline function ceilDiv(a: i32, b: i32): i32 {
  return (a + b - 1) / b;
}

/** Split `total` into blocks of at most `max`, of near-equal size, rounded up to a multiple of `unit`. */
@inline function balanced(total: i32, max: i32, unit: i32): i32 {
  const blocks = ceilDiv(total, max);
  return min(max, ceilDiv(ceilDiv(total, blocks), unit) * unit);
}

/**
 * Pack rows [i0, i0+mc) × columns [p0, p0+kc) of A into `ap`: MR-row panels, each stored
 * k-major (MR consecutive floats per p), rows past the edge zero.
 */
function packA(a: usize, aRow: i32, aCol: i32, i0: i32, mc: i32, p0: i32, kc: i32, ap: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const base = a + ((<usize>(i0 + ir) * <usize>aRow + <usize>p0 * <usize>aCol) << 2);
    if (rows == MR && aCol == 1) {
      // Row-major A: four contiguous rows, transposed 4×4 at a time.
      const rs = <usize>aRow << 2;
      const r0 = base;
      const r1 = base + rs;
      const r2 = base + 2 * rs;
      const r3 = base + 3 * rs;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        const v0 = v128.load(r0 + o);
        const v1 = v128.load(r1 + o);
        const v2 = v128.load(r2 + o);
        const v3 = v128.load(r3 + o);
        const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
        const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
        const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
        v128.store(ap, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
        v128.store(ap, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 16);
        v128.store(ap, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 32);
        v128.store(ap, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 48);
        ap += 64;
      }
      for (; p < kc; p++) {
        const o = <usize>p << 2;
        store<f32>(ap, load<f32>(r0 + o));
        store<f32>(ap, load<f32>(r1 + o), 4);
        store<f32>(ap, load<f32>(r2 + o), 8);
        store<f32>(ap, load<f32>(r3 + o), 12);
        ap += 16;
      }
    } else if (rows == MR && aRow == 1) {
      // Transposed A: the MR values of one p are contiguous.
      const cs = <usize>aCol << 2;
      let src = base;
      for (let p = 0; p < kc; p++) {
        v128.store(ap, v128.load(src));
        src += cs;
        ap += 16;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          const v: f32 = r < rows ? load<f32>(base + ((<usize>r * <usize>aRow + <usize>p * <usize>aCol) << 2)) : 0;
          store<f32>(ap + (<usize>r << 2), v);
        }
        ap += 16;
      }
    }
  }
}

/**
 * Pack rows [p0, p0+kc) × columns [j0, j0+nc) of B into `bp`: NR-column panels, each stored
 * k-major (NR consecutive floats per p), columns past the edge zero.
 */
function packB(b: usize, bRow: i32, bCol: i32, p0: i32, kc: i32, j0: i32, nc: i32, bp: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const base = b + ((<usize>p0 * <usize>bRow + <usize>(j0 + jr) * <usize>bCol) << 2);
    if (cols == NR && bCol == 1) {
      const rs = <usize>bRow << 2;
      let src = base;
      for (let p = 0; p < kc; p++) {
        v128.store(bp, v128.load(src));
        v128.store(bp, v128.load(src, 16), 16);
        src += rs;
        bp += 32;
      }
    } else if (cols == NR && bRow == 1) {
      // Transposed B: each of the NR columns is contiguous along p; transpose 4×4 blocks.
      const cs = <usize>bCol << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = base + (<usize>p << 2);
        for (let half = 0; half < 2; half++) {
          const c0 = o + <usize>(half * 4) * cs;
          const v0 = v128.load(c0);
          const v1 = v128.load(c0 + cs);
          const v2 = v128.load(c0 + 2 * cs);
          const v3 = v128.load(c0 + 3 * cs);
          const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
          const d = bp + (<usize>half << 4);
          v128.store(d, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7), 32);
          v128.store(d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5), 64);
          v128.store(d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7), 96);
        }
        bp += 128;
      }
      for (; p < kc; p++) {
        const o = base + (<usize>p << 2);
        for (let c = 0; c < NR; c++) store<f32>(bp + (<usize>c << 2), load<f32>(o + <usize>c * cs));
        bp += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          const v: f32 = c < cols ? load<f32>(base + ((<usize>p * <usize>bRow + <usize>c * <usize>bCol) << 2)) : 0;
          store<f32>(bp + (<usize>c << 2), v);
        }
        bp += 32;
      }
    }
  }
}

/**
 * a·b + c lane-wise: one fused multiply-add where the module is built with relaxed SIMD
 * (`ASC_FEATURE_RELAXED_SIMD`), else a multiply and an add.
 */
@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/**
 * The 4×8 micro-kernel: the product of an MR-row panel of A and an NR-column panel of B over
 * `kc`, stored into (or, when `accumulate`, added to) the rows×cols tile of C at `c`.
 */
function micro(ap: usize, bp: usize, kc: i32, c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool, tile: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const rs = ldc << 2;
  if (rows == MR && cols == NR) {
    if (accumulate) {
      c00 = f32x4.add(c00, v128.load(c));
      c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + rs));
      c11 = f32x4.add(c11, v128.load(c + rs, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * rs));
      c21 = f32x4.add(c21, v128.load(c + 2 * rs, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * rs));
      c31 = f32x4.add(c31, v128.load(c + 3 * rs, 16));
    }
    v128.store(c, c00);
    v128.store(c, c01, 16);
    v128.store(c + rs, c10);
    v128.store(c + rs, c11, 16);
    v128.store(c + 2 * rs, c20);
    v128.store(c + 2 * rs, c21, 16);
    v128.store(c + 3 * rs, c30);
    v128.store(c + 3 * rs, c31, 16);
    return;
  }
  v128.store(tile, c00);
  v128.store(tile, c01, 16);
  v128.store(tile, c10, 32);
  v128.store(tile, c11, 48);
  v128.store(tile, c20, 64);
  v128.store(tile, c21, 80);
  v128.store(tile, c30, 96);
  v128.store(tile, c31, 112);
  for (let r = 0; r < rows; r++) {
    const dst = c + <usize>r * rs;
    const src = tile + (<usize>(r * NR) << 2);
    for (let j = 0; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(src + o);
      store<f32>(dst + o, accumulate ? load<f32>(dst + o) + v : v);
    }
  }
}

/**
 * C = A·B for one matrix: C is m×n with row stride `ldc` (≥ n) at `c`, so a block of columns
 * of a wider C can be computed on its own; A(i,p) is the float at a + 4·(i·aRow + p·aCol) and
 * B(p,j) the float at b + 4·(p·bRow + j·bCol).
 * `work` points at `gemmWorkBytes()` bytes of scratch, 64-byte aligned.
 */
export function gemmF32(
  m: i32, n: i32, k: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, c: usize, ldc: i32,
  work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    for (let i = 0; i < m; i++) memory.fill(c + ((<usize>i * <usize>ldc) << 2), 0, <usize>n << 2);
    return;
  }
  const ap = work;
  const bp = work + A_PACK_BYTES;
  const tile = bp + B_PACK_BYTES;
  const kcMax = balanced(k, KC, 1);
  const mcMax = balanced(m, MC, MR);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const accumulate = pc > 0;
      packB(b, bRow, bCol, pc, kc, jc, nc, bp);
      for (let ic = 0; ic < m; ic += mcMax) {
        const mc = min(mcMax, m - ic);
        packA(a, aRow, aCol, ic, mc, pc, kc, ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const bPanel = bp + (<usize>(jr * kc) << 2);
          const cols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const cTile = c + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 2);
            micro(ap + (<usize>(ir * kc) << 2), bPanel, kc, cTile, <usize>ldc, min(MR, mc - ir), cols, accumulate, tile);
          }
        }
      }
    }
  }
}
