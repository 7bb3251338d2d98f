/**
 * Layers against PyTorch 1.13: replays test/fixtures/golden/layers.json (written by
 * `/usr/bin/python3 tools/golden/layers.py`) — strict state-dict loading of torch's weights, outputs,
 * input and parameter gradients, BatchNorm running statistics, and printouts — plus default
 * initialisation, shape errors and a small convolutional network that trains.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { nn } = tn;
type Tensor = tn.Tensor;

interface FixtureTensor {
  shape: number[];
  dtype: 'float32' | 'int32' | 'bool';
  data: number[];
}

interface LayerCase {
  id: string;
  layer: string;
  args: unknown[];
  options: Record<string, unknown>;
  repr: string;
  state: Record<string, FixtureTensor>;
  train: boolean;
  inputs: (FixtureTensor & { name: string })[];
  output: FixtureTensor;
  cotangent: FixtureTensor;
  inputGrads: Record<string, FixtureTensor>;
  paramGrads: Record<string, FixtureTensor>;
  after?: { input2: FixtureTensor; buffers: Record<string, FixtureTensor>; evalOutput: FixtureTensor };
}

interface Fixture {
  torch: string;
  tol: { atol: number; rtol: number };
  cases: LayerCase[];
}

const fixture = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'golden', 'layers.json'), 'utf8')) as Fixture;
const { atol, rtol } = fixture.tol;

function makeTensor(t: FixtureTensor, requiresGrad = false): Tensor {
  const shape = [...t.shape];
  switch (t.dtype) {
    case 'float32': return tn.tensor(Float32Array.from(t.data), { shape, dtype: 'float32', requiresGrad });
    case 'int32': return tn.tensor(Int32Array.from(t.data), { shape, dtype: 'int32' });
    case 'bool': return tn.tensor(Uint8Array.from(t.data), { shape, dtype: 'bool' });
    default: throw new Error(`unknown fixture dtype ${String(t.dtype)}`);
  }
}

function assertClose(actual: Tensor | null, expected: FixtureTensor, what: string): void {
  assert.ok(actual !== null, `${what}: missing`);
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  const values = actual.dataSync();
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.data.length; i++) {
    const e = expected.data[i]!;
    const a = values[i]!;
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= worst)) { worst = Number.isNaN(excess) ? Infinity : excess; worstAt = i; }
  }
  assert.ok(worstAt < 0, `${what}: element ${worstAt} is ${values[worstAt]}, expected ${expected.data[worstAt]}`);
}

type AnyLayer = tn.nn.Module & { forward(...inputs: (Tensor | null)[]): Tensor };

/** The layer named by the case, built from its constructor arguments (tasknet names). */
function build(c: LayerCase): AnyLayer {
  const a = c.args as never[];
  const o = c.options as never;
  const classes: Record<string, new (...args: never[]) => tn.nn.Module> = {
    Bilinear: nn.Bilinear, Conv1d: nn.Conv1d, Conv2d: nn.Conv2d, MaxPool2d: nn.MaxPool2d, AvgPool2d: nn.AvgPool2d,
    AdaptiveAvgPool2d: nn.AdaptiveAvgPool2d, BatchNorm1d: nn.BatchNorm1d, BatchNorm2d: nn.BatchNorm2d,
    LayerNorm: nn.LayerNorm, GroupNorm: nn.GroupNorm, Embedding: nn.Embedding, EmbeddingBag: nn.EmbeddingBag,
  };
  const Cls = classes[c.layer];
  if (Cls === undefined) throw new Error(`no layer ${c.layer}`);
  return new Cls(...a, o) as AnyLayer;
}

/** The forward's positional arguments, by name. */
const FORWARD_ARGS: Record<string, string[]> = {
  Bilinear: ['input1', 'input2'],
  EmbeddingBag: ['input', 'offsets', 'perSampleWeights'],
};

