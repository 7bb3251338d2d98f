/** Multi-task architectures with a trunk or towers: HardSharing (and per-task input) and SoftSharing's penalty. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { assertClose, assertPartition, setParameter, values } from './helpers/mtl.js';

const { nn, mtl } = tn;

function hardSharing(): tn.mtl.HardSharing {
  return new mtl.HardSharing({
    trunk: new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU()),
    heads: { left: new nn.Linear(8, 3), right: new nn.Linear(8, 1) },
  });
}

test('HardSharing: tasks, output shapes, state-dict keys as PyTorch names them, printed form', () => {
  tn.manualSeed(0);
  const model = hardSharing();
  assert.deepEqual(model.tasks, ['left', 'right']);
  const out = model.forward(tn.randn([5, 4]));
  assert.deepEqual(Object.keys(out), ['left', 'right']);
  assert.deepEqual(out.left?.shape, [5, 3]);
  assert.deepEqual(out.right?.shape, [5, 1]);
  assert.deepEqual(Object.keys(model.stateDict()),
    ['trunk.0.weight', 'trunk.0.bias', 'heads.left.weight', 'heads.left.bias', 'heads.right.weight', 'heads.right.bias']);
  assert.deepEqual(model.namedModules().map(([k]) => k), ['', 'trunk', 'trunk.0', 'trunk.1', 'heads', 'heads.left', 'heads.right']);
  assert.match(model.toString(), /^HardSharing\(\n {2}\(trunk\): Sequential\(/);
  assert.match(model.toString(), /\(heads\): ModuleDict\(\n {4}\(left\): Linear\(in_features=8, out_features=3, bias=True\)/);
  assert.equal(model.head('right'), model.taskHeads.get('right'));
});

test('HardSharing: shared = trunk, task = its head, a partition of all parameters', () => {
  const model = hardSharing();
  assertPartition(model);
  assert.deepEqual(model.sharedParameters(), model.trunk.parameters());
  assert.deepEqual(model.taskParameters('left'), model.head('left').parameters());
  assert.throws(() => model.taskParameters('middle'), /HardSharing\.taskParameters: unknown task 'middle'; expected one of left, right/);
});

test('HardSharing: heads(represent(x)) equals forward(x)', () => {
  tn.manualSeed(1);
  const model = hardSharing();
  const x = tn.randn([6, 4]);
  const h = model.represent(x);
  assert.deepEqual(h.shape, [6, 8]);
  const viaHeads = model.heads(h);
  const direct = model.forward(x);
  for (const t of model.tasks) assert.deepEqual(values(viaHeads[t] as tn.Tensor), values(direct[t] as tn.Tensor));
});

test('HardSharing: a state-dict round trip gives the same outputs', () => {
  tn.manualSeed(2);
  const a = hardSharing();
  const b = hardSharing();
  const x = tn.randn([3, 4]);
  assert.notDeepEqual(values(b.forward(x).left as tn.Tensor), values(a.forward(x).left as tn.Tensor));
  assert.deepEqual(b.loadStateDict(a.stateDict()), { missingKeys: [], unexpectedKeys: [] });
  for (const t of a.tasks) assert.deepEqual(values(b.forward(x)[t] as tn.Tensor), values(a.forward(x)[t] as tn.Tensor));
});

test('HardSharing per-task input: each batch goes through the trunk to its own head; only present tasks return', () => {
  tn.manualSeed(3);
  const model = hardSharing();
  const xl = tn.randn([5, 4]);
  const xr = tn.randn([2, 4]);
  const out = model.forward({ right: xr, left: xl });
  assert.deepEqual(Object.keys(out), ['left', 'right']);
  assert.deepEqual(values(out.left as tn.Tensor), values(model.forward(xl).left as tn.Tensor));
  assert.deepEqual(values(out.right as tn.Tensor), values(model.forward(xr).right as tn.Tensor));
  assert.deepEqual(out.right?.shape, [2, 1]);
  const onlyRight = model.forward({ right: xr });
  assert.deepEqual(Object.keys(onlyRight), ['right']);
  // gradients of a per-task loss reach the trunk and that task's head only
  model.zeroGrad();
  tn.sum(onlyRight.right as tn.Tensor).backward();
  assert.ok(model.trunk.parameters().every((p) => p.grad !== null));
  assert.ok(model.head('left').parameters().every((p) => p.grad === null));
  assert.ok(model.head('right').parameters().every((p) => p.grad !== null));
});

test('HardSharing: errors say what was expected and what was found', () => {
  const trunk = new nn.Linear(4, 8);
  assert.throws(() => new mtl.HardSharing({ trunk, heads: {} }), /HardSharing: heads must name at least one task, found none/);
  assert.throws(() => new mtl.HardSharing({ trunk, heads: { a: 3 as unknown as tn.nn.Module } }),
    /HardSharing: heads\['a'\] must be a Module, found number/);
  assert.throws(() => new mtl.HardSharing({ trunk: null as unknown as tn.nn.Module, heads: { a: new nn.Linear(8, 1) } }),
    /HardSharing: trunk must be a Module, found null/);
  const model = hardSharing();
  assert.throws(() => model.forward({ middle: tn.zeros([1, 4]) }),
    /HardSharing\.forward: per-task input has unknown task\(s\) middle; expected some of left, right/);
  assert.throws(() => model.forward({}), /HardSharing\.forward: per-task input names no task; expected some of left, right/);
  assert.throws(() => model.forward({ left: [1, 2] as unknown as tn.Tensor }), /per-task input 'left' must be a Tensor, found an array/);
  assert.throws(() => model.head('up'), /HardSharing\.head: unknown task 'up'/);
});

test('MultiTaskModule: a user architecture gets task checks and the `heads.` state-dict prefix for its taskHeads', () => {
  class TwoLinear extends mtl.MultiTaskModule {
    taskHeads = new nn.ModuleDict({ a: new nn.Linear(4, 2), b: new nn.Linear(4, 1) });
    constructor() { super('TwoLinear', ['a', 'b']); }
    forward(x: tn.Tensor): tn.mtl.TaskTensors {
      return Object.fromEntries(this.tasks.map((t) => [t, this.taskModule(this.taskHeads, t, 'forward').forward(x)]));
    }
    sharedParameters(): tn.nn.Parameter[] { return []; }
    taskParameters(task: string): tn.nn.Parameter[] { return this.taskModule(this.taskHeads, task, 'taskParameters').parameters(); }
  }
  const model = new TwoLinear();
  assert.deepEqual(Object.keys(model.stateDict()), ['heads.a.weight', 'heads.a.bias', 'heads.b.weight', 'heads.b.bias']);
  assert.deepEqual(model.forward(tn.zeros([3, 4])).b?.shape, [3, 1]);
  assertPartition(model);
  assert.throws(() => model.taskParameters('c'), /TwoLinear\.taskParameters: unknown task 'c'; expected one of a, b/);
});

/** Three towers Linear(2, 1) with hand-set parameters. */
function tinySoftSharing(lambda: number): tn.mtl.SoftSharing {
  const model = new mtl.SoftSharing({ towers: { a: new nn.Linear(2, 1), b: new nn.Linear(2, 1), c: new nn.Linear(2, 1) }, lambda });
  const set = (t: string, w: number[], b: number) => {
    const tower = model.tower(t) as tn.nn.Linear;
    setParameter(tower.weight, [w]);
    setParameter(tower.bias as tn.Tensor, [b]);
  };
  set('a', [1, 2], 0.5);
  set('b', [0, 2], -0.5);
  set('c', [3, -1], 0.5);
  return model;
}

