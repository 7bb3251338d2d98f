/** Op-table cases: matmul, convolution, pooling, dropout. */
import * as tn from 'tasknet';
import { at, build, sizeOf, type ND } from '../helpers/nd.js';
import type { OpCase, OpErrors } from './types.js';

function matmulRef(a: ND, b: ND): ND {
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.shape.length - 1] as number;
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const rank = Math.max(batchA.length, batchB.length);
  const batch = Array.from({ length: rank }, (_, i) => Math.max(batchA[batchA.length - rank + i] ?? 1, batchB[batchB.length - rank + i] ?? 1));
  const pick = (shape: readonly number[], c: number[]) => c.slice(rank - shape.length).map((v, i) => ((shape[i] as number) === 1 ? 0 : v));
  return build([...batch, m, n], (c) => {
    const bc = c.slice(0, rank);
    const [i, j] = c.slice(rank) as [number, number];
    let s = 0;
    for (let p = 0; p < k; p++) s += at(a, [...pick(batchA, bc), i, p]) * at(b, [...pick(batchB, bc), p, j]);
    return s;
  });
}

interface Conv { stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number }

function conv2dRef(x: ND, w: ND, bias: ND | undefined, o: Conv): ND {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [oc, cg, kh, kw] = w.shape as [number, number, number, number];
  const oh = Math.floor((h + 2 * o.padding[0] - o.dilation[0] * (kh - 1) - 1) / o.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * o.padding[1] - o.dilation[1] * (kw - 1) - 1) / o.stride[1]) + 1;
  const perGroup = oc / o.groups;
  void c;
  return build([n, oc, oh, ow], ([b, f, y, xo]) => {
    const g = Math.floor((f as number) / perGroup);
    let s = bias === undefined ? 0 : (bias.data[f as number] as number);
    for (let ci = 0; ci < cg; ci++) for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) {
      const yy = (y as number) * o.stride[0] - o.padding[0] + i * o.dilation[0];
      const xx = (xo as number) * o.stride[1] - o.padding[1] + j * o.dilation[1];
      if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
      s += at(x, [b as number, g * cg + ci, yy, xx]) * at(w, [f as number, ci, i, j]);
    }
    return s;
  });
}

function poolRef(x: ND, k: number, s: number, p: number, kind: 'max' | 'avg', includePad = true): ND {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const oh = Math.floor((h + 2 * p - k) / s) + 1;
  const ow = Math.floor((w + 2 * p - k) / s) + 1;
  return build([n, c, oh, ow], ([b, ch, y, xo]) => {
    const vals: number[] = [];
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      const yy = (y as number) * s - p + i;
      const xx = (xo as number) * s - p + j;
      if (yy >= 0 && yy < h && xx >= 0 && xx < w) vals.push(at(x, [b as number, ch as number, yy, xx]));
    }
    if (kind === 'max') return Math.max(...vals);
    return vals.reduce((a, v) => a + v, 0) / (includePad ? k * k : vals.length);
  });
}

function adaptiveRef(x: ND, oh: number, ow: number): ND {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  return build([n, c, oh, ow], ([b, ch, i, j]) => {
    const [h0, h1] = [Math.floor(((i as number) * h) / oh), Math.ceil((((i as number) + 1) * h) / oh)];
    const [w0, w1] = [Math.floor(((j as number) * w) / ow), Math.ceil((((j as number) + 1) * w) / ow)];
    let s = 0;
    for (let y = h0; y < h1; y++) for (let xx = w0; xx < w1; xx++) s += at(x, [b as number, ch as number, y, xx]);
    return s / ((h1 - h0) * (w1 - w0));
  });
}

const convOpts = (stride = 1, padding = 0, dilation = 1, groups = 1): Conv => ({ stride: [stride, stride], padding: [padding, padding], dilation: [dilation, dilation], groups });

