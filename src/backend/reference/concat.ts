/** The `concat` kernel: join tensors along one axis. */
import { allocArray, normalizeAxis, ShapeError, sizeOf } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { axisView } from './axis-view.js';

/** Rows shorter than this are copied element by element rather than through `subarray`/`set`. */
const BLOCK_COPY_MIN = 32;

/**
 * The reference `concat`. Viewing the output as [outer, total·inner], each input contributes a
 * contiguous block of `dim·inner` elements to every outer row.
 * @throws ShapeError for scalar inputs, which have no axis to join along.
 */
export const concatKernel: ReferenceKernel<'concat'> = (inputs, attrs, out) => {
  const rank = out.shape.length;
  if (rank === 0) throw new ShapeError('concat', 'cannot concatenate scalars (shape []): they have no axis');
  const axis = normalizeAxis(attrs.axis, rank, 'concat');
  const { outer, dim: total, inner } = axisView(out.shape, axis);
  const result = allocArray(out.dtype, sizeOf(out.shape));
  const ov = result;
  const outRow = total * inner;
  let start = 0;
  for (const input of inputs) {
    const xv = input.values;
    const len = (input.shape[axis] ?? 0) * inner;
    for (let o = 0; o < outer; o++) {
      const src = o * len;
      const dst = o * outRow + start;
      if (len >= BLOCK_COPY_MIN) {
        ov.set(xv.subarray(src, src + len), dst);
      } else {
        for (let k = 0; k < len; k++) ov[dst + k] = xv[src + k]!;
      }
    }
    start += len;
  }
  return result;
};
