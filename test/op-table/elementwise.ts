/** Op-table cases: element-wise arithmetic, math, comparisons, selection and activations. */
import * as tn from 'tasknet';
import { zipWith, type ND } from '../helpers/nd.js';
import type { OpCase, OpErrors } from './types.js';

const erf = (x: number): number => {
  // Abramowitz–Stegun 7.1.26 is too coarse for 1e-5; use the series / continued fraction split
  const t = Math.abs(x);
  if (t < 2.5) {
    let sum = 0; let term = t; let n = 0;
    while (Math.abs(term) > 1e-17 * Math.abs(sum) || n < 5) { sum += term / (2 * n + 1); n++; term *= -t * t / n; if (n > 200) break; }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let k = 60; k >= 1; k--) f = (k / 2) / (t + f);
  return Math.sign(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f));
};

const unaryCase = (op: string, f: (v: number) => number, kind: 'real' | 'positive' | 'unit' = 'real', grad = true, run?: OpCase['run']): OpCase => ({
  op, label: kind, inputs: [{ shape: [3, 4], kind }], grad,
  run: run ?? ((x) => (tn as unknown as Record<string, (t: tn.Tensor) => tn.Tensor>)[op]!(x)),
  reference: (x: ND) => zipWith([x], f),
});

const binaryCase = (op: string, f: (a: number, b: number) => number, label: string, shapes: [number[], number[]], kinds: ['real' | 'positive', 'real' | 'positive'] = ['real', 'real'], grad = true): OpCase => ({
  op, label, grad,
  inputs: [{ shape: shapes[0], kind: kinds[0] }, { shape: shapes[1], kind: kinds[1] }],
  run: (a, b) => (tn as unknown as Record<string, (x: tn.Tensor, y: tn.Tensor) => tn.Tensor>)[op]!(a, b),
  reference: (a: ND, b: ND) => zipWith([a, b], f),
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const cmp = (f: (a: number, b: number) => boolean) => (a: number, b: number) => (f(a, b) ? 1 : 0);

/** Element-wise cases. */
export const elementwiseCases: OpCase[] = [
  binaryCase('add', (a, b) => a + b, 'same shape', [[2, 3], [2, 3]]),
  binaryCase('add', (a, b) => a + b, 'broadcast', [[2, 1, 3], [4, 1]]),
  binaryCase('sub', (a, b) => a - b, 'broadcast', [[3, 1], [1, 4]]),
  binaryCase('mul', (a, b) => a * b, 'broadcast', [[2, 3, 4], [4]]),
  binaryCase('div', (a, b) => a / b, 'broadcast', [[2, 3], [3]], ['real', 'positive']),
  binaryCase('pow', (a, b) => a ** b, 'tensor exponent', [[2, 3], [2, 3]], ['positive', 'real']),
  { ...unaryCase('pow', (v) => v ** 3, 'real', true, (x) => tn.pow(x, 3)), label: 'scalar exponent' },
  binaryCase('maximum', Math.max, 'broadcast', [[2, 3], [3]]),
  binaryCase('minimum', Math.min, 'broadcast', [[2, 3], [2, 1]]),
  unaryCase('neg', (v) => -v),
  unaryCase('exp', Math.exp),
  unaryCase('log', Math.log, 'positive'),
  unaryCase('log1p', Math.log1p, 'positive'),
  unaryCase('sqrt', Math.sqrt, 'positive'),
  unaryCase('rsqrt', (v) => 1 / Math.sqrt(v), 'positive'),
  unaryCase('abs', Math.abs),
  unaryCase('sign', Math.sign),
  { ...unaryCase('clamp', (v) => Math.min(0.5, Math.max(-0.5, v)), 'real', true, (x) => tn.clamp(x, -0.5, 0.5)), label: 'min and max' },
  { ...unaryCase('clamp', (v) => Math.max(0.2, v), 'real', true, (x) => tn.clamp(x, 0.2)), label: 'min only' },
  binaryCase('eq', cmp((a, b) => a === b), 'broadcast', [[2, 3], [3]], ['real', 'real'], false),
  { op: 'eq', label: 'with ties', grad: false, inputs: [{ shape: [4], kind: { values: [1, 2, 3, 4] } }, { shape: [4], kind: { values: [1, 0, 3, 5] } }],
    run: (a, b) => tn.eq(a, b), reference: (a, b) => zipWith([a, b], cmp((x, y) => x === y)) },
  binaryCase('ne', cmp((a, b) => a !== b), 'broadcast', [[2, 3], [3]], ['real', 'real'], false),
  binaryCase('lt', cmp((a, b) => a < b), 'broadcast', [[2, 3], [3]], ['real', 'real'], false),
  binaryCase('le', cmp((a, b) => a <= b), 'broadcast', [[2, 3], [3]], ['real', 'real'], false),
  binaryCase('gt', cmp((a, b) => a > b), 'broadcast', [[2, 3], [3]], ['real', 'real'], false),
  binaryCase('ge', cmp((a, b) => a >= b), 'broadcast', [[2, 3], [3]], ['real', 'real'], false),
  {
    op: 'where', label: 'broadcast', grad: true,
    inputs: [{ shape: [2, 3], kind: { values: [1, 0, 0, 1, 1, 0] }, dtype: 'bool' }, { shape: [2, 3], kind: 'real' }, { shape: [3], kind: 'real' }],
    run: (c, a, b) => tn.where(c, a, b),
    reference: (c, a, b) => zipWith([c, a, b], (cv, av, bv) => (cv !== 0 ? av : bv)),
  },
  unaryCase('sigmoid', sigmoid),
  unaryCase('tanh', Math.tanh),
  unaryCase('relu', (v) => Math.max(0, v)),
  { ...unaryCase('leakyRelu', (v) => (v > 0 ? v : 0.2 * v), 'real', true, (x) => tn.leakyRelu(x, 0.2)), label: 'slope 0.2' },
  { ...unaryCase('elu', (v) => (v > 0 ? v : 1.5 * Math.expm1(v)), 'real', true, (x) => tn.elu(x, 1.5)), label: 'alpha 1.5' },
  { ...unaryCase('gelu', (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), label: 'exact' },
  {
    ...unaryCase('gelu', (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))), 'real', true, (x) => tn.gelu(x, 'tanh')),
    label: 'tanh approximation',
  },
  { ...unaryCase('softplus', (v) => (2 * v > 1 ? v : Math.log1p(Math.exp(2 * v)) / 2), 'real', true, (x) => tn.softplus(x, 2, 1)), label: 'beta 2 threshold 1' },
  unaryCase('silu', (v) => v * sigmoid(v)),
  unaryCase('step', (v) => (v > 0 ? 1 : 0)),
];

const m23 = () => tn.zeros([2, 3]);

/** Element-wise bad calls. */
export const elementwiseErrors: OpErrors[] = [
  { op: 'add', bad: [{ what: 'shape mismatch', call: () => tn.add(m23(), tn.zeros([4])), error: 'add: shapes cannot be broadcast: [2,3] and [4] (dimension -1: 3 vs 4)' }] },
  { op: 'mul', bad: [{ what: 'shape mismatch', call: () => tn.mul(tn.zeros([2, 3]), tn.zeros([3, 3])), error: 'mul: shapes cannot be broadcast: [2,3] and [3,3] (dimension -2: 2 vs 3)' }] },
  { op: 'where', bad: [
    { what: 'non-bool condition', call: () => tn.where(m23(), m23(), m23()), error: 'where: condition must be bool, found float32' },
    { what: 'shape mismatch', call: () => tn.where(tn.gt(m23(), 0), tn.zeros([4]), 0), error: 'where: shapes cannot be broadcast: [2,3] and [4] (dimension -1: 3 vs 4)' },
  ] },
  { op: 'clamp', bad: [
    { what: 'NaN bound', call: () => tn.clamp(m23(), Number.NaN), error: 'clamp: min must not be NaN' },
    { what: 'no bound', call: () => tn.clamp(m23()), error: 'clamp: at least one of min and max must be given' },
  ] },
  { op: 'leakyRelu', bad: [{ what: 'NaN slope', call: () => tn.leakyRelu(m23(), Number.NaN), error: 'leakyRelu: negativeSlope must be a finite number, found NaN' }] },
  { op: 'softplus', bad: [{ what: 'non-positive beta', call: () => tn.softplus(m23(), 0), error: 'softplus: beta must be positive, found 0' }] },
  { op: 'gelu', bad: [{ what: 'unknown approximation', call: () => tn.gelu(m23(), 'fast' as 'tanh'), error: "gelu: approximate must be 'none' or 'tanh', found 'fast'" }] },
];