/** Layer-op cases. */
export const layerCases: OpCase[] = [
  { op: 'matmul', label: '2-D', grad: true, inputs: [{ shape: [3, 4] }, { shape: [4, 2] }], run: (a, b) => tn.matmul(a, b), reference: matmulRef },
  { op: 'matmul', label: 'batched broadcast [2,1,3,4]@[3,4,5]', grad: true, inputs: [{ shape: [2, 1, 3, 4] }, { shape: [3, 4, 5] }], run: (a, b) => tn.matmul(a, b), reference: matmulRef },
  {
    op: 'matmul', label: '1-D @ 2-D', grad: true, inputs: [{ shape: [3] }, { shape: [3, 2] }], run: (a, b) => tn.matmul(a, b),
    reference: (a, b) => { const r = matmulRef({ shape: [1, 3], data: a.data }, b); return { shape: [2], data: r.data }; },
  },
  {
    op: 'matmul', label: '1-D @ 1-D', grad: true, inputs: [{ shape: [4] }, { shape: [4] }], run: (a, b) => tn.matmul(a, b),
    reference: (a, b) => ({ shape: [], data: [a.data.reduce((s, v, i) => s + v * (b.data[i] as number), 0)] }),
  },
  {
    op: 'conv2d', label: 'stride 2 padding 1 bias', grad: true, inputs: [{ shape: [2, 3, 5, 5] }, { shape: [4, 3, 3, 3] }, { shape: [4] }],
    run: (x, w, b) => tn.conv2d(x, w, b, { stride: 2, padding: 1 }), reference: (x, w, b) => conv2dRef(x, w, b, convOpts(2, 1)),
  },
  {
    op: 'conv2d', label: 'dilation 2 groups 2', grad: true, inputs: [{ shape: [1, 4, 6, 6] }, { shape: [2, 2, 2, 2] }],
    run: (x, w) => tn.conv2d(x, w, null, { dilation: 2, groups: 2 }), reference: (x, w) => conv2dRef(x, w, undefined, convOpts(1, 0, 2, 2)),
  },
  {
    op: 'conv1d', label: 'stride 2 padding 1', grad: true, inputs: [{ shape: [2, 2, 7] }, { shape: [3, 2, 3] }, { shape: [3] }],
    run: (x, w, b) => tn.conv1d(x, w, b, { stride: 2, padding: 1 }),
    reference: (x, w, b) => {
      const r = conv2dRef({ shape: [2, 2, 1, 7], data: x.data }, { shape: [3, 2, 1, 3], data: w.data }, b, { stride: [1, 2], padding: [0, 1], dilation: [1, 1], groups: 1 });
      return { shape: [r.shape[0] as number, r.shape[1] as number, r.shape[3] as number], data: r.data };
    },
  },
  { op: 'maxPool2d', label: 'kernel 2', grad: true, inputs: [{ shape: [2, 2, 4, 4], kind: 'distinct' }], run: (x) => tn.maxPool2d(x, 2), reference: (x) => poolRef(x, 2, 2, 0, 'max') },
  {
    op: 'maxPool2d', label: 'kernel 3 stride 2 padding 1', grad: true, inputs: [{ shape: [1, 2, 5, 5], kind: 'distinct' }],
    run: (x) => tn.maxPool2d(x, 3, { stride: 2, padding: 1 }), reference: (x) => poolRef(x, 3, 2, 1, 'max'),
  },
  { op: 'avgPool2d', label: 'kernel 2', grad: true, inputs: [{ shape: [1, 2, 4, 6] }], run: (x) => tn.avgPool2d(x, 2), reference: (x) => poolRef(x, 2, 2, 0, 'avg') },
  {
    op: 'avgPool2d', label: 'padding excluded', grad: true, inputs: [{ shape: [1, 1, 5, 5] }],
    run: (x) => tn.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), reference: (x) => poolRef(x, 3, 2, 1, 'avg', false),
  },
  { op: 'adaptiveAvgPool2d', label: '7x5 to 3x2', grad: true, inputs: [{ shape: [1, 2, 7, 5] }], run: (x) => tn.adaptiveAvgPool2d(x, [3, 2]), reference: (x) => adaptiveRef(x, 3, 2) },
  { op: 'adaptiveAvgPool2d', label: 'global', grad: true, inputs: [{ shape: [2, 3, 4, 4] }], run: (x) => tn.adaptiveAvgPool2d(x, 1), reference: (x) => adaptiveRef(x, 1, 1) },
  {
    op: 'dropout', label: 'p 0.3 seeded', grad: true, inputs: [{ shape: [50, 40] }],
    run: (x) => { tn.manualSeed(11); return tn.dropout(x, 0.3); },
    check: (out, [x]) => {
      let zeros = 0;
      out.data.forEach((v, i) => {
        const expected = (x as ND).data[i] as number;
        if (v === 0) zeros++;
        else if (Math.abs(v - expected / 0.7) > 1e-5 * Math.abs(expected / 0.7) + 1e-6) throw new Error(`dropout kept element ${i} = ${v}, expected ${expected / 0.7}`);
      });
      const rate = zeros / sizeOf(out.shape);
      if (Math.abs(rate - 0.3) > 0.05) throw new Error(`dropout rate ${rate}, expected about 0.3`);
    },
  },
];

/** Layer-op bad calls. */
export const layerErrors: OpErrors[] = [
  { op: 'matmul', bad: [
    { what: 'inner dimensions differ', call: () => tn.matmul(tn.zeros([2, 3]), tn.zeros([4, 5])), error: 'matmul: inner dimensions differ: [2,3] @ [4,5] (3 vs 4)' },
    { what: 'batch dimensions differ', call: () => tn.matmul(tn.zeros([2, 2, 3]), tn.zeros([3, 3, 4])), error: 'matmul: shapes cannot be broadcast: [2] and [3] (dimension -1: 2 vs 3)' },
    { what: 'scalar operand', call: () => tn.matmul(tn.tensor(2), tn.zeros([2])), error: 'matmul: both arguments need at least one dimension, found [] @ [2]' },
  ] },
  { op: 'conv2d', bad: [
    { what: 'channel mismatch', call: () => tn.conv2d(tn.zeros([1, 3, 5, 5]), tn.zeros([2, 2, 3, 3])), error: 'conv2d: input [1,3,5,5] has 3 channels but weight [2,2,3,3] expects 2 (2 per group × 1 groups)' },
    { what: 'kernel larger than input', call: () => tn.conv2d(tn.zeros([1, 1, 2, 2]), tn.zeros([1, 1, 3, 3])), error: 'conv2d: output size would be 0x0 for input [1,1,2,2] with kernel 3x3, stride 1x1, padding 0x0, dilation 1x1' },
    { what: 'wrong rank', call: () => tn.conv2d(tn.zeros([5, 5]), tn.zeros([1, 1, 3, 3])), error: 'conv2d: expected input [N, C, H, W], found [5,5]' },
    { what: 'negative padding', call: () => tn.conv2d(tn.zeros([1, 1, 5, 5]), tn.zeros([1, 1, 3, 3]), null, { padding: -1 }), error: 'conv2d: padding must be an integer ≥ 0 or a pair of them, found -1' },
  ] },
  { op: 'maxPool2d', bad: [{ what: 'padding over half the kernel', call: () => tn.maxPool2d(tn.zeros([1, 1, 4, 4]), 2, { padding: 2 }), error: 'maxPool2d: padding 2x2 must be at most half the kernel size 2x2' }] },
  { op: 'dropout', bad: [{ what: 'NaN probability', call: () => tn.dropout(tn.zeros([2]), Number.NaN), error: 'dropout: p must be in [0, 1], found NaN' }] },
];