test('SoftSharing: penalty λ·Σ_{i<j} Σ_p ‖θ_i − θ_j‖² by hand, and its gradient 2λ·Σ_{j≠i}(θ_i − θ_j)', () => {
  const model = tinySoftSharing(0.5);
  // a−b: w (1, 0), b 1 → 1 + 1 = 2;  a−c: w (−2, 3), b 0 → 13;  b−c: w (−3, 3), b −1 → 19
  const penalty = model.penalty();
  assert.ok(Math.abs(penalty.item() - 0.5 * (2 + 13 + 19)) < 1e-5, `penalty ${penalty.item()}`);
  assert.equal(model.regularization().item(), penalty.item());
  penalty.backward();
  const grad = (t: string) => {
    const tower = model.tower(t) as tn.nn.Linear;
    return [...values(tower.weight.grad as tn.Tensor), ...values(tower.bias?.grad as tn.Tensor)];
  };
  // θ_a = (1, 2, .5), θ_b = (0, 2, −.5), θ_c = (3, −1, .5); λ = .5 so the gradient is Σ_{j≠i}(θ_i − θ_j)
  assertClose(grad('a'), [1 - 2, 0 + 3, 1 + 0], 'dP/dθ_a');
  assertClose(grad('b'), [-1 - 3, 0 + 3, -1 - 1], 'dP/dθ_b');
  assertClose(grad('c'), [2 + 3, -3 - 3, 0 + 1], 'dP/dθ_c');
  assert.equal(tinySoftSharing(0).penalty().item(), 0);
});

