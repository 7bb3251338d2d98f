/**
 * The `binary` kernel: y = op(a, b) with NumPy broadcasting. Operands may have different
 * dtypes; every element is computed in double precision and rounded once into the output
 * array of `out.dtype`. int32 results wrap like int32 (storing into an Int32Array truncates
 * toward zero and wraps modulo 2³²; products use Math.imul so they stay exact). Comparisons
 * and logic write 1/0 into a bool array; logicalAnd/logicalOr treat non-zero (and NaN) as true.
 */
import { allocArray, broadcastStrides, sizeOf, stridesOf, type TypedArray } from '../../core/index.js';
import type { BinaryOp } from '../kernels.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { forEachRow } from './strided-loop.js';

/**
 * Power as C's `pow` and PyTorch define it, which differs from JS `**` in two cases:
 * pow(1, y) = 1 for every y (even NaN) and pow(-1, ±∞) = 1.
 */
export function powFloat(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return a ** b;
}

/**
 * Integer power for int32 results: exact and wrapping like int32 (square-and-multiply with
 * Math.imul). A negative exponent gives trunc(a ** b), i.e. 0 unless |a| = 1.
 */
export function powInt(a: number, b: number): number {
  if (b < 0) return Math.trunc(a ** b) | 0;
  let result = 1;
  let base = a | 0;
  let e = b;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e = Math.floor(e / 2);
  }
  return result;
}

/**
 * out[oi + k] = op(a[ai + k·as], b[bi + k·bs]) for k < n. One function per op, so each
 * loop is monomorphic in its arithmetic.
 */
type BinaryRow = (
  a: TypedArray, ai: number, as: number, b: TypedArray, bi: number, bs: number, o: TypedArray, oi: number, n: number,
) => void;

const ROWS: Record<BinaryOp, BinaryRow> = {
  add: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! + b[bi]!;
  },
  sub: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! - b[bi]!;
  },
  mul: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! * b[bi]!;
  },
  div: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! / b[bi]!;
  },
  pow: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = powFloat(a[ai]!, b[bi]!);
  },
  maximum: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.max(a[ai]!, b[bi]!);
  },
  minimum: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.min(a[ai]!, b[bi]!);
  },
  eq: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] === b[bi] ? 1 : 0;
  },
  ne: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== b[bi] ? 1 : 0;
  },
  lt: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! < b[bi]! ? 1 : 0;
  },
  le: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! <= b[bi]! ? 1 : 0;
  },
  gt: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! > b[bi]! ? 1 : 0;
  },
  ge: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai]! >= b[bi]! ? 1 : 0;
  },
  logicalAnd: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== 0 && b[bi] !== 0 ? 1 : 0;
  },
  logicalOr: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== 0 || b[bi] !== 0 ? 1 : 0;
  },
};

/** Rows that differ when the result is int32: exact wrapping products and integer powers. */
const INT_ROWS: Partial<Record<BinaryOp, BinaryRow>> = {
  mul: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.imul(a[ai]!, b[bi]!);
  },
  pow: (a, ai, as, b, bi, bs, o, oi, n) => {
    for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = powInt(a[ai]!, b[bi]!);
  },
};

/**
 * The reference `binary`. Broadcasting reads operands through stride-0 axes; same-shape and
 * scalar-operand calls collapse into one contiguous row.
 */
export const binaryKernel: ReferenceKernel<'binary'> = ([a, b], attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const row = (out.dtype === 'int32' ? INT_ROWS[attrs.op] : undefined) ?? ROWS[attrs.op];
  const av = a.values;
  const bv = b.values;
  const ov = result;
  const strides = [broadcastStrides(a.shape, out.shape), broadcastStrides(b.shape, out.shape), stridesOf(out.shape)];
  forEachRow(out.shape, strides, [0, 0, 0], (offsets, n, s) => {
    row(av, offsets[0]!, s[0]!, bv, offsets[1]!, s[1]!, ov, offsets[2]!, n);
  });
  return result;
};
