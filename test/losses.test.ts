/**
 * Loss functions: values and gradients against PyTorch 1.13 (test/fixtures/golden/losses.json, written by
 * `/usr/bin/python3 tools/golden/losses.py`), float64 central-difference gradient checks, error messages,
 * the loss modules, memory hygiene and the root exports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { gradCheck } from './helpers/gradcheck.js';
import { repoRoot } from './helpers/repo.js';

type Tensor = tn.Tensor;
type Value = number | 'NaN';

interface FixtureInput {
  name: string;
  role: 'arg' | 'option' | 'param';
  shape: number[];
  dtype: 'float32' | 'float64' | 'int32';
  data: number[];
}

interface FixtureCase {
  id: string;
  fn: string;
  inputs: FixtureInput[];
  args: Record<string, unknown>;
  output: { shape: number[]; data: Value[] };
  cotangent?: { shape: number[]; data: number[] };
  grads?: { name: string; shape: number[]; data: Value[] }[];
  tol: { atol: number; rtol: number };
}

const fixture = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'golden', 'losses.json'), 'utf8')) as {
  torch: string;
  cases: FixtureCase[];
};

type LossCall = (args: Tensor[], options: Record<string, unknown>, params: Tensor[]) => Tensor;

/** Every functional loss, called the way a user would. */
const LOSSES: Record<string, LossCall> = {
  mseLoss: ([a, b], o) => tn.mseLoss(a!, b!, o),
  l1Loss: ([a, b], o) => tn.l1Loss(a!, b!, o),
  smoothL1Loss: ([a, b], o) => tn.smoothL1Loss(a!, b!, o),
  huberLoss: ([a, b], o) => tn.huberLoss(a!, b!, o),
  crossEntropy: ([a, b], o) => tn.crossEntropy(a!, b!, o),
  nllLoss: ([a, b], o) => tn.nllLoss(a!, b!, o),
  binaryCrossEntropy: ([a, b], o) => tn.binaryCrossEntropy(a!, b!, o),
  binaryCrossEntropyWithLogits: ([a, b], o) => tn.binaryCrossEntropyWithLogits(a!, b!, o),
  klDiv: ([a, b], o) => tn.klDiv(a!, b!, o),
  cosineEmbeddingLoss: ([a, b, y], o) => tn.cosineEmbeddingLoss(a!, b!, y!, o),
  l1Penalty: (_, __, ps) => tn.l1Penalty(ps),
  l2Penalty: (_, __, ps) => tn.l2Penalty(ps),
};

function assertClose(actual: ArrayLike<number>, expected: readonly Value[], tol: { atol: number; rtol: number }, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as Value;
    if (e === 'NaN') {
      assert.ok(Number.isNaN(a), `${what}[${i}]: ${a}, expected NaN`);
      continue;
    }
    assert.ok(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e), `${what}[${i}]: ${a}, expected ${e}`);
  }
}

test('the golden fixtures cover every loss', () => {
  assert.deepEqual([...new Set(fixture.cases.map((c) => c.fn))].sort(), Object.keys(LOSSES).sort());
});

for (const c of fixture.cases) {
  test(`golden (PyTorch ${fixture.torch}): ${c.id}`, () => {
    const wanted = new Set((c.grads ?? []).map((g) => g.name));
    const tensors = new Map<string, Tensor>();
    for (const input of c.inputs) {
      tensors.set(input.name, tn.tensor(input.dtype === 'int32' ? Int32Array.from(input.data) : Float32Array.from(input.data),
        { shape: input.shape, dtype: input.dtype, requiresGrad: wanted.has(input.name) }));
    }
    const byRole = (role: FixtureInput['role']) => c.inputs.filter((i) => i.role === role).map((i) => tensors.get(i.name)!);
    const options: Record<string, unknown> = { ...c.args };
    for (const input of c.inputs.filter((i) => i.role === 'option')) options[input.name] = tensors.get(input.name);
    const call = LOSSES[c.fn];
    assert.ok(call, `no tasknet loss for ${c.fn}`);
    const out = call(byRole('arg'), options, byRole('param'));
    assert.deepEqual(out.shape, c.output.shape, 'output shape');
    assertClose(out.dataSync(), c.output.data, c.tol, 'output');
    if (c.grads === undefined || c.cotangent === undefined) return;
    const cot = tn.tensor(Float32Array.from(c.cotangent.data), { shape: c.cotangent.shape });
    tn.sum(tn.mul(out, cot)).backward();
    for (const g of c.grads) {
      const grad = tensors.get(g.name)!.grad;
      assert.ok(grad, `no gradient for ${g.name}`);
      assert.deepEqual(grad.shape, g.shape, `gradient shape of ${g.name}`);
      assertClose(grad.dataSync(), g.data, c.tol, `d/d${g.name}`);
    }
  });
}

