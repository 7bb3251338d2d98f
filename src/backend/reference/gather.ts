/** The `gather` kernel: NumPy `take` along one axis. */
import { allocArray, normalizeAxis, sizeOf, ValueError, type TypedArray } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { axisView } from './axis-view.js';

/**
 * Check that every index lies in [0, size); negative indices are not wrapped.
 * @throws ValueError `gather: index 7 is out of range for axis 1 of size 5`
 */
export function checkIndexRange(indices: TypedArray, size: number, axis: number, op: string): void {
  for (let j = 0; j < indices.length; j++) {
    const index = indices[j]!;
    if (index < 0 || index >= size) {
      throw new ValueError(op, `index ${index} is out of range for axis ${axis} of size ${size}`);
    }
  }
}

/**
 * The reference `gather`: out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]. Viewing x
 * as [outer, dim, inner] and the output as [outer, count, inner], output block (o, j) is x's
 * block (o, indices[j]). A scalar x is viewed as a vector of size 1.
 * @throws ValueError when an index is outside [0, x.shape[axis]).
 */
export const gatherKernel: ReferenceKernel<'gather'> = ([x, indices], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, x.shape.length, 'gather');
  const { outer, dim, inner } = axisView(x.shape, axis);
  const iv = indices.values;
  checkIndexRange(iv, dim, axis, 'gather');
  const count = iv.length;
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const xv = x.values;
  const ov = result;
  for (let o = 0; o < outer; o++) {
    const src = o * dim * inner;
    const dst = o * count * inner;
    if (inner === 1) {
      for (let j = 0; j < count; j++) ov[dst + j] = xv[src + iv[j]!]!;
    } else {
      for (let j = 0; j < count; j++) {
        const from = src + iv[j]! * inner;
        const to = dst + j * inner;
        for (let t = 0; t < inner; t++) ov[to + t] = xv[from + t]!;
      }
    }
  }
  return result;
};
