/**
 * The `matmul` kernel: batched matrix products over the last two axes, with the batch axes
 * broadcast and either operand optionally read transposed (through strides, never copied).
 *
 * Floats accumulate in double precision and round once into the output. Two loops cover them:
 * - B read as is: an i-k-j loop over blocks of four output rows, so every element of B
 *   loaded feeds four multiply-adds into contiguous accumulator rows;
 * - B read transposed: its columns are contiguous rows in memory, so each output element is
 *   a dot product of two contiguous vectors, done for 2×2 output blocks at a time.
 * int32 products wrap like int32; bool products are logical (any of a AND b).
 */
import { allocArray, broadcastStrides, sizeOf, stridesOf, type TypedArray } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { forEachRow } from './strided-loop.js';

/**
 * The sizes of one product C[m,n] = A[m,k] · B[k,n] and where the operands' elements are:
 * A(i, p) = a[aOffset + i·aRow + p·aCol], B(p, j) = b[bOffset + p·bRow + j·bCol],
 * C(i, j) = c[cOffset + i·n + j].
 */
interface MatmulLayout {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly aRow: number;
  readonly aCol: number;
  readonly bRow: number;
  readonly bCol: number;
}

/** Computes one matrix product of a batch into `c` at `cOffset`. */
type MatrixProduct = (
  a: TypedArray, aOffset: number, b: TypedArray, bOffset: number, c: TypedArray, cOffset: number, layout: MatmulLayout,
) => void;

/** Floats, B not transposed (bRow = n, bCol = 1): i-k-j over four rows at a time. */
function floatRowsProduct(scratch: Float64Array): MatrixProduct {
  return (a, aOffset, b, bOffset, c, cOffset, { m, n, k, aRow, aCol }) => {
    const acc = scratch;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      acc.fill(0, 0, 4 * n);
      let a0 = aOffset + i * aRow;
      for (let p = 0, bp = bOffset; p < k; p++, bp += n, a0 += aCol) {
        const s0 = a[a0]!;
        const s1 = a[a0 + aRow]!;
        const s2 = a[a0 + 2 * aRow]!;
        const s3 = a[a0 + 3 * aRow]!;
        for (let j = 0; j < n; j++) {
          const v = b[bp + j]!;
          acc[j] = acc[j]! + s0 * v;
          acc[n + j] = acc[n + j]! + s1 * v;
          acc[2 * n + j] = acc[2 * n + j]! + s2 * v;
          acc[3 * n + j] = acc[3 * n + j]! + s3 * v;
        }
      }
      c.set(acc.subarray(0, 4 * n), cOffset + i * n);
    }
    for (; i < m; i++) {
      acc.fill(0, 0, n);
      let ai = aOffset + i * aRow;
      for (let p = 0, bp = bOffset; p < k; p++, bp += n, ai += aCol) {
        const s = a[ai]!;
        for (let j = 0; j < n; j++) acc[j] = acc[j]! + s * b[bp + j]!;
      }
      c.set(acc.subarray(0, n), cOffset + i * n);
    }
  };
}

/**
 * Floats, B transposed (bRow = 1, bCol = k): rows of A are gathered into double buffers,
 * then each 2×2 block of C is four dot products sharing their loads.
 */