// ---------------------------------------------------------------------------
// float64 central differences
// ---------------------------------------------------------------------------

/** Deterministic values in [lo, hi) kept at least `margin` away from each of `avoid`. */
function values(n: number, seed: number, lo = -1, hi = 1, avoid: readonly number[] = [], margin = 0.05): number[] {
  const g = new tn.Generator(seed);
  const out: number[] = [];
  while (out.length < n) {
    const v = lo + (hi - lo) * g.uniform();
    if (avoid.every((p) => Math.abs(v - p) > margin)) out.push(v);
  }
  return out;
}

function softmaxRows(v: number[], rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    const row = v.slice(r * cols, (r + 1) * cols).map(Math.exp);
    const s = row.reduce((a, b) => a + b, 0);
    out.push(...row.map((x) => x / s));
  }
  return out;
}

const F64 = 'float64' as const;
const I32 = 'int32' as const;

interface GradCase {
  name: string;
  f: (...xs: Tensor[]) => Tensor;
  values: number[][];
  shapes: number[][];
  dtypes: tn.DType[];
}

const diffs = (n: number, seed: number, kinks: number[]) => values(n, seed, -2.5, 2.5, kinks);
const targetValues = values(12, 2);
const gradCases: GradCase[] = [];
for (const reduction of ['mean', 'sum', 'none'] as const) {
  gradCases.push(
    { name: `mseLoss ${reduction}`, f: (a, b) => tn.mseLoss(a!, b!, { reduction }), values: [values(12, 1), targetValues], shapes: [[3, 4], [3, 4]], dtypes: [F64, F64] },
    { name: `l1Loss ${reduction}`, f: (a, b) => tn.l1Loss(tn.add(a!, b!), b!, { reduction }), values: [diffs(12, 3, [0]), targetValues], shapes: [[3, 4], [3, 4]], dtypes: [F64, F64] },
    { name: `smoothL1Loss beta 0.7 ${reduction}`, f: (a, b) => tn.smoothL1Loss(tn.add(a!, b!), b!, { beta: 0.7, reduction }), values: [diffs(12, 4, [0.7, -0.7]), targetValues], shapes: [[3, 4], [3, 4]], dtypes: [F64, F64] },
    { name: `huberLoss delta 0.6 ${reduction}`, f: (a, b) => tn.huberLoss(tn.add(a!, b!), b!, { delta: 0.6, reduction }), values: [diffs(12, 5, [0.6, -0.6]), targetValues], shapes: [[3, 4], [3, 4]], dtypes: [F64, F64] },
  );
}
{
  const x = values(12, 6, -3, 3);
  const labels = [2, -100, 0, 3];
  const w = values(4, 7, 0.2, 2);
  for (const reduction of ['mean', 'sum', 'none'] as const) {
    gradCases.push(
      { name: `crossEntropy index ${reduction}`, f: (a, t) => tn.crossEntropy(a!, t!, { reduction }), values: [x, [2, 1, 0]], shapes: [[3, 4], [3]], dtypes: [F64, I32] },
      {
        name: `crossEntropy index + weight + ignore + smoothing ${reduction}`,
        f: (a, t, wt) => tn.crossEntropy(a!, t!, { weight: wt!, reduction, labelSmoothing: 0.2 }),
        values: [[...x, 0.5, -1, 2, 0.1], labels, w], shapes: [[4, 4], [4], [4]], dtypes: [F64, I32, F64],
      },
      {
        name: `crossEntropy K-dim ${reduction}`,
        f: (a, t, wt) => tn.crossEntropy(a!, t!, { weight: wt!, reduction, labelSmoothing: 0.1, ignoreIndex: 1 }),
        values: [values(18, 8, -3, 3), [0, 1, 2, 2, 0, 1], values(3, 9, 0.2, 2)], shapes: [[2, 3, 3], [2, 3], [3]], dtypes: [F64, I32, F64],
      },
      {
        name: `crossEntropy probabilities + weight + smoothing ${reduction}`,
        f: (a, t, wt) => tn.crossEntropy(a!, t!, { weight: wt!, reduction, labelSmoothing: 0.3 }),
        values: [x, softmaxRows(values(12, 10), 3, 4), w], shapes: [[3, 4], [3, 4], [4]], dtypes: [F64, F64, F64],
      },
      {
        name: `nllLoss ${reduction}`,
        f: (a, t, wt) => tn.nllLoss(a!, t!, { weight: wt!, reduction }),
        values: [x.map((v) => v - 4), [3, -100, 1], w], shapes: [[3, 4], [3], [4]], dtypes: [F64, I32, F64],
      },
      {
        name: `binaryCrossEntropy ${reduction}`,
        f: (a, t, wt) => tn.binaryCrossEntropy(a!, t!, { weight: wt!, reduction }),
        values: [values(6, 11, 0.05, 0.95), values(6, 12, 0, 1), values(3, 13, 0.2, 2)], shapes: [[2, 3], [2, 3], [3]], dtypes: [F64, F64, F64],
      },
      {
        name: `binaryCrossEntropyWithLogits ${reduction}`,
        f: (a, t, wt, pw) => tn.binaryCrossEntropyWithLogits(a!, t!, { weight: wt!, posWeight: pw!, reduction }),
        values: [values(6, 14, -4, 4, [0]), values(6, 15, 0, 1), values(6, 16, 0.2, 2), values(3, 17, 0.5, 3)],
        shapes: [[2, 3], [2, 3], [2, 3], [3]], dtypes: [F64, F64, F64, F64],
      },
      {
        name: `cosineEmbeddingLoss ${reduction}`,
        f: (a, b, y) => tn.cosineEmbeddingLoss(a!, b!, y!, { margin: -0.9, reduction }),
        values: [values(12, 18), values(12, 19), [1, -1, -1]], shapes: [[3, 4], [3, 4], [3]], dtypes: [F64, F64, I32],
      },
    );
  }
  for (const reduction of ['mean', 'batchmean', 'sum', 'none'] as const) {
    for (const logTarget of [false, true]) {
      const p = softmaxRows(values(12, 20), 3, 4);
      gradCases.push({
        name: `klDiv ${reduction} logTarget=${logTarget}`,
        f: (a, t) => tn.klDiv(a!, t!, { reduction, logTarget }),
        values: [values(12, 21, -3, -0.1), logTarget ? p.map(Math.log) : p], shapes: [[3, 4], [3, 4]], dtypes: [F64, F64],
      });
    }
  }
  gradCases.push(
    { name: 'l1Penalty', f: (a, b) => tn.l1Penalty([a!, b!]), values: [values(6, 22, -1, 1, [0]), values(3, 23, -1, 1, [0])], shapes: [[2, 3], [3]], dtypes: [F64, F64] },
    { name: 'l2Penalty', f: (a, b) => tn.l2Penalty([a!, b!]), values: [values(6, 24), values(3, 25)], shapes: [[2, 3], [3]], dtypes: [F64, F64] },
  );
}

