/** Multi-task architectures that mix per-task paths: CrossStitch (and its unit) and MMoE. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { assertClose, assertPartition, setParameter, values } from './helpers/mtl.js';

const { nn, mtl } = tn;

const mlpTower = () => new nn.Sequential(new nn.Linear(4, 6), new nn.ReLU(), new nn.Linear(6, 6), new nn.ReLU(), new nn.Linear(6, 2));

test('CrossStitchUnit: α starts at 0.9 on the diagonal, the rest of each row sharing 0.1; it mixes x̃ᵢ = Σⱼ αᵢⱼ·xⱼ', () => {
  assertClose(new mtl.CrossStitchUnit(2).alpha, [0.9, 0.1, 0.1, 0.9], 'α, 2 tasks');
  assertClose(new mtl.CrossStitchUnit(3).alpha, [0.9, 0.05, 0.05, 0.05, 0.9, 0.05, 0.05, 0.05, 0.9], 'α, 3 tasks');
  assertClose(new mtl.CrossStitchUnit(2, { selfWeight: 1 }).alpha, [1, 0, 0, 1], 'α, selfWeight 1');
  const unit = new mtl.CrossStitchUnit(2);
  setParameter(unit.alpha, [[0.5, 2], [-1, 3]]);
  const a = tn.tensor([[1, 2], [3, 4]]);
  const b = tn.tensor([[10, 20], [30, 40]]);
  const [ma, mb] = unit.forward([a, b]);
  assertClose(ma as tn.Tensor, [20.5, 41, 61.5, 82], 'x̃_a = 0.5·a + 2·b');
  assertClose(mb as tn.Tensor, [29, 58, 87, 116], 'x̃_b = −a + 3·b');
  assert.deepEqual(ma?.shape, [2, 2]);
  tn.sum(tn.add(ma as tn.Tensor, mb as tn.Tensor)).backward();
  assertClose(unit.alpha.grad as tn.Tensor, [10, 100, 10, 100], 'dΣ/dα = Σ xⱼ per column');
  assert.throws(() => unit.forward([a]), /CrossStitchUnit: expected 2 activations \(one per task\), found 1/);
  assert.throws(() => new mtl.CrossStitchUnit(1), /CrossStitchUnit: numTasks must be an integer ≥ 2, found 1/);
  assert.throws(() => new mtl.CrossStitchUnit(2, { selfWeight: 1.5 }), /CrossStitchUnit: selfWeight must be a number in \[0, 1\], found 1.5/);
});

test('CrossStitch: default stitch points sit before each layer with parameters but the first; keys; partition', () => {
  tn.manualSeed(0);
  const model = new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() } });
  assert.deepEqual(model.stitchAfter, [1, 3]);
  assert.equal(model.stitches.length, 2);
  const keys = Object.keys(model.stateDict());
  assert.deepEqual(keys.slice(0, 2), ['towers.a.0.weight', 'towers.a.0.bias']);
  assert.deepEqual(keys.slice(-2), ['stitches.0.alpha', 'stitches.1.alpha']);
  assertPartition(model);
  assert.deepEqual(model.sharedParameters(), model.stitches.parameters());
  assert.deepEqual(model.taskParameters('a'), model.tower('a').parameters());
  const out = model.forward(tn.randn([5, 4]));
  assert.deepEqual(Object.keys(out), ['a', 'b']);
  assert.deepEqual(out.b?.shape, [5, 2]);
  assert.deepEqual(new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() }, stitchAfter: [3, 0] }).stitchAfter, [0, 3]);
});

test('CrossStitch at α = identity equals independent towers; otherwise it mixes by hand', () => {
  tn.manualSeed(1);
  const model = new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower(), c: mlpTower() } });
  const x = tn.randn([4, 4]);
  for (const unit of model.stitches) setParameter((unit as tn.mtl.CrossStitchUnit).alpha, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  const out = model.forward(x);
  for (const t of model.tasks) assertClose(out[t] as tn.Tensor, model.tower(t).forward(x), `task ${t} at α = I`);
  // one stitch after layer 0 of Sequential(Linear, Linear): y_a = L1a(0.9·L0a(x) + 0.1·L0b(x))
  const two = () => new nn.Sequential(new nn.Linear(4, 3), new nn.Linear(3, 2));
  const small = new mtl.CrossStitch({ towers: { a: two(), b: two() } });
  assert.deepEqual(small.stitchAfter, [0]);
  const layer = (t: string, i: number) => small.tower(t).at(i) as tn.nn.Linear;
  const h = (t: string) => layer(t, 0).forward(x);
  const expectedA = layer('a', 1).forward(tn.add(tn.mul(h('a'), 0.9), tn.mul(h('b'), 0.1)));
  assertClose(small.forward(x).a as tn.Tensor, expectedA, 'y_a with α = [[0.9, 0.1], [0.1, 0.9]]');
});

test('CrossStitch: gradients reach α and every tower; a state-dict round trip gives the same outputs', () => {
  tn.manualSeed(2);
  const model = new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() } });
  const x = tn.randn([3, 4]);
  tn.sum(model.forward(x).a as tn.Tensor).backward();
  assert.ok(model.sharedParameters().every((p) => p.grad !== null));
  assert.ok(model.tower('b').at(0).parameters().every((p) => p.grad !== null), 'task a reaches tower b through α');
  const copy = new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() } });
  copy.loadStateDict(model.stateDict());
  for (const t of model.tasks) assert.deepEqual(values(copy.forward(x)[t] as tn.Tensor), values(model.forward(x)[t] as tn.Tensor));
});

test('CrossStitch: errors say what was expected and what was found', () => {
  const model = new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() } });
  assert.throws(() => model.forward({ a: tn.zeros([1, 4]) }),
    /CrossStitch\.forward: expected one Tensor shared by every task, found Object; per-task input is not supported/);
  assert.throws(() => new mtl.CrossStitch({ towers: { a: mlpTower() } }), /CrossStitch: expected at least two towers \(one per task\), found 1/);
  assert.throws(() => new mtl.CrossStitch({ towers: { a: mlpTower(), b: new nn.Linear(4, 2) as unknown as tn.nn.Sequential } }),
    /CrossStitch: towers\['b'\] must be a Sequential, found Linear/);
  const other = new nn.Sequential(new nn.Linear(4, 6), new nn.Tanh(), new nn.Linear(6, 6), new nn.ReLU(), new nn.Linear(6, 2));
  assert.throws(() => new mtl.CrossStitch({ towers: { a: mlpTower(), b: other } }),
    /CrossStitch: tower 'b' does not match tower 'a': layers \[Linear, Tanh, Linear, ReLU, Linear\], expected \[Linear, ReLU, Linear, ReLU, Linear\]/);
  const wider = new nn.Sequential(new nn.Linear(4, 7), new nn.ReLU(), new nn.Linear(7, 6), new nn.ReLU(), new nn.Linear(6, 2));
  assert.throws(() => new mtl.CrossStitch({ towers: { a: mlpTower(), b: wider } }),
    /CrossStitch: tower 'b' does not match tower 'a': parameter '0\.weight' is \[6,4\] in 'a', \[7,4\] in 'b'/);
  assert.throws(() => new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() }, stitchAfter: [1, 4] }),
    /CrossStitch: stitchAfter must hold distinct layer indices in \[0, 4\) .*found \[1, 4\]/);
  assert.throws(() => new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() }, stitchAfter: [1, 1] }), /found \[1, 1\]/);
  const single = () => new nn.Sequential(new nn.Linear(4, 2), new nn.ReLU());
  assert.throws(() => new mtl.CrossStitch({ towers: { a: single(), b: single() } }),
    /CrossStitch: no default stitch point: the towers have 1 layer\(s\) with parameters, expected at least two; pass stitchAfter/);
});

/** MMoE with two experts Linear(2, 1), gates and heads set by hand. */
function tinyMMoE(): tn.mtl.MMoE {
  const model = new mtl.MMoE({
    experts: [new nn.Linear(2, 1), new nn.Linear(2, 1)],
    inputSize: 2,
    heads: { a: new nn.Linear(1, 1), b: new nn.Linear(1, 1) },
  });
  const linear = (m: tn.nn.Module, w: number[][], b: number[]) => {
    setParameter((m as tn.nn.Linear).weight, w);
    setParameter((m as tn.nn.Linear).bias as tn.Tensor, b);
  };
  linear(model.experts.at(0), [[1, 2]], [0]);         // e0 = x0 + 2·x1
  linear(model.experts.at(1), [[-1, 1]], [1]);        // e1 = −x0 + x1 + 1
  linear(model.gates.get('a'), [[1, 0], [0, 1]], [0, 0]);   // logits (x0, x1)
  linear(model.gates.get('b'), [[0, 0], [0, 0]], [0, 2]);   // logits (0, 2) for every x
  linear(model.head('a'), [[1]], [0]);
  linear(model.head('b'), [[2]], [1]);
  return model;
}

