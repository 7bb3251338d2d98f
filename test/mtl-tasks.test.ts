/** Task losses with partial-label masks (against hand-computed values), taskLoss, validateTasks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { assertClose, values } from './helpers/mtl.js';

const { mtl } = tn;

const int32 = (v: number[]) => tn.tensor(v, { dtype: 'int32' });
const logSoftmax = (row: number[]) => {
  const m = Math.max(...row);
  const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
  return row.map((v) => v - lse);
};
const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

test('maskedCrossEntropy averages −log p[y] over labelled samples only, ignoring their placeholder targets', () => {
  const rows = [[1, 2, 0.5], [0, 0, 0], [3, -1, 2], [0.2, 0.1, -0.3]];
  const logits = tn.tensor(rows, { requiresGrad: true });
  const loss = mtl.maskedCrossEntropy(logits, int32([2, -1, 0, 1]), tn.tensor([1, 0, 1, 1]));
  const nll = (i: number, y: number) => -(logSoftmax(rows[i] as number[])[y] as number);
  assertClose([loss.item()], [(nll(0, 2) + nll(2, 0) + nll(3, 1)) / 3], 'loss');
  loss.backward();
  assert.deepEqual(values(logits.grad as tn.Tensor).slice(3, 6), [0, 0, 0], 'no gradient for the unlabelled sample');
  // dL/dxᵢ = (softmax(xᵢ) − onehot(yᵢ)) / 3 for labelled i
  const p = logSoftmax(rows[0] as number[]).map(Math.exp);
  assertClose(values(logits.grad as tn.Tensor).slice(0, 3), [(p[0] as number) / 3, (p[1] as number) / 3, ((p[2] as number) - 1) / 3], 'dL/dx₀');
});

test('maskedMseLoss averages each sample\'s mean squared error (any trailing shape) over labelled samples', () => {
  const out = tn.tensor([[[1, 2], [3, 4]], [[0, 0], [0, 0]], [[2, 2], [2, 2]]], { requiresGrad: true });   // [3, 2, 2]
  const target = tn.tensor([[[1, 1], [1, 1]], [[Number.NaN, 0], [0, 0]], [[0, 0], [0, 4]]]);            // NaN: missing
  const loss = mtl.maskedMseLoss(out, target, tn.tensor([true, false, true]));
  const s0 = (0 + 1 + 4 + 9) / 4;
  const s2 = (4 + 4 + 4 + 4) / 4;
  assertClose([loss.item()], [(s0 + s2) / 2], 'loss');
  loss.backward();
  // dL/dx = 2(x − y) / (4 elements · 2 labelled samples), 0 for the unlabelled one (no NaN)
  assertClose(out.grad as tn.Tensor, [0, 0.25, 0.5, 0.75, 0, 0, 0, 0, 0.5, 0.5, 0.5, -0.5], 'dL/dx');
});

test('maskedBinaryCrossEntropyWithLogits averages each sample\'s mean BCE over labelled samples', () => {
  const xs = [[2, -1], [0.5, 0.5], [-3, 4]];
  const ys = [[1, 0], [1, 1], [0, 0]];
  const loss = mtl.maskedBinaryCrossEntropyWithLogits(tn.tensor(xs), tn.tensor(ys), tn.tensor([1, 0, 1], { dtype: 'int32' }));
  const bce = (x: number, y: number) => y * softplus(-x) + (1 - y) * softplus(x);
  const sample = (i: number) => ((xs[i] as number[]).reduce((s, x, c) => s + bce(x, (ys[i] as number[])[c] as number), 0)) / 2;
  assertClose([loss.item()], [(sample(0) + sample(2)) / 2], 'loss');
});

test('a mask of ones (or none) gives the unmasked loss; a mask of zeros a differentiable 0 with zero gradient', () => {
  tn.manualSeed(0);
  const logits = tn.randn([5, 4]);
  const labels = int32([0, 3, 1, 2, 2]);
  const reg = tn.randn([5, 3]);
  const regTarget = tn.randn([5, 3]);
  const multi = tn.cast(tn.rand([5, 3]).gt(0.5), 'float32');
  const cases: [string, (m?: tn.Tensor) => tn.Tensor, () => tn.Tensor][] = [
    ['maskedCrossEntropy', (m) => mtl.maskedCrossEntropy(logits, labels, m), () => tn.crossEntropy(logits, labels)],
    ['maskedMseLoss', (m) => mtl.maskedMseLoss(reg, regTarget, m), () => tn.mseLoss(reg, regTarget)],
    ['maskedBinaryCrossEntropyWithLogits', (m) => mtl.maskedBinaryCrossEntropyWithLogits(reg, multi, m),
      () => tn.binaryCrossEntropyWithLogits(reg, multi)],
  ];
  for (const [name, loss, plain] of cases) {
    assertClose([loss(tn.ones([5])).item()], [plain().item()], `${name} with a mask of ones`);
    assert.equal(loss().item(), plain().item(), `${name} without a mask`);
  }
  for (const [name, make] of [
    ['maskedCrossEntropy', (x: tn.Tensor, m: tn.Tensor) => mtl.maskedCrossEntropy(x, int32([-1, 99, -100, 7, 0]), m)],
    ['maskedMseLoss', (x: tn.Tensor, m: tn.Tensor) => mtl.maskedMseLoss(x, tn.full([5, 4], Number.NaN), m)],
    ['maskedBinaryCrossEntropyWithLogits', (x: tn.Tensor, m: tn.Tensor) => mtl.maskedBinaryCrossEntropyWithLogits(x, tn.full([5, 4], Number.NaN), m)],
  ] as const) {
    const x = tn.randn([5, 4], { requiresGrad: true });
    const loss = make(x, tn.zeros([5]));
    assert.deepEqual(loss.shape, []);
    assert.equal(loss.item(), 0, `${name} with no labelled sample`);
    assert.ok(loss.requiresGrad, `${name} stays differentiable`);
    loss.backward();
    assert.ok(values(x.grad as tn.Tensor).every((g) => g === 0), `${name}: zero gradient, no NaN`);
  }
});

test('masked losses: errors say what was expected and what was found', () => {
  const out = tn.zeros([4, 3]);
  assert.throws(() => mtl.maskedMseLoss(out, tn.zeros([4, 3]), tn.ones([4, 1])),
    /maskedMseLoss: mask must have shape \[4\] \(one value per sample of the output \[4,3\]\), found \[4,1\]/);
  assert.throws(() => mtl.maskedMseLoss(out, tn.zeros([4, 1]), tn.ones([4])),
    /maskedMseLoss: target shape \[4,1\] differs from output shape \[4,3\]; they must be the same/);
  assert.throws(() => mtl.maskedCrossEntropy(out, int32([0, 1]), tn.ones([4])),
    /maskedCrossEntropy: expected a target \[4, …\] \(one row per sample of the batch\), found \[2\]/);
  assert.throws(() => mtl.maskedCrossEntropy(out, int32([0, 1, 5, 0]), tn.ones([4])), /crossEntropy: target 5 is out of range for 3 classes/);
  assert.throws(() => mtl.maskedBinaryCrossEntropyWithLogits(tn.zeros([]), tn.zeros([]), tn.ones([1])),
    /maskedBinaryCrossEntropyWithLogits: expected a batched output \[N, …\], found a scalar \[\]/);
});

test('taskLoss: the spec\'s own loss, else the masked default of its kind', () => {
  const own: tn.mtl.TaskLoss = (o, t) => tn.l1Loss(o, t);
  assert.equal(mtl.taskLoss({ name: 'a', kind: 'regression', loss: own }), own);
  assert.equal(mtl.taskLoss({ name: 'a', kind: 'classification' }), mtl.maskedCrossEntropy);
  assert.equal(mtl.taskLoss({ name: 'a', kind: 'regression' }), mtl.maskedMseLoss);
  assert.equal(mtl.taskLoss({ name: 'a', kind: 'multilabel' }), mtl.maskedBinaryCrossEntropyWithLogits);
  assert.deepEqual(mtl.TASK_KINDS, ['classification', 'regression', 'multilabel']);
  assert.throws(() => mtl.defaultTaskLoss('ranking' as tn.mtl.TaskKind),
    /defaultTaskLoss: kind must be 'classification', 'regression' or 'multilabel', found 'ranking'/);
});

test('validateTasks returns the specs in the model\'s task order, or says what is wrong', () => {
  const model = { tasks: ['left', 'right'] };
  const left: tn.mtl.TaskSpec = { name: 'left', kind: 'classification' };
  const right: tn.mtl.TaskSpec = { name: 'right', kind: 'regression', weight: 0, higherIsBetter: false };
  assert.deepEqual(mtl.validateTasks([right, left], model), [left, right]);
  const bad = (specs: unknown, pattern: RegExp) => assert.throws(() => mtl.validateTasks(specs as tn.mtl.TaskSpec[], model), pattern);
  bad([], /validateTasks: expected a non-empty array of task specs, found an empty array/);
  bad([left, { ...right, name: 'left' }], /validateTasks: duplicate task name 'left' \(specs 0 and 1\); names must be unique/);
  bad([left], /validateTasks: the specs must name exactly the model's tasks \[left, right\]; missing: right$/);
  bad([left, { ...right, name: 'rigth' }], /missing: right; unknown: rigth/);
  bad([left, { ...right, kind: 'ranking' }], /validateTasks: task 'right': kind must be 'classification', 'regression' or 'multilabel', found 'ranking'/);
  for (const weight of [-1, Number.NaN, Infinity]) {
    bad([left, { ...right, weight }], new RegExp(`validateTasks: task 'right': weight must be a finite number ≥ 0, found ${String(weight)}`));
  }
  bad([left, { ...right, loss: 'mse' }], /validateTasks: task 'right': loss must be a function \(output, target, mask\?\) → scalar, found string/);
  bad([left, { ...right, name: '' }], /validateTasks: spec 1: name must be a non-empty string, found ''/);
  bad([left, { ...right, higherIsBetter: 'no' }], /task 'right': higherIsBetter must be a boolean, found 'no'/);
  const hard = new mtl.HardSharing({ trunk: new tn.nn.Linear(2, 2), heads: { left: new tn.nn.Linear(2, 3), right: new tn.nn.Linear(2, 1) } });
  assert.deepEqual(mtl.validateTasks([left, right], hard).map((s) => s.name), ['left', 'right']);
});

test('masked losses leave no tensors behind', () => {
  tn.manualSeed(1);
  const out = tn.randn([6, 3], { requiresGrad: true });
  const labels = int32([0, 1, 2, 0, 1, 2]);
  const target = tn.randn([6, 3]);
  const mask = tn.tensor([1, 0, 1, 1, 0, 0]);
  const before = tn.numTensors();
  tn.noGrad(() => {
    tn.dispose([mtl.maskedCrossEntropy(out, labels, mask), mtl.maskedMseLoss(out, target, mask), mtl.maskedBinaryCrossEntropyWithLogits(out, target, mask)]);
  });
  assert.equal(tn.numTensors(), before, 'without recording, a masked loss frees its intermediates');
  tn.tidy(() => { tn.add(mtl.maskedCrossEntropy(out, labels, mask), mtl.maskedMseLoss(out, target, mask)).backward(); });
  out.grad?.dispose();
  out.grad = null;
  assert.equal(tn.numTensors(), before);
});
