/** Op-table cases: unfold and fold (the im2col and col2im kernels), each other's adjoint. */
import * as tn from 'tasknet';
import { at, build, type ND } from '../helpers/nd.js';
import type { OpCase, OpErrors } from './types.js';

interface Blocks { kernel: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number] }

const blocks = (kernel: [number, number], stride: [number, number] = [1, 1], padding: [number, number] = [0, 0], dilation: [number, number] = [1, 1]): Blocks =>
  ({ kernel, stride, padding, dilation });

/** Windows along one axis of `size` positions. */
function count(size: number, b: Blocks, d: 0 | 1): number {
  return Math.floor((size + 2 * b.padding[d] - b.dilation[d] * (b.kernel[d] - 1) - 1) / b.stride[d]) + 1;
}

/** The image position tap `t` of window `o` reads along axis `d` (may lie in the padding). */
const tap = (o: number, t: number, b: Blocks, d: 0 | 1): number => o * b.stride[d] - b.padding[d] + t * b.dilation[d];

function unfoldRef(x: ND, b: Blocks): ND {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [kh, kw] = b.kernel;
  const outW = count(w, b, 1);
  return build([n, c * kh * kw, count(h, b, 0) * outW], ([s, row, col]) => {
    const [ch, i, j] = [Math.floor(row! / (kh * kw)), Math.floor(row! / kw) % kh, row! % kw];
    const [y, xx] = [tap(Math.floor(col! / outW), i, b, 0), tap(col! % outW, j, b, 1)];
    return y >= 0 && y < h && xx >= 0 && xx < w ? at(x, [s!, ch, y, xx]) : 0;
  });
}

function foldRef(cols: ND, size: [number, number], b: Blocks): ND {
  const [n, rows] = cols.shape as [number, number];
  const [kh, kw] = b.kernel;
  const [outH, outW] = [count(size[0], b, 0), count(size[1], b, 1)];
  return build([n, rows / (kh * kw), ...size], ([s, ch, y, xx]) => {
    let sum = 0;
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let oy = 0; oy < outH; oy++) for (let ox = 0; ox < outW; ox++) {
      if (tap(oy, i, b, 0) === y && tap(ox, j, b, 1) === xx) sum += at(cols, [s!, (ch! * kh + i) * kw + j, oy * outW + ox]);
    }
    return sum;
  });
}

/** unfold/fold cases. */
export const foldCases: OpCase[] = [
  {
    op: 'unfold', label: '3x3 padding 1', grad: true, inputs: [{ shape: [2, 2, 4, 5] }],
    run: (x) => tn.unfold(x, 3, { padding: 1 }), reference: (x) => unfoldRef(x, blocks([3, 3], [1, 1], [1, 1])),
  },
  {
    op: 'unfold', label: '2x3 stride [2,1] dilation [1,2] padding [1,0]', grad: true, inputs: [{ shape: [1, 3, 6, 7] }],
    run: (x) => tn.unfold(x, [2, 3], { stride: [2, 1], dilation: [1, 2], padding: [1, 0] }),
    reference: (x) => unfoldRef(x, blocks([2, 3], [2, 1], [1, 0], [1, 2])),
  },
  {
    op: 'fold', label: 'overlapping 2x2 windows', grad: true, inputs: [{ shape: [2, 8, 12] }],
    run: (c) => tn.fold(c, [4, 5], 2), reference: (c) => foldRef(c, [4, 5], blocks([2, 2])),
  },
  {
    op: 'fold', label: '3x3 stride 2 padding 1, unbatched', grad: true, inputs: [{ shape: [9, 9] }],
    run: (c) => tn.fold(c, [5, 6], 3, { stride: 2, padding: 1 }),
    reference: (c) => {
      const r = foldRef({ shape: [1, ...c.shape], data: c.data }, [5, 6], blocks([3, 3], [2, 2], [1, 1]));
      return { shape: r.shape.slice(1), data: r.data };
    },
  },
];

/** unfold/fold bad calls. */
export const foldErrors: OpErrors[] = [
  { op: 'unfold', bad: [
    { what: 'wrong rank', call: () => tn.unfold(tn.zeros([4, 4]), 2), error: 'unfold: expected input [N, C, H, W] or [C, H, W], found [4,4]' },
    { what: 'kernel larger than input', call: () => tn.unfold(tn.zeros([1, 1, 2, 2]), 3), error: 'unfold: output size would be 0x0 for input [1,1,2,2] with kernel 3x3, stride 1x1, padding 0x0, dilation 1x1' },
    { what: 'zero stride', call: () => tn.unfold(tn.zeros([1, 1, 4, 4]), 2, { stride: 0 }), error: 'unfold: stride must be an integer ≥ 1 or a pair of them, found 0' },
  ] },
  { op: 'fold', bad: [
    { what: 'rows not a multiple of the taps', call: () => tn.fold(tn.zeros([1, 10, 4]), 4, 3), error: 'fold: columns [1,10,4]: 10 rows are not a multiple of the 9 taps of a 3x3 kernel' },
    { what: 'wrong number of columns', call: () => tn.fold(tn.zeros([1, 9, 5]), 4, 3), error: 'fold: columns [1,9,5]: expected 4 columns (2x2 windows over 4x4 with kernel 3x3, stride 1x1, padding 0x0, dilation 1x1), found 5' },
    { what: 'wrong rank', call: () => tn.fold(tn.zeros([9]), 4, 3), error: 'fold: expected columns [N, C·kh·kw, L] or [C·kh·kw, L], found [9]' },
  ] },
];