test('MMoE: gates sum to 1 and the output is the hand-computed mixture Σₑ gₑ·expertₑ(x) through the head', () => {
  const model = tinyMMoE();
  const xs = [[1, 2], [0, -1], [3, 0.5]];
  const x = tn.tensor(xs);
  const gates = model.gateWeights(x);
  for (const t of model.tasks) {
    assert.deepEqual(gates[t]?.shape, [3, 2]);
    assertClose(tn.sum(gates[t] as tn.Tensor, 1), [1, 1, 1], `rows of g_${t}`);
  }
  const softmax2 = (u: number, v: number) => [Math.exp(u) / (Math.exp(u) + Math.exp(v)), Math.exp(v) / (Math.exp(u) + Math.exp(v))];
  const out = model.forward(x);
  const expectedA = xs.map(([x0 = 0, x1 = 0]) => {
    const [g0 = 0, g1 = 0] = softmax2(x0, x1);
    return g0 * (x0 + 2 * x1) + g1 * (-x0 + x1 + 1);
  });
  const expectedB = xs.map(([x0 = 0, x1 = 0]) => {
    const [g0 = 0, g1 = 0] = softmax2(0, 2);
    return 2 * (g0 * (x0 + 2 * x1) + g1 * (-x0 + x1 + 1)) + 1;
  });
  assertClose(out.a as tn.Tensor, expectedA, 'y_a');
  assertClose(out.b as tn.Tensor, expectedB, 'y_b');
  assert.deepEqual(out.a?.shape, [3, 1]);
});