for (const c of gradCases) {
  test(`float64 gradient check: ${c.name}`, () => {
    const r = gradCheck(c.f, c.values, c.shapes, c.dtypes);
    assert.ok(r.ok, r.message);
  });
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

const int32 = (v: number[], shape?: number[]) => tn.tensor(v, { dtype: 'int32', ...(shape ? { shape } : {}) });
const msg = (re: RegExp | string) => (e: unknown) => {
  assert.ok(e instanceof tn.TasknetError, `expected a TasknetError, got ${String(e)}`);
  if (typeof re === 'string') assert.equal(e.message, re);
  else assert.match(e.message, re);
  return true;
};

test('crossEntropy: a class index out of range names the value, the class count and the position', () => {
  const logits = tn.zeros([5, 10]);
  assert.throws(() => tn.crossEntropy(logits, int32([1, 2, 3, 12, 0])), msg('crossEntropy: target 12 is out of range for 10 classes (at position 3)'));
  assert.throws(() => tn.crossEntropy(logits, int32([1, -1, 3, 2, 0])), msg('crossEntropy: target -1 is out of range for 10 classes (at position 1)'));
  assert.throws(() => tn.crossEntropy(tn.zeros([2, 4, 3]), int32([0, 1, 2, 3, 9, 0], [2, 3])),
    msg('crossEntropy: target 9 is out of range for 4 classes (at position [1,1])'));
  assert.throws(() => tn.nllLoss(logits, int32([1, 2, 3, 10, 0])), msg('nllLoss: target 10 is out of range for 10 classes (at position 3)'));
  // ignoreIndex itself is allowed, even when out of range
  assert.doesNotThrow(() => tn.crossEntropy(logits, int32([1, 2, 3, -100, 0])).dispose());
  assert.doesNotThrow(() => tn.crossEntropy(logits, int32([1, 2, 3, 42, 0]), { ignoreIndex: 42 }).dispose());
});

test('crossEntropy: target shape and dtype errors name both shapes and ask for int32 labels', () => {
  const logits = tn.zeros([4, 10]);
  assert.throws(() => tn.crossEntropy(logits, int32([1, 2, 3, 4, 5])), (e: unknown) => {
    assert.ok(e instanceof tn.ShapeError);
    assert.equal(e.message, 'crossEntropy: expected a target of shape [4] for input [4,10], found [5]');
    return true;
  });
  assert.throws(() => tn.crossEntropy(tn.zeros([2, 3, 5]), int32([0, 1, 2, 0, 1, 2], [2, 3, 1])),
    msg('crossEntropy: expected a target of shape [2,5] for input [2,3,5], found [2,3,1]'));
  assert.throws(() => tn.crossEntropy(logits, tn.tensor([1, 2, 3, 4])), (e: unknown) => {
    assert.ok(e instanceof tn.ShapeError);
    assert.equal(e.message, 'crossEntropy: a float target holds class probabilities and must have the input\'s shape [4,10], found [4]; for class indices use int32 labels');
    return true;
  });
  assert.throws(() => tn.crossEntropy(logits, tn.tensor([1, 0, 1, 0], { dtype: 'bool' })), (e: unknown) => {
    assert.ok(e instanceof tn.DTypeError);
    assert.match(e.message, /^crossEntropy: target must hold int32 class indices or float class probabilities, found bool; use int32 labels$/);
    return true;
  });
  assert.throws(() => tn.nllLoss(logits, tn.tensor([1, 2, 3, 4])), (e: unknown) => {
    assert.ok(e instanceof tn.DTypeError);
    assert.match(e.message, /^nllLoss: class-index targets must be int32, found float32; use int32 labels/);
    return true;
  });
  assert.throws(() => tn.crossEntropy(tn.zeros([]), int32([0], [])), msg(/^crossEntropy: input must be \[C\], \[N, C\] or \[N, C, d1, \.\.\.\], found a scalar \[\]$/));
});

test('crossEntropy / nllLoss: option errors', () => {
  const logits = tn.zeros([2, 3]);
  const y = int32([0, 2]);
  assert.throws(() => tn.crossEntropy(logits, y, { weight: tn.ones([4]) }), msg('crossEntropy: weight must have shape [3] (one value per class), found [4]'));
  assert.throws(() => tn.crossEntropy(logits, y, { labelSmoothing: 1.5 }), msg('crossEntropy: labelSmoothing must be in [0, 1], found 1.5'));
  assert.throws(() => tn.crossEntropy(logits, y, { reduction: 'avg' as 'mean' }), msg("crossEntropy: reduction must be 'mean', 'sum' or 'none', found 'avg'"));
  assert.throws(() => tn.crossEntropy(logits, y, { ignoreIndex: 0.5 }), msg('crossEntropy: ignoreIndex must be an integer, found 0.5'));
  assert.throws(() => tn.crossEntropy(logits, tn.softmax(logits, 1), { ignoreIndex: 1 }),
    msg('crossEntropy: ignoreIndex is not supported for class-probability (float) targets, found 1'));
  assert.throws(() => tn.nllLoss(logits, y, { weight: tn.ones([3, 1]) }), msg('nllLoss: weight must have shape [3] (one value per class), found [3,1]'));
});

test('element-wise losses: option errors, and broadcasting targets warn once as in PyTorch', (t) => {
  const x = tn.zeros([4, 1]);
  assert.throws(() => tn.smoothL1Loss(x, x, { beta: -1 }), msg('smoothL1Loss: beta must not be negative, found -1'));
  assert.throws(() => tn.huberLoss(x, x, { delta: 0 }), msg('huberLoss: delta must be positive, found 0'));
  assert.throws(() => tn.huberLoss(x, x, { delta: Number.NaN }), msg('huberLoss: delta must be a finite number, found NaN'));
  assert.throws(() => tn.mseLoss(x, x, { reduction: 'batchmean' as 'mean' }), msg("mseLoss: reduction must be 'mean', 'sum' or 'none', found 'batchmean'"));
  assert.throws(() => tn.mseLoss(tn.zeros([3]), tn.zeros([4])), msg('mseLoss: shapes cannot be broadcast: [3] and [4] (dimension -1: 3 vs 4)'));
  const warn = t.mock.method(console, 'warn', () => undefined);
  const out = tn.mseLoss(x, tn.zeros([4]), { reduction: 'none' });
  tn.mseLoss(x, tn.zeros([4])).dispose();
  assert.deepEqual(out.shape, [4, 4]);
  assert.equal(warn.mock.callCount(), 1);
  assert.equal(warn.mock.calls[0]?.arguments[0],
    'mseLoss: target [4] differs in shape from input [4,1]; both are broadcast to [4,4], which is likely a mistake');
});

test('binary cross-entropy, KL and cosine losses: errors', () => {
  const p = tn.full([2, 3], 0.5);
  assert.throws(() => tn.binaryCrossEntropy(p, tn.zeros([2, 3, 1])), msg('binaryCrossEntropy: target shape [2,3,1] differs from input shape [2,3]; they must be the same'));
  assert.throws(() => tn.binaryCrossEntropy(tn.tensor([0.5, 1.5]), tn.zeros([2])),
    msg('binaryCrossEntropy: input values must be probabilities in [0, 1], found 1.5 at position 1 (for logits use binaryCrossEntropyWithLogits)'));
  assert.throws(() => tn.binaryCrossEntropy(p, p, { weight: tn.ones([2]) }), msg('binaryCrossEntropy: weight [2] does not broadcast to the input shape [2,3]'));
  assert.throws(() => tn.binaryCrossEntropyWithLogits(p, tn.zeros([3])), msg('binaryCrossEntropyWithLogits: target shape [3] differs from input shape [2,3]; they must be the same'));
  assert.throws(() => tn.binaryCrossEntropyWithLogits(p, p, { posWeight: tn.ones([2, 2, 3]) }),
    msg('binaryCrossEntropyWithLogits: posWeight [2,2,3] does not broadcast to the input shape [2,3]'));
  assert.throws(() => tn.klDiv(p, p, { reduction: 'avg' as 'mean' }), msg("klDiv: reduction must be 'mean', 'batchmean', 'sum' or 'none', found 'avg'"));
  assert.throws(() => tn.cosineEmbeddingLoss(p, p, int32([1, -1, 1], [3, 1])), msg('cosineEmbeddingLoss: y must be [N] or a scalar [], found [3,1]'));
  assert.throws(() => tn.cosineEmbeddingLoss(tn.zeros([3]), tn.zeros([3]), int32([1])),
    msg('cosineEmbeddingLoss: a 1-D y [1] expects 2-D inputs, found [3] and [3]'));
  assert.throws(() => tn.cosineEmbeddingLoss(p, p, int32([1], [])), msg('cosineEmbeddingLoss: a scalar y [] expects 1-D inputs, found [2,3] and [2,3]'));
});

// ---------------------------------------------------------------------------
// Behaviour beyond the fixtures
// ---------------------------------------------------------------------------

test('binaryCrossEntropy clamps log at -100: finite values and no NaN gradient at 0 and 1', () => {
  const x = tn.tensor([0, 1, 0, 1], { requiresGrad: true });
  const loss = tn.binaryCrossEntropy(x, tn.tensor([1, 0, 0, 1]), { reduction: 'none' });
  assert.deepEqual(Array.from(loss.dataSync(), (v) => v + 0), [100, 100, 0, 0]);
  loss.sum().backward();
  assert.ok(Array.from(x.grad!.dataSync()).every(Number.isFinite));
});

test('binaryCrossEntropyWithLogits is stable for huge logits', () => {
  const x = tn.tensor([1e4, -1e4, 1e4, -1e4], { requiresGrad: true });
  const loss = tn.binaryCrossEntropyWithLogits(x, tn.tensor([1, 0, 0, 1]), { reduction: 'none' });
  assert.deepEqual(Array.from(loss.dataSync()), [0, 0, 1e4, 1e4]);
  loss.sum().backward();
  assert.deepEqual(Array.from(x.grad!.dataSync()), [0, 0, 1, -1]);
});

test('crossEntropy with class indices equals crossEntropy with the one-hot probabilities', () => {
  const x = tn.randn([5, 4]);
  const y = int32([0, 3, 1, 1, 2]);
  const w = tn.tensor([1, 2, 0.5, 1]);
  const hard = tn.crossEntropy(x, y, { labelSmoothing: 0.2, reduction: 'none' });
  const soft = tn.crossEntropy(x, tn.cast(tn.oneHot(y, 4), 'float32'), { labelSmoothing: 0.2, reduction: 'none' });
  assertClose(hard.dataSync(), Array.from(soft.dataSync()), { atol: 1e-6, rtol: 1e-5 }, 'per-sample loss');
  // with weights the two differ only in the mean's denominator: Σ w[y] versus N
  const a = tn.crossEntropy(x, y, { weight: w }).item();
  const b = tn.crossEntropy(x, tn.cast(tn.oneHot(y, 4), 'float32'), { weight: w }).item();
  assert.ok(Math.abs(a * (1 + 1 + 2 + 2 + 0.5) / 5 - b) < 1e-5, `${a} vs ${b}`);
});

test('losses leave nothing behind but their result when nothing is recorded', () => {
  const x = tn.randn([4, 3]);
  const p = tn.sigmoid(x);
  const y = int32([0, 2, 1, 2]);
  const w = tn.ones([3]);
  const pm = int32([1, -1, 1, -1]);
  const calls: (() => Tensor)[] = [
    () => tn.mseLoss(x, p), () => tn.l1Loss(x, p), () => tn.smoothL1Loss(x, p), () => tn.huberLoss(x, p),
    () => tn.crossEntropy(x, y, { weight: w, labelSmoothing: 0.1 }), () => tn.crossEntropy(x, p),
    () => tn.nllLoss(x, y), () => tn.binaryCrossEntropy(p, p), () => tn.binaryCrossEntropyWithLogits(x, p, { posWeight: w }),
    () => tn.klDiv(x, p, { reduction: 'batchmean' }), () => tn.cosineEmbeddingLoss(x, p, pm),
    () => tn.l1Penalty([x, p]), () => tn.l2Penalty([x, p]),
  ];
  for (const [i, call] of calls.entries()) {
    const before = tn.numTensors();
    const out = tn.noGrad(call);
    assert.equal(tn.numTensors(), before + 1, `call ${i} left ${tn.numTensors() - before - 1} intermediates alive`);
    out.dispose();
  }
});

test('a training step: gradients flow to parameters through crossEntropy plus an L2 penalty', () => {
  tn.manualSeed(3);
  const model = new tn.nn.Linear(4, 3);
  const x = tn.randn([8, 4]);
  const y = int32([0, 1, 2, 0, 1, 2, 0, 1]);
  const lossAt = () => tn.add(tn.crossEntropy(model.forward(x), y), tn.mul(tn.l2Penalty(model.parameters()), 1e-3));
  const first = lossAt();
  first.backward();
  tn.noGrad(() => {
    for (const p of model.parameters()) p.assign(tn.sub(p, tn.mul(p.grad!, 0.5)));
  });
  assert.ok(lossAt().item() < first.item());
});

// ---------------------------------------------------------------------------
// Modules
// ---------------------------------------------------------------------------

test('loss modules equal their functional losses', () => {
  const x = tn.randn([4, 3]);
  const t = tn.randn([4, 3]);
  const p = tn.sigmoid(t);
  const y = int32([0, 2, -100, 1]);
  const w = tn.tensor([1, 2, 3]);
  const same = (a: Tensor, b: Tensor) => assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
  same(new tn.nn.MSELoss().forward(x, t), tn.mseLoss(x, t));
  same(new tn.nn.L1Loss({ reduction: 'sum' }).forward(x, t), tn.l1Loss(x, t, { reduction: 'sum' }));
  same(new tn.nn.SmoothL1Loss({ beta: 0.5 }).forward(x, t), tn.smoothL1Loss(x, t, { beta: 0.5 }));
  same(new tn.nn.HuberLoss({ delta: 0.5, reduction: 'none' }).forward(x, t), tn.huberLoss(x, t, { delta: 0.5, reduction: 'none' }));
  same(new tn.nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 }).forward(x, y), tn.crossEntropy(x, y, { weight: w, labelSmoothing: 0.1 }));
  same(new tn.nn.CrossEntropyLoss({ ignoreIndex: 2 }).forward(x, int32([0, 2, 1, 1])), tn.crossEntropy(x, int32([0, 2, 1, 1]), { ignoreIndex: 2 }));
  same(new tn.nn.NLLLoss({ weight: w }).forward(tn.logSoftmax(x, 1), y), tn.nllLoss(tn.logSoftmax(x, 1), y, { weight: w }));
  same(new tn.nn.BCELoss({ weight: w }).forward(p, p), tn.binaryCrossEntropy(p, p, { weight: w }));
  same(new tn.nn.BCEWithLogitsLoss({ posWeight: w }).forward(x, p), tn.binaryCrossEntropyWithLogits(x, p, { posWeight: w }));
  same(new tn.nn.KLDivLoss({ reduction: 'batchmean', logTarget: true }).forward(x, t), tn.klDiv(x, t, { reduction: 'batchmean', logTarget: true }));
  same(new tn.nn.CosineEmbeddingLoss({ margin: 0.1 }).forward(x, t, int32([1, -1, 1, -1])), tn.cosineEmbeddingLoss(x, t, int32([1, -1, 1, -1]), { margin: 0.1 }));
  // the functional losses are also in tn.nn
  assert.equal(tn.nn.crossEntropy, tn.crossEntropy);
});