for (const c of fixture.cases) {
  test(`golden ${c.layer} ${c.id}`, () => {
    const layer = build(c);
    assert.equal(layer.toString(), c.repr, 'toString() matches PyTorch');
    const state = Object.fromEntries(Object.entries(c.state).map(([k, v]) => [k, makeTensor(v)]));
    assert.deepEqual(layer.loadStateDict(state), { missingKeys: [], unexpectedKeys: [] });
    assert.deepEqual(Object.keys(layer.stateDict()), Object.keys(c.state), 'state-dict keys in PyTorch order');
    layer.train(c.train);
    const byName = new Map(c.inputs.map((t) => [t.name, makeTensor(t, t.dtype === 'float32')]));
    const args = (FORWARD_ARGS[c.layer] ?? ['input']).map((name) => byName.get(name) ?? null);
    while (args.length > 0 && args[args.length - 1] === null) args.pop();
    const out = layer.forward(...args);
    assertClose(out, c.output, `${c.id} output`);
    out.mul(makeTensor(c.cotangent)).sum().backward();
    for (const [name, g] of Object.entries(c.inputGrads)) assertClose(byName.get(name)!.grad, g, `${c.id} d/d${name}`);
    const params = new Map(layer.namedParameters());
    assert.deepEqual([...params.keys()].sort(), Object.keys(c.paramGrads).sort(), 'parameter names');
    for (const [name, g] of Object.entries(c.paramGrads)) {
      const p = params.get(name)!;
      assertClose(p.grad ?? tn.zerosLike(p), g, `${c.id} d/d${name}`);
    }
    if (c.after !== undefined) {
      const after = c.after;
      tn.noGrad(() => layer.forward(makeTensor(after.input2)));
      const buffers = new Map(layer.namedBuffers());
      assert.deepEqual([...buffers.keys()].sort(), Object.keys(after.buffers).sort(), 'buffer names');
      for (const [name, b] of Object.entries(after.buffers)) assertClose(buffers.get(name)!, b, `${c.id} ${name} after two batches`);
      layer.eval();
      assertClose(tn.noGrad(() => layer.forward(byName.get('input')!)), after.evalOutput, `${c.id} eval output`);
    }
  });
}

test('golden fixtures cover every layer', () => {
  const covered = new Set(fixture.cases.map((c) => c.layer));
  for (const name of ['Bilinear', 'Conv1d', 'Conv2d', 'MaxPool2d', 'AvgPool2d', 'AdaptiveAvgPool2d', 'BatchNorm1d', 'BatchNorm2d',
    'LayerNorm', 'GroupNorm', 'Embedding', 'EmbeddingBag']) {
    assert.ok(covered.has(name), `no golden case for ${name}`);
  }
});

// ---------------------------------------------------------------------------
// Default initialisation (PyTorch's reset_parameters)
// ---------------------------------------------------------------------------

function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const v = t.dataSync();
  let sum = 0;
  let sq = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) { sum += x; sq += x * x; min = Math.min(min, x); max = Math.max(max, x); }
  const mean = sum / v.length;
  return { min, max, mean, std: Math.sqrt(sq / v.length - mean * mean) };
}

test('Conv2d default init: weight and bias ~ U(-1/sqrt(fanIn), 1/sqrt(fanIn))', () => {
  tn.manualSeed(0);
  const conv = new nn.Conv2d(16, 64, 3);
  const bound = 1 / Math.sqrt(16 * 9);
  const w = stats(conv.weight);
  assert.ok(w.min >= -bound && w.max <= bound, `weight within ±${bound}`);
  assert.ok(w.min < -0.98 * bound && w.max > 0.98 * bound, 'weight fills its range');
  assert.ok(Math.abs(w.std - bound / Math.sqrt(3)) < 0.03 * bound, `weight std ${w.std} ≈ ${bound / Math.sqrt(3)}`);
  assert.ok(Math.abs(w.mean) < 0.03 * bound);
  const b = stats(conv.bias!);
  assert.ok(b.min >= -bound && b.max <= bound);
  // groups shrink fanIn: in/groups · k
  const grouped = new nn.Conv2d(16, 64, 3, { groups: 4 });
  const gBound = 1 / Math.sqrt(4 * 9);
  const g = stats(grouped.weight);
  assert.deepEqual([...grouped.weight.shape], [64, 4, 3, 3]);
  assert.ok(g.min >= -gBound && g.max <= gBound && g.max > 0.95 * gBound);
  const conv1 = new nn.Conv1d(8, 32, 5);
  const c1 = stats(conv1.weight);
  assert.ok(c1.max <= 1 / Math.sqrt(40) && c1.max > 0.95 / Math.sqrt(40));
});