test('SoftSharing: no shared parameters, one tower per task, per-task input, round trip', () => {
  tn.manualSeed(4);
  const tower = () => new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
  const model = new mtl.SoftSharing({ towers: { a: tower(), b: tower() }, lambda: 1e-2 });
  assert.deepEqual(model.sharedParameters(), []);
  assertPartition(model);
  assert.deepEqual(model.taskParameters('b'), model.tower('b').parameters());
  assert.deepEqual(Object.keys(model.stateDict()).slice(0, 4), ['towers.a.0.weight', 'towers.a.0.bias', 'towers.a.2.weight', 'towers.a.2.bias']);
  const x = tn.randn([5, 3]);
  const out = model.forward(x);
  assert.deepEqual(values(out.b as tn.Tensor), values(model.tower('b').forward(x)));
  const xb = tn.randn([2, 3]);
  const perTask = model.forward({ b: xb });
  assert.deepEqual(Object.keys(perTask), ['b']);
  assert.deepEqual(values(perTask.b as tn.Tensor), values(model.tower('b').forward(xb)));
  const copy = new mtl.SoftSharing({ towers: { a: tower(), b: tower() }, lambda: 1e-2 });
  copy.loadStateDict(model.stateDict());
  assert.equal(copy.penalty().item(), model.penalty().item());
});

test('SoftSharing: towers must match; λ must be finite and ≥ 0', () => {
  assert.throws(() => new mtl.SoftSharing({ towers: { a: new nn.Linear(4, 3), b: new nn.Linear(5, 3) }, lambda: 1 }),
    /SoftSharing: tower 'b' does not match tower 'a': parameter 'weight' is \[3,4\] in 'a', \[3,5\] in 'b'/);
  assert.throws(() => new mtl.SoftSharing({ towers: { a: new nn.Linear(4, 3), b: new nn.Linear(4, 3, { bias: false }) }, lambda: 1 }),
    /SoftSharing: tower 'b' does not match tower 'a': missing parameter\(s\) bias \(towers must share one architecture\)/);
  for (const lambda of [-1, Number.NaN, Infinity]) {
    assert.throws(() => new mtl.SoftSharing({ towers: { a: new nn.Linear(2, 1) }, lambda }),
      new RegExp(`SoftSharing: lambda must be a finite number ≥ 0, found ${String(lambda)}`));
  }
});

test('HardSharing and SoftSharing leave no tensors behind', () => {
  tn.manualSeed(5);
  const hard = hardSharing();
  const soft = tinySoftSharing(0.1);
  const x = tn.randn([4, 4]);
  const x2 = tn.randn([4, 2]);
  const before = tn.numTensors();
  tn.tidy(() => {
    const out = hard.forward({ left: x, right: x });
    tn.add(tn.add(tn.sum(out.left as tn.Tensor), tn.sum(out.right as tn.Tensor)), tn.add(soft.penalty(), tn.sum(soft.forward(x2).a as tn.Tensor))).backward();
  });
  hard.zeroGrad();
  soft.zeroGrad();
  assert.equal(tn.numTensors(), before);
  tn.noGrad(() => { soft.penalty().dispose(); });
  assert.equal(tn.numTensors(), before);
});