function floatDotProduct(row0: Float64Array, row1: Float64Array): MatrixProduct {
  return (a, aOffset, b, bOffset, c, cOffset, { m, n, k, aRow, aCol }) => {
    for (let i = 0; i < m; i += 2) {
      const pair = i + 1 < m;
      for (let p = 0, ai = aOffset + i * aRow; p < k; p++, ai += aCol) {
        row0[p] = a[ai]!;
        if (pair) row1[p] = a[ai + aRow]!;
      }
      const c0 = cOffset + i * n;
      const c1 = c0 + n;
      for (let j = 0; j < n; j += 2) {
        const b0 = bOffset + j * k;
        if (pair && j + 1 < n) {
          const b1 = b0 + k;
          let s00 = 0;
          let s01 = 0;
          let s10 = 0;
          let s11 = 0;
          for (let p = 0; p < k; p++) {
            const x0 = row0[p]!;
            const x1 = row1[p]!;
            const y0 = b[b0 + p]!;
            const y1 = b[b1 + p]!;
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
          }
          c[c0 + j] = s00;
          c[c0 + j + 1] = s01;
          c[c1 + j] = s10;
          c[c1 + j + 1] = s11;
        } else {
          // Edge of C: an odd last row or column, one element at a time.
          for (let jj = j; jj < Math.min(j + 2, n); jj++) {
            const bj = bOffset + jj * k;
            let s0 = 0;
            let s1 = 0;
            for (let p = 0; p < k; p++) {
              const y = b[bj + p]!;
              s0 += row0[p]! * y;
              s1 += row1[p]! * y;
            }
            c[c0 + jj] = s0;
            if (pair) c[c1 + jj] = s1;
          }
        }
      }
    }
  };
}

/** int32: a plain triple loop whose products and sums wrap like int32. */
const int32Product: MatrixProduct = (a, aOffset, b, bOffset, c, cOffset, { m, n, k, aRow, aCol, bRow, bCol }) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0, ai = aOffset + i * aRow, bi = bOffset + j * bCol; p < k; p++, ai += aCol, bi += bRow) {
        s = (s + Math.imul(a[ai]!, b[bi]!)) | 0;
      }
      c[cOffset + i * n + j] = s;
    }
  }
};

/** bool: C(i, j) is true when some p has A(i, p) and B(p, j) both true. */
const boolProduct: MatrixProduct = (a, aOffset, b, bOffset, c, cOffset, { m, n, k, aRow, aCol, bRow, bCol }) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let any = 0;
      for (let p = 0, ai = aOffset + i * aRow, bi = bOffset + j * bCol; p < k && any === 0; p++, ai += aCol, bi += bRow) {
        if (a[ai] !== 0 && b[bi] !== 0) any = 1;
      }
      c[cOffset + i * n + j] = any;
    }
  }
};

/**
 * The reference `matmul`. Batch axes a.shape[:-2] and b.shape[:-2] broadcast to out.shape[:-2];
 * each batch element runs one matrix product reading the operands in place.
 */
export const matmulKernel: ReferenceKernel<'matmul'> = ([a, b], attrs, out) => {
  const rank = out.shape.length;
  const m = out.shape[rank - 2]!;
  const n = out.shape[rank - 1]!;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const k = a.shape[attrs.transposeA ? ra - 2 : ra - 1]!;
  const result = allocArray(out.dtype, sizeOf(out.shape));
  if (result.length === 0) return result;

  const layout: MatmulLayout = {
    m, n, k,
    aRow: attrs.transposeA ? 1 : k,
    aCol: attrs.transposeA ? m : 1,
    bRow: attrs.transposeB ? 1 : n,
    bCol: attrs.transposeB ? k : 1,
  };
  let product: MatrixProduct;
  if (out.dtype === 'int32') product = int32Product;
  else if (out.dtype === 'bool') product = boolProduct;
  else if (attrs.transposeB) product = floatDotProduct(new Float64Array(k), new Float64Array(k));
  else product = floatRowsProduct(new Float64Array(4 * n));

  const batchShape = out.shape.slice(0, -2);
  const aSize = a.shape[ra - 2]! * a.shape[ra - 1]!;
  const bSize = b.shape[rb - 2]! * b.shape[rb - 1]!;
  const strides = [
    broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * aSize),
    broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * bSize),
    stridesOf(batchShape).map((s) => s * m * n),
  ];
  const av = a.values;
  const bv = b.values;
  const cv = result;
  forEachRow(batchShape, strides, [0, 0, 0], (offsets, count, s) => {
    for (let t = 0; t < count; t++) {
      product(av, offsets[0]! + t * s[0]!, bv, offsets[1]! + t * s[1]!, cv, offsets[2]! + t * s[2]!, layout);
    }
  });
  return result;
};