test('default init of Bilinear, Embedding, EmbeddingBag and the normalisation layers', () => {
  tn.manualSeed(1);
  const bil = new nn.Bilinear(25, 10, 30);
  const w = stats(bil.weight);
  assert.ok(w.min >= -0.2 && w.max <= 0.2 && w.max > 0.19, 'Bilinear ~ U(±1/sqrt(in1))');
  assert.ok(stats(bil.bias!).max <= 0.2);
  const emb = new nn.Embedding(200, 50, { paddingIdx: 3 });
  const rows = emb.weight.tolist() as number[][];
  assert.deepEqual(rows[3], new Array(50).fill(0), 'padding row zeroed');
  const e = stats(emb.weight);
  assert.ok(Math.abs(e.std - 1) < 0.05 && Math.abs(e.mean) < 0.05, `N(0, 1): std ${e.std}`);
  const bag = new nn.EmbeddingBag(20, 4, { paddingIdx: -1 });
  assert.equal(bag.paddingIdx, 19);
  assert.deepEqual((bag.weight.tolist() as number[][])[19], [0, 0, 0, 0]);
  const bn = new nn.BatchNorm2d(3);
  assert.deepEqual(bn.weight!.tolist(), [1, 1, 1]);
  assert.deepEqual(bn.bias!.tolist(), [0, 0, 0]);
  assert.deepEqual(bn.runningMean!.tolist(), [0, 0, 0]);
  assert.deepEqual(bn.runningVar!.tolist(), [1, 1, 1]);
  assert.equal(bn.numBatchesTracked!.dtype, 'int32');
  assert.deepEqual(bn.numBatchesTracked!.shape, []);
  assert.deepEqual(Object.keys(bn.stateDict()), ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']);
  assert.deepEqual(bn.namedParameters().map(([k]) => k), ['weight', 'bias']);
  const ln = new nn.LayerNorm([2, 3]);
  assert.deepEqual(ln.weight!.tolist(), [[1, 1, 1], [1, 1, 1]]);
  const gn = new nn.GroupNorm(2, 4, { affine: false });
  assert.equal(gn.weight, null);
  assert.deepEqual(Object.keys(gn.stateDict()), []);
});

// ---------------------------------------------------------------------------
// BatchNorm behaviour beyond the fixtures
// ---------------------------------------------------------------------------

test('BatchNorm: torch-style state dict (int64 counter as int32) loads; buffers survive tidy; counter counts', () => {
  const bn = tn.tidy(() => new nn.BatchNorm1d(2));
  assert.ok(!bn.runningMean!.isDisposed, 'buffers are kept out of tidy');
  bn.loadStateDict({
    weight: tn.tensor([1, 2]), bias: tn.tensor([0, 1]), running_mean: tn.tensor([0.5, -0.5]),
    running_var: tn.tensor([2, 3]), num_batches_tracked: tn.tensor(7, { dtype: 'int32' }),
  });
  assert.equal(bn.numBatchesTracked!.item(), 7);
  tn.tidy(() => { bn.forward(tn.randn([4, 2])); });
  tn.tidy(() => { bn.forward(tn.randn([4, 2])); });
  assert.equal(bn.numBatchesTracked!.item(), 9);
  assert.ok(!bn.runningMean!.isDisposed && !bn.runningVar!.isDisposed);
  bn.resetRunningStats();
  assert.deepEqual(bn.runningVar!.tolist(), [1, 1]);
  assert.equal(bn.numBatchesTracked!.item(), 0);
});

test('BatchNorm: no running-stat change in eval mode; a batch of one value per channel is refused in training', () => {
  const bn = new nn.BatchNorm2d(2);
  bn.eval();
  const y = bn.forward(tn.ones([1, 2, 1, 1]));
  assert.equal(bn.numBatchesTracked!.item(), 0);
  assert.deepEqual(y.shape, [1, 2, 1, 1]);
  bn.train();
  assert.throws(() => bn.forward(tn.ones([1, 2, 1, 1])), /BatchNorm2d: expected more than 1 value per channel when training, found input \[1,2,1,1\]/);
});

test('BatchNorm: gradients flow through the batch statistics (sum of the normalised output has zero gradient)', () => {
  tn.manualSeed(3);
  const bn = new nn.BatchNorm1d(3, { affine: false });
  const x = tn.randn([5, 3]).requiresGrad_();
  bn.forward(x).sum().backward();
  for (const g of x.grad!.dataSync()) assert.ok(Math.abs(g) < 1e-5, `gradient ${g} should vanish`);
});

// ---------------------------------------------------------------------------
// Embedding.fromPretrained and EmbeddingBag specifics
// ---------------------------------------------------------------------------

test('Embedding.fromPretrained shares the table, freezes by default, and keeps the padding row values', () => {
  const table = tn.tensor([[1, 2], [3, 4], [5, 6]]);
  const frozen = nn.Embedding.fromPretrained(table);
  assert.equal(frozen.weight.requiresGrad, false);
  assert.equal(frozen.toString(), 'Embedding(3, 2)');
  assert.deepEqual(frozen.forward(tn.tensor([2, 0], { dtype: 'int32' })).tolist(), [[5, 6], [1, 2]]);
  const trainable = nn.Embedding.fromPretrained(table, { freeze: false, paddingIdx: 1 });
  assert.equal(trainable.weight.requiresGrad, true);
  assert.deepEqual((trainable.weight.tolist() as number[][])[1], [3, 4]);
  trainable.forward(tn.tensor([1, 1, 2], { dtype: 'int32' })).sum().backward();
  assert.deepEqual(trainable.weight.grad!.tolist(), [[0, 0], [0, 0], [1, 1]]);
  assert.throws(() => nn.Embedding.fromPretrained(tn.zeros([3])), /Embedding\.fromPretrained: weights must be 2-D/);
});

test('EmbeddingBag with includeLastOffset ignores entries after the last offset (no gradient either)', () => {
  const weight = tn.tensor([[1, 10], [2, 20], [3, 30]]);
  const bag = new nn.EmbeddingBag(3, 2, { mode: 'sum', includeLastOffset: true, weight });
  const psw = tn.tensor([1, 2, 5]).requiresGrad_();
  const out = bag.forward(tn.tensor([1, 2, 0], { dtype: 'int32' }), tn.tensor([0, 1, 2], { dtype: 'int32' }), psw);
  assert.deepEqual(out.tolist(), [[2, 20], [6, 60]]);
  out.sum().backward();
  // PyTorch 1.13's CPU backward returns uninitialised values for the ignored entry's weight; 0 is the derivative
  assert.deepEqual(psw.grad!.tolist(), [22, 33, 0]);
  assert.deepEqual(bag.weight.grad!.tolist(), [[0, 0], [1, 1], [2, 2]]);
});

test('EmbeddingBag argument checks', () => {
  const bag = new nn.EmbeddingBag(5, 2);
  const idx = tn.tensor([1, 2, 3], { dtype: 'int32' });
  assert.throws(() => bag.forward(idx), /EmbeddingBag: offsets \[B\] are required with a 1-D input/);
  assert.throws(() => bag.forward(tn.tensor([[1, 2]], { dtype: 'int32' }), tn.tensor([0], { dtype: 'int32' })), /offsets must be omitted when input is 2-D/);
  assert.throws(() => bag.forward(idx, tn.tensor([1, 2], { dtype: 'int32' })), /offsets\[0\] must be 0/);
  assert.throws(() => bag.forward(idx, tn.tensor([0, 2, 1], { dtype: 'int32' })), /offsets must be non-decreasing/);
  assert.throws(() => bag.forward(idx, tn.tensor([0], { dtype: 'int32' }), tn.ones([3])), /perSampleWeights is only supported for mode 'sum'/);
  const sumBag = new nn.EmbeddingBag(5, 2, { mode: 'sum' });
  assert.throws(() => sumBag.forward(idx, tn.tensor([0], { dtype: 'int32' }), tn.ones([2])), /perSampleWeights must have the input's shape \[3\]/);
  assert.throws(() => bag.forward(tn.tensor([1.5])), /EmbeddingBag: input must be an int32 tensor, found float32/);
  assert.throws(() => new nn.EmbeddingBag(5, 2, { paddingIdx: 5 }), /paddingIdx must be an integer in \[-5, 5\)/);
});

// ---------------------------------------------------------------------------
// Shape and argument errors
// ---------------------------------------------------------------------------

test('layers name what they expected and what they found', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => new nn.Conv2d(3, 8, 3).forward(tn.zeros([8, 1, 28, 28])), /^ShapeError: Conv2d: expected input \[N, 3, H, W\] or \[3, H, W\], found \[8,1,28,28\]$/],
    [() => new nn.Conv1d(4, 8, 3).forward(tn.zeros([2, 3, 10])), /Conv1d: expected input \[N, 4, L\] or \[4, L\], found \[2,3,10\]/],
    [() => new nn.Conv2d(4, 6, 3, { groups: 4 }), /Conv2d: outChannels \(6\) must be divisible by groups \(4\)/],
    [() => new nn.Conv2d(3, 6, 3, { groups: 2 }), /Conv2d: inChannels \(3\) must be divisible by groups \(2\)/],
    [() => new nn.Conv2d(3, 6, 3, { padding: 'same', stride: 2 }), /padding='same' is not supported for strided convolutions/],
    [() => new nn.Conv2d(3, 6, [3, 3, 3]), /Conv2d: kernelSize must be an integer ≥ 1 or a list of 2/],
    [() => new nn.Conv2d(3, 6, 3, { paddingMode: 'reflect' as 'zeros' }), /paddingMode 'reflect' is not supported yet/],
    [() => new nn.MaxPool2d(2).forward(tn.zeros([4, 4])), /MaxPool2d: expected input \[N, C, H, W\] or \[C, H, W\], found \[4,4\]/],
    [() => new nn.AvgPool2d(0), /AvgPool2d: kernelSize must be an integer ≥ 1/],
    [() => new nn.AdaptiveAvgPool2d([2, 0]), /AdaptiveAvgPool2d: outputSize must be a positive integer/],
    [() => new nn.BatchNorm2d(16).forward(tn.zeros([8, 3, 28, 28])), /BatchNorm2d: expected input \[N, 16, H, W\], found \[8,3,28,28\]/],
    [() => new nn.BatchNorm1d(4).forward(tn.zeros([8, 4, 2, 2])), /BatchNorm1d: expected input \[N, 4\] or \[N, 4, L\], found \[8,4,2,2\]/],
    [() => new nn.BatchNorm1d(4, { momentum: 2 }), /momentum must be in \[0, 1\] or null, found 2/],
    [() => new nn.LayerNorm([3, 4]).forward(tn.zeros([2, 4, 3])), /LayerNorm: expected input \[\*, 3, 4\], found \[2,4,3\]/],
    [() => new nn.GroupNorm(3, 4), /GroupNorm: numChannels \(4\) must be divisible by numGroups \(3\)/],
    [() => new nn.GroupNorm(2, 4).forward(tn.zeros([2, 6, 3])), /GroupNorm: expected input \[N, 4, \*\], found \[2,6,3\]/],
    [() => new nn.Bilinear(2, 3, 4).forward(tn.zeros([5, 2]), tn.zeros([4, 3])), /Bilinear: expected inputs \[\*, 2\] and \[\*, 3\] with the same leading dimensions, found \[5,2\] and \[4,3\]/],
    [() => new nn.Embedding(4, 2).forward(tn.tensor([4], { dtype: 'int32' })), /embedding: index 4 is out of range for a dimension of size 4/],
    [() => new nn.Embedding(4, 2, { paddingIdx: -5 }), /Embedding: paddingIdx must be an integer in \[-4, 4\)/],
  ];
  for (const [fn, pattern] of cases) {
    assert.throws(fn, (e: unknown) => e instanceof tn.TasknetError && pattern.test(`${e.name}: ${e.message}`), String(pattern));
  }
});

