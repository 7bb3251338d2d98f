/** The `where` kernel: y = cond ? a : b, all three broadcast to the output shape. */
import { broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import { valuesOf, type CpuBackend } from './cpu-backend.js';
import { forEachRow } from './strided-loop.js';

/**
 * `where` on the CPU. `cond` is bool (any non-zero byte counts as true); `a` and `b` may have
 * different dtypes and are converted into `out.dtype` as they are stored.
 */
export const whereKernel: KernelFunc<'where', CpuBackend> = (backend, [cond, a, b], _attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const cv = valuesOf(cond.storage);
  const av = valuesOf(a.storage);
  const bv = valuesOf(b.storage);
  const ov = result.values;
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
