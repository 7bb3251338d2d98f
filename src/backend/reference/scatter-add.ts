/** The `scatterAdd` kernel: the adjoint of `gather`, accumulating updates into a copy of base. */
import { normalizeAxis, type TypedArray } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { axisView } from './axis-view.js';
import { checkIndexRange } from './gather.js';

/**
 * The reference `scatterAdd`: out = copy of base, then out[..., indices[j], ...] += updates[..., j, ...]
 * along `axis`, in order of j (repeated indices accumulate). Sums are rounded into the dtype
 * after every addition; for bool the sum is a logical OR.
 * @throws ValueError `scatterAdd: index 7 is out of range for axis 1 of size 5`
 */
export const scatterAddKernel: ReferenceKernel<'scatterAdd'> = ([base, indices, updates], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, base.shape.length, 'scatterAdd');
  const { outer, dim, inner } = axisView(base.shape, axis);
  const iv = indices.values;
  checkIndexRange(iv, dim, axis, 'scatterAdd');
  const count = iv.length;
  const ov: TypedArray = base.values.slice();
  const uv = updates.values;
  const isBool = out.dtype === 'bool';
  for (let o = 0; o < outer; o++) {
    const dst = o * dim * inner;
    const src = o * count * inner;
    for (let j = 0; j < count; j++) {
      const to = dst + iv[j]! * inner;
      const from = src + j * inner;
      for (let t = 0; t < inner; t++) {
        const sum = ov[to + t]! + uv[from + t]!;
        ov[to + t] = isBool ? (sum !== 0 ? 1 : 0) : sum;
      }
    }
  }
  return ov;
};