test('printouts for options the fixtures do not cover', () => {
  assert.equal(new nn.Conv2d(1, 2, 3, { padding: [0, 0], dilation: [1, 1] }).toString(), 'Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1))');
  assert.equal(new nn.BatchNorm2d(4, { eps: 1e-3, momentum: null, affine: false, trackRunningStats: false }).toString(),
    'BatchNorm2d(4, eps=0.001, momentum=None, affine=False, track_running_stats=False)');
  assert.equal(new nn.BatchNorm1d(4, { eps: 1e-10, momentum: 0.01 }).toString(),
    'BatchNorm1d(4, eps=1e-10, momentum=0.01, affine=True, track_running_stats=True)');
  assert.equal(new nn.LayerNorm(8, { eps: 1e-6 }).toString(), 'LayerNorm((8,), eps=1e-06, elementwise_affine=True)');
  assert.equal(new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2)).toString(),
    'Sequential(\n  (0): Conv2d(1, 4, kernel_size=(3, 3), stride=(1, 1))\n' +
    '  (1): BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n' +
    '  (2): ReLU()\n  (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n)');
});

test('inference under noGrad leaves no intermediate tensors behind', () => {
  const layers: [AnyLayer, Tensor][] = [
    [new nn.Conv2d(2, 3, 3, { padding: 'same' }) as AnyLayer, tn.randn([2, 2, 5, 5])],
    [new nn.BatchNorm2d(2) as AnyLayer, tn.randn([3, 2, 4, 4])],
    [new nn.LayerNorm(4) as AnyLayer, tn.randn([3, 4])],
    [new nn.GroupNorm(2, 4) as AnyLayer, tn.randn([3, 4, 2])],
  ];
  for (const [layer, x] of layers) {
    for (const mode of [true, false]) {
      layer.train(mode);
      const before = tn.numTensors();
      const y = tn.noGrad(() => layer.forward(x));
      assert.equal(tn.numTensors(), before + 1, `${layer.constructor.name} (${mode ? 'train' : 'eval'}) leaks`);
      y.dispose();
    }
  }
});

