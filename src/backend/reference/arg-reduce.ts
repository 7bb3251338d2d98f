/** The `argReduce` kernel: index of the first maximum or minimum along one axis (int32). */
import { allocArray, normalizeAxis, sizeOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { axisView } from './axis-view.js';

/**
 * The reference `argReduce`. Ties go to the first occurrence; NaN counts as larger (argmax) or
 * smaller (argmin) than everything, so the index of the first NaN wins, like `torch.argmax`.
 * The output holds one index per position of the other axes (`keepDims` changes only the shape).
 */
export const argReduceKernel: ReferenceKernel<'argReduce'> = ([x], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, x.shape.length, 'argReduce');
  const { outer, dim, inner } = axisView(x.shape, axis);
  const result = allocArray('int32', sizeOf(out.shape));
  const xv = x.values;
  const indices = result;
  const best = new Float64Array(inner);
  const isMax = attrs.op === 'argmax';
  for (let o = 0; o < outer; o++) {
    const base = o * dim * inner;
    const outBase = o * inner;
    for (let j = 0; j < inner; j++) best[j] = xv[base + j]!;
    // indices[outBase + j] is already 0 (the first element is the initial best).
    for (let d = 1; d < dim; d++) {
      const row = base + d * inner;
      for (let j = 0; j < inner; j++) {
        const v = xv[row + j]!;
        const b = best[j]!;
        if (b !== b) continue; // a NaN already won
        if ((isMax ? v > b : v < b) || v !== v) {
          best[j] = v;
          indices[outBase + j] = d;
        }
      }
    }
  }
  return result;
};
