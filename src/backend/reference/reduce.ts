/**
 * The `reduce` kernel: sum, max or min over a set of axes. Sums accumulate in double
 * precision for every dtype (sum of bool counts into int32); max and min propagate NaN
 * like `torch.amax`/`torch.amin`. `keepDims` changes only the output shape, which `out`
 * already carries, so the elements are the same either way.
 */
import { allocArray, formatShape, normalizeAxis, ShapeError, sizeOf, stridesOf, type TypedArray } from '../../core/index.js';
import type { ReduceOp } from '../kernels.js';
import type { ReferenceKernel } from './reference-kernel.js';
import { forEachRow } from './strided-loop.js';

/**
 * Fold row `x[xi + k·xs]` (k < n) into `acc[ai + k·as]`; `as` is 0 when the row runs along
 * a reduced axis, so the whole row folds into one accumulator.
 */
type FoldRow = (x: TypedArray, xi: number, xs: number, acc: Float64Array, ai: number, as: number, n: number) => void;

const FOLDS: Record<ReduceOp, FoldRow> = {
  sum: (x, xi, xs, acc, ai, as, n) => {
    if (as === 0) {
      let s = 0;
      for (let k = 0; k < n; k++, xi += xs) s += x[xi]!;
      acc[ai] = acc[ai]! + s;
    } else {
      for (let k = 0; k < n; k++, xi += xs, ai += as) acc[ai] = acc[ai]! + x[xi]!;
    }
  },
  // A NaN always replaces the accumulator, and once it holds NaN no comparison is true.
  max: (x, xi, xs, acc, ai, as, n) => {
    for (let k = 0; k < n; k++, xi += xs, ai += as) {
      const v = x[xi]!;
      if (v > acc[ai]! || v !== v) acc[ai] = v;
    }
  },
  min: (x, xi, xs, acc, ai, as, n) => {
    for (let k = 0; k < n; k++, xi += xs, ai += as) {
      const v = x[xi]!;
      if (v < acc[ai]! || v !== v) acc[ai] = v;
    }
  },
};

const INITIAL: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

/**
 * The reference `reduce`. The loop runs over the input in memory order; each element folds
 * into the accumulator of its output position (stride 0 along reduced axes). Axes may be
 * negative; reducing over no axes copies the input.
 */
export const reduceKernel: ReferenceKernel<'reduce'> = ([x], attrs, out) => {
  const rank = x.shape.length;
  const reduced = new Set(attrs.axes.map((axis) => normalizeAxis(axis, rank, 'reduce')));
  const kept = x.shape.filter((_, i) => !reduced.has(i));
  const keptStrides = stridesOf(kept);
  const accStrides: number[] = [];
  for (let i = 0, j = 0; i < rank; i++) accStrides.push(reduced.has(i) ? 0 : keptStrides[j++]!);

  const size = sizeOf(kept);
  if (size !== sizeOf(out.shape)) {
    throw new ShapeError('reduce', `output shape ${formatShape(out.shape)} does not match reducing ${formatShape(x.shape)} over axes [${attrs.axes.join(',')}]`);
  }
  const acc = new Float64Array(size).fill(INITIAL[attrs.op]);
  const fold = FOLDS[attrs.op];
  const xv = x.values;
  forEachRow(x.shape, [stridesOf(x.shape), accStrides], [0, 0], (offsets, n, s) => {
    fold(xv, offsets[0]!, s[0]!, acc, offsets[1]!, s[1]!, n);
  });

  const result = allocArray(out.dtype, size);
  result.set(acc);
  return result;
};
