/** The `where` kernel: y = cond ? a : b, all three broadcast to the output shape. */
import { allocArray, broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { forEachRow } from './strided-loop.js';

/**
 * The reference `where`. `cond` is bool (any non-zero byte counts as true); `a` and `b` may have
 * different dtypes and are converted into `out.dtype` as they are stored.
 */
export const whereKernel: ReferenceKernel<'where'> = ([cond, a, b], _attrs, out) => {
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const cv = cond.values;
  const av = a.values;
  const bv = b.values;
  const ov = result;
  const strides = [
    broadcastStrides(cond.shape, out.shape), broadcastStrides(a.shape, out.shape),
    broadcastStrides(b.shape, out.shape), stridesOf(out.shape),
  ];
  forEachRow(out.shape, strides, [0, 0, 0, 0], (offsets, n, s) => {
    let ci = offsets[0]!;
    let ai = offsets[1]!;
    let bi = offsets[2]!;
    const oi = offsets[3]!;
    const cs = s[0]!;
    const as = s[1]!;
    const bs = s[2]!;
    for (let k = 0; k < n; k++, ci += cs, ai += as, bi += bs) ov[oi + k] = cv[ci] !== 0 ? av[ai]! : bv[bi]!;
  });
  return result;
};
