/** Op-table cases: reductions, softmax family. */
import * as tn from 'tasknet';
import { alongAxis, reduceAxes, type ND } from '../helpers/nd.js';
import type { OpCase, OpErrors } from './types.js';

const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
const avg = (v: number[]) => total(v) / v.length;
const variance = (v: number[], correction: number) => {
  const m = avg(v);
  return total(v.map((x) => (x - m) ** 2)) / (v.length - correction);
};
const all = (x: ND) => x.shape.map((_, i) => i);
const lse = (v: number[]) => { const m = Math.max(...v); return m + Math.log(total(v.map((x) => Math.exp(x - m)))); };

/** Reduction cases. */
export const reductionCases: OpCase[] = [
  { op: 'sum', label: 'all', grad: true, inputs: [{ shape: [3, 4] }], run: (x) => tn.sum(x), reference: (x) => reduceAxes(x, all(x), false, total) },
  { op: 'sum', label: 'dim 1 keepDim', grad: true, inputs: [{ shape: [2, 3, 4] }], run: (x) => tn.sum(x, 1, true), reference: (x) => reduceAxes(x, [1], true, total) },
  { op: 'sum', label: 'dims [0,2]', grad: true, inputs: [{ shape: [2, 3, 4] }], run: (x) => tn.sum(x, [0, -1]), reference: (x) => reduceAxes(x, [0, 2], false, total) },
  { op: 'mean', label: 'dim -1', grad: true, inputs: [{ shape: [3, 5] }], run: (x) => tn.mean(x, -1), reference: (x) => reduceAxes(x, [1], false, avg) },
  { op: 'mean', label: 'all', grad: true, inputs: [{ shape: [2, 3, 2] }], run: (x) => tn.mean(x), reference: (x) => reduceAxes(x, all(x), false, avg) },
  { op: 'max', label: 'dim 0', grad: true, inputs: [{ shape: [4, 3], kind: 'distinct' }], run: (x) => tn.max(x, 0), reference: (x) => reduceAxes(x, [0], false, (v) => Math.max(...v)) },
  { op: 'max', label: 'all', grad: true, inputs: [{ shape: [2, 3], kind: 'distinct' }], run: (x) => tn.max(x), reference: (x) => reduceAxes(x, all(x), false, (v) => Math.max(...v)) },
  { op: 'min', label: 'dim 1 keepDim', grad: true, inputs: [{ shape: [3, 4], kind: 'distinct' }], run: (x) => tn.min(x, 1, true), reference: (x) => reduceAxes(x, [1], true, (v) => Math.min(...v)) },
  { op: 'argmax', label: 'dim 1', grad: false, inputs: [{ shape: [3, 4], kind: 'distinct' }], run: (x) => tn.argmax(x, 1), reference: (x) => reduceAxes(x, [1], false, (v) => v.indexOf(Math.max(...v))) },
  { op: 'argmax', label: 'ties pick the first', grad: false, inputs: [{ shape: [5], kind: { values: [1, 3, 0, 3, 2] } }], run: (x) => tn.argmax(x), reference: () => ({ shape: [], data: [1] }) },
  { op: 'argmin', label: 'dim 0 keepDim', grad: false, inputs: [{ shape: [3, 4], kind: 'distinct' }], run: (x) => tn.argmin(x, 0, true), reference: (x) => reduceAxes(x, [0], true, (v) => v.indexOf(Math.min(...v))) },
  { op: 'var', label: 'unbiased dim 1', grad: true, inputs: [{ shape: [3, 5] }], run: (x) => tn.var(x, 1), reference: (x) => reduceAxes(x, [1], false, (v) => variance(v, 1)) },
  { op: 'var', label: 'biased all', grad: true, inputs: [{ shape: [2, 4] }], run: (x) => tn.var(x, undefined, false, 0), reference: (x) => reduceAxes(x, all(x), false, (v) => variance(v, 0)) },
  { op: 'std', label: 'dim 0 keepDim', grad: true, inputs: [{ shape: [4, 3] }], run: (x) => tn.std(x, 0, true), reference: (x) => reduceAxes(x, [0], true, (v) => Math.sqrt(variance(v, 1))) },
  { op: 'norm', label: 'p 2 all', grad: true, inputs: [{ shape: [3, 4] }], run: (x) => tn.norm(x), reference: (x) => reduceAxes(x, all(x), false, (v) => Math.hypot(...v)) },
  { op: 'norm', label: 'p 1 dim 1', grad: true, inputs: [{ shape: [3, 4] }], run: (x) => tn.norm(x, 1, 1), reference: (x) => reduceAxes(x, [1], false, (v) => total(v.map(Math.abs))) },
  { op: 'norm', label: 'p 3 dim 0', grad: true, inputs: [{ shape: [3, 2] }], run: (x) => tn.norm(x, 3, 0), reference: (x) => reduceAxes(x, [0], false, (v) => total(v.map((a) => Math.abs(a) ** 3)) ** (1 / 3)) },
  {
    op: 'softmax', label: 'dim 1', grad: true, inputs: [{ shape: [3, 5] }], run: (x) => tn.softmax(x, 1),
    reference: (x) => alongAxis(x, 1, (v) => { const e = v.map((a) => Math.exp(a - Math.max(...v))); return e.map((a) => a / total(e)); }),
  },
  {
    op: 'softmax', label: 'dim 0 large values', grad: true, inputs: [{ shape: [3, 2], kind: { values: [1000, -5, 1001, 0, 999, 5] } }], run: (x) => tn.softmax(x, 0),
    reference: (x) => alongAxis(x, 0, (v) => { const e = v.map((a) => Math.exp(a - Math.max(...v))); return e.map((a) => a / total(e)); }),
  },
  { op: 'logSoftmax', label: 'dim -1', grad: true, inputs: [{ shape: [2, 3, 4] }], run: (x) => tn.logSoftmax(x, -1), reference: (x) => alongAxis(x, 2, (v) => v.map((a) => a - lse(v))) },
  { op: 'logSumExp', label: 'dim 1', grad: true, inputs: [{ shape: [3, 4] }], run: (x) => tn.logSumExp(x, 1), reference: (x) => reduceAxes(x, [1], false, lse) },
  { op: 'logSumExp', label: 'dim 0 keepDim', grad: true, inputs: [{ shape: [3, 4] }], run: (x) => tn.logSumExp(x, 0, true), reference: (x) => reduceAxes(x, [0], true, lse) },
];