test('MMoE: shared = experts, task = gate + head; factory experts, custom gates, multi-dimensional inputs; round trip', () => {
  tn.manualSeed(3);
  const model = new mtl.MMoE({
    experts: { count: 3, create: () => new nn.Sequential(new nn.Flatten(), new nn.Linear(6, 4), new nn.ReLU()) },
    inputSize: 6,
    heads: { a: new nn.Linear(4, 2), b: new nn.Linear(4, 1) },
    gateFor: (_task, n, e) => new nn.Sequential(new nn.Linear(n, 5), new nn.Tanh(), new nn.Linear(5, e)),
  });
  assertPartition(model);
  assert.deepEqual(model.sharedParameters(), model.experts.parameters());
  assert.deepEqual(model.taskParameters('b'), [...model.gates.get('b').parameters(), ...model.head('b').parameters()]);
  assert.deepEqual(Object.keys(model.stateDict()).filter((k) => !k.startsWith('experts')),
    ['gates.a.0.weight', 'gates.a.0.bias', 'gates.a.2.weight', 'gates.a.2.bias', 'gates.b.0.weight', 'gates.b.0.bias',
      'gates.b.2.weight', 'gates.b.2.bias', 'heads.a.weight', 'heads.a.bias', 'heads.b.weight', 'heads.b.bias']);
  assert.equal(Object.keys(model.stateDict())[0], 'experts.0.1.weight');
  const x = tn.randn([5, 2, 3]);
  const out = model.forward(x);
  assert.deepEqual(out.a?.shape, [5, 2]);
  assert.deepEqual(model.gateWeights(x).b?.shape, [5, 3]);
  const copy = new mtl.MMoE({
    experts: { count: 3, create: () => new nn.Sequential(new nn.Flatten(), new nn.Linear(6, 4), new nn.ReLU()) },
    inputSize: 6,
    heads: { a: new nn.Linear(4, 2), b: new nn.Linear(4, 1) },
    gateFor: (_task, n, e) => new nn.Sequential(new nn.Linear(n, 5), new nn.Tanh(), new nn.Linear(5, e)),
  });
  copy.loadStateDict(model.stateDict());
  assert.deepEqual(values(copy.forward(x).a as tn.Tensor), values(out.a as tn.Tensor));
});

