/** nn.Module: registration, naming, modes, state dicts, printing; Linear and init against PyTorch's rules. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn } = tn;

class TwoHeads extends nn.Module {
  trunk = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU());
  heads = new nn.ModuleDict({ a: new nn.Linear(8, 2), b: new nn.Linear(8, 1, { bias: false }) });
  scale = new nn.Parameter(tn.ones([1]));
  constructor() {
    super();
    this.registerBuffer('steps', tn.zeros([], { dtype: 'int32' }));
  }
  forward(x: tn.Tensor): tn.Tensor {
    const h = (this.trunk.forward(x));
    return (this.heads.get('a') as tn.nn.Linear).forward(h).mul(this.scale);
  }
}

test('parameters, buffers and sub-modules register themselves with dotted names', () => {
  const m = new TwoHeads();
  assert.deepEqual(m.namedParameters().map(([k]) => k), ['scale', 'trunk.0.weight', 'trunk.0.bias', 'heads.a.weight', 'heads.a.bias', 'heads.b.weight']);
  assert.deepEqual(Object.keys(m.stateDict()), ['scale', 'steps', 'trunk.0.weight', 'trunk.0.bias', 'heads.a.weight', 'heads.a.bias', 'heads.b.weight']);
  assert.deepEqual(m.namedBuffers().map(([k]) => k), ['steps']);
  assert.equal(m.numParameters(), 1 + 4 * 8 + 8 + 8 * 2 + 2 + 8);
  assert.deepEqual(m.namedModules().map(([k]) => k), ['', 'trunk', 'trunk.0', 'trunk.1', 'heads', 'heads.a', 'heads.b']);
});

test('train/eval and requiresGrad_ reach every descendant; zeroGrad clears gradients', () => {
  const m = new TwoHeads();
  m.eval();
  assert.ok(m.modules().every((x) => !x.training));
  m.train();
  assert.ok(m.modules().every((x) => x.training));
  m.forward(tn.randn([3, 4])).sum().backward();
  assert.ok(m.parameters().filter((p) => p !== (m.heads.get('b') as tn.nn.Linear).weight).every((p) => p.grad !== null));
  m.zeroGrad();
  assert.ok(m.parameters().every((p) => p.grad === null));
  m.requiresGrad_(false);
  assert.ok(m.parameters().every((p) => !p.requiresGrad));
});

test('loadStateDict copies values, reports keys and lists every mismatch', () => {
  tn.manualSeed(1);
  const a = new TwoHeads();
  const b = new TwoHeads();
  const result = b.loadStateDict(a.stateDict());
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  const x = tn.randn([2, 4]);
  assert.deepEqual(b.forward(x).tolist(), a.forward(x).tolist());
  const partial = { ...a.stateDict(), extra: tn.zeros([1]) } as Record<string, tn.Tensor>;
  delete partial.scale;
  assert.deepEqual(b.loadStateDict(partial, { strict: false }), { missingKeys: ['scale'], unexpectedKeys: ['extra'] });
  const wrong = { ...a.stateDict(), 'trunk.0.weight': tn.zeros([8, 5]) };
  assert.throws(() => b.loadStateDict(wrong, { strict: false }),
    /size mismatch for trunk\.0\.weight: copying a tensor of shape \[8,5\] from the state dict, the shape in the current model is \[8,4\]/);
  assert.throws(() => b.loadStateDict(partial), (e: unknown) => e instanceof tn.TasknetError &&
    /unexpected key\(s\): extra/.test(e.message) && /missing key\(s\): scale/.test(e.message));
});

test('Linear matches PyTorch: shapes, init bounds, printed form', () => {
  tn.manualSeed(0);
  const fc = new nn.Linear(100, 30);
  assert.deepEqual(fc.weight.shape, [30, 100]);
  const w = Array.from(fc.weight.dataSync());
  const bound = 1 / Math.sqrt(100);
  assert.ok(w.every((v) => Math.abs(v) <= bound));
  const std = Math.sqrt(w.reduce((s, v) => s + v * v, 0) / w.length);
  assert.ok(Math.abs(std - bound / Math.sqrt(3)) < 0.005, `weight std ${std}`);
  assert.deepEqual(fc.forward(tn.zeros([5, 100])).shape, [5, 30]);
  assert.equal(new nn.Sequential(fc, new nn.ReLU()).toString(),
    'Sequential(\n  (0): Linear(in_features=100, out_features=30, bias=True)\n  (1): ReLU()\n)');
  assert.throws(() => fc.forward(tn.zeros([5, 99])), /linear: input \[5,99\] must end in inFeatures=100/);
});

test('initialisers follow their formulas', () => {
  tn.manualSeed(0);
  const w = new nn.Parameter(tn.zeros([256, 128]));
  const stdOf = (t: tn.Tensor) => tn.std(t).item();
  nn.init.xavierNormal_(w);
  assert.ok(Math.abs(stdOf(w) - Math.sqrt(2 / 384)) < 0.002);
  nn.init.kaimingNormal_(w, { nonlinearity: 'relu' });
  assert.ok(Math.abs(stdOf(w) - Math.sqrt(2 / 128)) < 0.003);
  nn.init.kaimingUniform_(w, { mode: 'fanOut', nonlinearity: 'relu' });
  assert.ok(Math.abs(stdOf(w) - Math.sqrt(2 / 256)) < 0.003);
  nn.init.orthogonal_(w);
  const gram = tn.matmul(tn.transpose(w, 0, 1), w); // 128×128 identity (columns orthonormal)
  assert.ok(tn.max(tn.abs(tn.sub(gram, tn.eye(128)))).item() < 1e-4);
  nn.init.constant_(w, 3);
  assert.equal(tn.mean(w).item(), 3);
  assert.equal(nn.init.calculateGain('leaky_relu', 0.2), Math.sqrt(2 / 1.04));
});

test('assign updates a parameter in place, only inside noGrad', () => {
  const p = new nn.Parameter(tn.zeros([2]));
  assert.throws(() => p.assign(tn.ones([2])), /assign: a tensor that requires grad can only be assigned inside tn.noGrad\(\)/);
  tn.noGrad(() => p.assign(tn.ones([2])));
  assert.deepEqual(p.tolist(), [1, 1]);
  assert.throws(() => tn.noGrad(() => p.assign(tn.ones([3]))), /assign: value shape \[3\] differs from the tensor's \[2\]/);
  const kept = tn.tidy(() => new nn.Parameter(tn.ones([1])));
  assert.equal(kept.isDisposed, false);
});

test('building a model leaves exactly its parameters and buffers alive', () => {
  const before = tn.numTensors();
  const model = new tn.models.SmallCNN();
  const bn = new nn.BatchNorm2d(4);
  const lstm = new nn.LSTM(3, 5);
  const expected = [model, bn, lstm].reduce((n, m) => n + m.parameters().length + m.buffers().length, 0);
  assert.equal(tn.numTensors() - before, expected);
});