const m23 = () => tn.zeros([2, 3]);

/** Reduction bad calls. */
export const reductionErrors: OpErrors[] = [
  { op: 'sum', bad: [
    { what: 'axis out of range', call: () => tn.sum(m23(), 2), error: 'sum: axis 2 is out of range for a tensor of rank 2 (expected -2..1)' },
    { what: 'repeated axis', call: () => tn.sum(m23(), [1, -1]), error: 'sum: repeated axis in [1,-1]' },
  ] },
  { op: 'max', bad: [{ what: 'empty tensor', call: () => tn.max(tn.zeros([0, 3])), error: 'max: cannot take the max of an empty tensor [0,3]' }] },
  { op: 'argmax', bad: [{ what: 'axis out of range', call: () => tn.argmax(m23(), -3), error: 'argmax: axis -3 is out of range for a tensor of rank 2 (expected -2..1)' }] },
  { op: 'softmax', bad: [{ what: 'axis out of range', call: () => tn.softmax(m23(), 5), error: 'softmax: axis 5 is out of range for a tensor of rank 2 (expected -2..1)' }] },
  { op: 'norm', bad: [{ what: 'NaN p', call: () => tn.norm(m23(), Number.NaN), error: 'norm: p must be positive (or Infinity), found NaN' }] },
];