test('MMoE per-task input: each task\'s batch goes through every expert and its own gate and head', () => {
  const model = tinyMMoE();
  const xa = tn.tensor([[1, 2], [0, -1]]);
  const xb = tn.tensor([[3, 0.5]]);
  const out = model.forward({ b: xb, a: xa });
  assert.deepEqual(Object.keys(out), ['a', 'b']);
  assert.deepEqual(values(out.a as tn.Tensor), values(model.forward(xa).a as tn.Tensor));
  assert.deepEqual(values(out.b as tn.Tensor), values(model.forward(xb).b as tn.Tensor));
  assert.deepEqual(Object.keys(model.forward({ a: xa })), ['a']);
});

test('MMoE: errors say what was expected and what was found', () => {
  const heads = { a: new nn.Linear(3, 1) };
  assert.throws(() => new mtl.MMoE({ experts: [], inputSize: 2, heads }), /MMoE: expected at least one expert, found none/);
  assert.throws(() => new mtl.MMoE({ experts: { count: 0, create: () => new nn.Linear(2, 3) }, inputSize: 2, heads }),
    /MMoE: experts\.count must be a positive integer, found 0/);
  assert.throws(() => new mtl.MMoE({ experts: [new nn.Linear(2, 3)], inputSize: 2.5, heads }), /MMoE: inputSize must be a positive integer, found 2.5/);
  assert.throws(() => new mtl.MMoE({ experts: [new nn.Linear(2, 3), 'x' as unknown as tn.nn.Module], inputSize: 2, heads }),
    /MMoE: experts\[1\] must be a Module, found string/);
  const model = new mtl.MMoE({ experts: [new nn.Linear(2, 3), new nn.Linear(2, 4)], inputSize: 2, heads });
  assert.throws(() => model.forward(tn.zeros([5, 3])), /MMoE gate 'a': expected an input \[N, …\] of inputSize=2 features per sample, found \[5,3\]/);
  assert.throws(() => model.forward(tn.zeros([5, 2])), /MMoE: experts must give outputs \[N, …\] of one shape: expert 0 gives \[5,3\], expert 1 gives \[5,4\]/);
  const badGate = new mtl.MMoE({ experts: [new nn.Linear(2, 3)], inputSize: 2, heads, gateFor: (_t, n) => new nn.Linear(n, 2) });
  assert.throws(() => badGate.forward(tn.zeros([5, 2])), /MMoE gate 'a': expected \[5,1\] logits \(one per expert\), found \[5,2\]/);
});

test('CrossStitch and MMoE leave no tensors behind', () => {
  tn.manualSeed(4);
  const stitch = new mtl.CrossStitch({ towers: { a: mlpTower(), b: mlpTower() } });
  const moe = tinyMMoE();
  const x = tn.randn([3, 4]);
  const x2 = tn.randn([3, 2]);
  const before = tn.numTensors();
  tn.tidy(() => {
    const s = stitch.forward(x);
    const m = moe.forward({ a: x2, b: x2 });
    tn.add(tn.sum(tn.add(s.a as tn.Tensor, s.b as tn.Tensor)), tn.sum(tn.add(m.a as tn.Tensor, m.b as tn.Tensor))).backward();
  });
  stitch.zeroGrad();
  moe.zeroGrad();
  tn.tidy(() => { tn.noGrad(() => [stitch.forward(x), moe.forward(x2), moe.gateWeights(x2)]); });
  assert.equal(tn.numTensors(), before);
});