test('loss modules: weights are buffers, options are validated at construction, PyTorch-style printing', () => {
  const ce = new tn.nn.CrossEntropyLoss({ weight: tn.ones([3]) });
  assert.deepEqual(Object.keys(ce.stateDict()), ['weight']);
  assert.deepEqual(Object.keys(new tn.nn.CrossEntropyLoss().stateDict()), []);
  assert.deepEqual(Object.keys(new tn.nn.BCEWithLogitsLoss({ weight: tn.ones([3]), posWeight: tn.ones([3]) }).stateDict()), ['weight', 'posWeight']);
  assert.equal(ce.numParameters(), 0);
  assert.equal(String(ce), 'CrossEntropyLoss()');
  assert.throws(() => new tn.nn.CrossEntropyLoss({ labelSmoothing: -0.1 }), msg('CrossEntropyLoss: labelSmoothing must be in [0, 1], found -0.1'));
  assert.throws(() => new tn.nn.MSELoss({ reduction: 'avg' as 'mean' }), msg("MSELoss: reduction must be 'mean', 'sum' or 'none', found 'avg'"));
  assert.throws(() => new tn.nn.KLDivLoss({ reduction: 'avg' as 'mean' }), msg("KLDivLoss: reduction must be 'mean', 'batchmean', 'sum' or 'none', found 'avg'"));
  assert.throws(() => new tn.nn.HuberLoss({ delta: -1 }), msg('HuberLoss: delta must be positive, found -1'));
  assert.throws(() => new tn.nn.SmoothL1Loss({ beta: -1 }), msg('SmoothL1Loss: beta must not be negative, found -1'));
  assert.throws(() => new tn.nn.NLLLoss({ ignoreIndex: 1.5 }), msg('NLLLoss: ignoreIndex must be an integer, found 1.5'));
});