// ---------------------------------------------------------------------------
// A small network trains
// ---------------------------------------------------------------------------

test('Conv2d → BatchNorm2d → ReLU → MaxPool2d → Linear trains with manual SGD (loss decreases)', () => {
  tn.manualSeed(42);
  const net = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }), new nn.BatchNorm2d(4), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(4 * 4 * 4, 3),
  );
  const x = tn.randn([24, 1, 8, 8]);
  const labels = tn.randint(0, 3, [24], { dtype: 'int32' });
  const lossOf = (): Tensor => {
    const logp = tn.logSoftmax(net.forward(x), 1);
    return tn.neg(tn.mean(tn.gather(logp, 1, tn.unsqueeze(labels, 1))));
  };
  const losses: number[] = [];
  for (let step = 0; step < 30; step++) {
    tn.tidy(() => {
      net.zeroGrad();
      const loss = lossOf();
      losses.push(loss.item());
      loss.backward();
      tn.noGrad(() => {
        for (const p of net.parameters()) p.assign(p.sub(p.grad!.mul(0.1)));
      });
    });
  }
  const first = losses[0]!;
  const last = losses[losses.length - 1]!;
  assert.ok(last < 0.6 * first, `loss ${first.toFixed(3)} → ${last.toFixed(3)} should fall`);
  const bn = net.at(1) as tn.nn.BatchNorm2d;
  assert.equal(bn.numBatchesTracked!.item(), 30);
  net.eval();
  const evalLoss = tn.noGrad(() => lossOf().item());
  assert.ok(Number.isFinite(evalLoss));
});
