/** transfer recipes: discriminative learning rates, gradual unfreezing (ULMFiT), L2-SP. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, optim, transfer } = tn;

/** Linear(4,8) → BatchNorm1d(8) → ReLU → Linear(8,3); parameter blocks 0, 1, 3. */
function net(seed = 0): tn.nn.Sequential {
  tn.manualSeed(seed);
  return new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 3));
}

const values = (t: tn.Tensor): number[] => Array.from(t.dataSync());
const names = (model: tn.nn.Module, groups: tn.transfer.LrGroup[]): string[][] => {
  const byParam = new Map(model.namedParameters().map(([n, p]) => [p as tn.Tensor, n]));
  return groups.map((g) => g.params.map((p) => byParam.get(p) as string));
};

function batches(seed: number, n = 3): [tn.Tensor, tn.Tensor][] {
  tn.manualSeed(seed);
  return Array.from({ length: n }, () => [tn.keep(tn.randn([16, 4])), tn.keep(tn.randint(0, 3, [16]))]);
}

test('layerwiseLrGroups: block i of L gets lr·decay^(L−1−i), and the optimiser steps each group with its lr', () => {
  const model = net();
  const groups = transfer.layerwiseLrGroups(model, { lr: 0.1, decay: 0.5 });
  assert.deepEqual(groups.map((g) => g.name), ['0', '1', '3']);
  assert.deepEqual(groups.map((g) => g.lr), [0.025, 0.05, 0.1]);
  assert.deepEqual(names(model, groups), [['0.weight', '0.bias'], ['1.weight', '1.bias'], ['3.weight', '3.bias']]);
  const opt = new optim.SGD(groups, { lr: 1 });
  assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.025, 0.05, 0.1]);
  const [before0, before3] = [values(model.at(0).parameters()[0]!), values(model.at(3).parameters()[0]!)];
  const [[x, y]] = batches(1, 1) as [[tn.Tensor, tn.Tensor]];
  opt.zeroGrad();
  tn.tidy(() => tn.crossEntropy(model.forward(x), y).backward());
  const [g0, g3] = [values(model.at(0).parameters()[0]!.grad!), values(model.at(3).parameters()[0]!.grad!)];
  opt.step();
  values(model.at(0).parameters()[0]!).forEach((w, i) => assert.ok(Math.abs(w - ((before0[i] as number) - 0.025 * (g0[i] as number))) < 1e-6));
  values(model.at(3).parameters()[0]!).forEach((w, i) => assert.ok(Math.abs(w - ((before3[i] as number) - 0.1 * (g3[i] as number))) < 1e-6));
  // blocks given as globs, several names per block; a scheduler sees each group's lr as its own peak
  const custom = transfer.layerwiseLrGroups(model, { lr: 1, decay: 0.1, layers: [['0', '1'], '3'] });
  assert.deepEqual(custom.map((g) => [g.name, g.lr]), [['0 + 1', 0.1], ['3', 1]]);
  const sched = new optim.WarmupLR(new optim.Adam(custom, { lr: 1 }), { warmupSteps: 2 });
  assert.deepEqual(sched.getLastLr(), [0, 0]);
  sched.step();
  assert.deepEqual(sched.getLastLr(), [0.05, 0.5]);
});

test('layerwiseLrGroups: frozen blocks are included unless trainableOnly; overlaps and gaps are errors', () => {
  const model = net();
  transfer.freeze(model, '0');
  assert.equal(transfer.layerwiseLrGroups(model, { lr: 1, decay: 0.5 }).length, 3);
  const trainable = transfer.layerwiseLrGroups(model, { lr: 1, decay: 0.5, trainableOnly: true });
  assert.deepEqual(trainable.map((g) => [g.name, g.lr]), [['1', 0.5], ['3', 1]]);
  assert.throws(() => transfer.layerwiseLrGroups(model, { lr: 1, decay: 0.5, layers: ['0', '1'] }),
    /layerwiseLrGroups: parameters in no layer: 3\.weight, 3\.bias \(add them to a layer in options\.layers\)/);
  assert.throws(() => transfer.layerwiseLrGroups(model, { lr: 1, decay: 0.5, layers: ['**', '3'] }),
    /parameter '3\.weight' is covered by both '\*\*' and '3'/);
  assert.throws(() => transfer.layerwiseLrGroups(model, { lr: 1, decay: 0, layers: ['**'] }), /decay must be a finite number > 0, found 0/);
  assert.throws(() => transfer.layerwiseLrGroups(model, { lr: -1, decay: 1 }), /lr must be a finite number ≥ 0, found -1/);
  assert.throws(() => transfer.layerwiseLrGroups(model, { lr: 1, decay: 1, layers: ['fc'] }), /pattern 'fc' matches no parameter or module of Sequential/);
});

test('prefixLrGroups: one group per pattern, then the default; overlap and unmatched parameters are errors when strict', () => {
  const model = net();
  const groups = transfer.prefixLrGroups(model, { '3.**': 1e-2, '0.**': 1e-4 }, { default: 1e-3 });
  assert.deepEqual(groups.map((g) => [g.name, g.lr]), [['3.**', 1e-2], ['0.**', 1e-4], ['(default)', 1e-3]]);
  assert.deepEqual(names(model, groups), [['3.weight', '3.bias'], ['0.weight', '0.bias'], ['1.weight', '1.bias']]);
  assert.deepEqual(new optim.AdamW(groups, { lr: 1 }).paramGroups.map((g) => g.lr), [1e-2, 1e-4, 1e-3]);
  assert.throws(() => transfer.prefixLrGroups(model, { '3.**': 1e-2, '0.**': 1e-4 }),
    /prefixLrGroups: parameters covered by no pattern: 1\.weight, 1\.bias \(add a pattern, give options\.default, or set strict: false/);
  assert.deepEqual(names(model, transfer.prefixLrGroups(model, { '3.**': 1e-2 }, { strict: false })), [['3.weight', '3.bias']]);
  assert.throws(() => transfer.prefixLrGroups(model, [['**.weight', 1], ['3', 2]], { default: 0 }),
    /parameter '3\.weight' is covered by both '\*\*\.weight' and '3'/);
  // pairs keep their order (an object would list the integer-like key '3' first) and take several globs per group
  const pairs = transfer.prefixLrGroups(model, [[['1', '0'], 0.5], ['3', 2]]);
  assert.deepEqual(pairs.map((g) => [g.name, g.lr]), [['1 + 0', 0.5], ['3', 2]]);
  assert.deepEqual(names(model, pairs), [['0.weight', '0.bias', '1.weight', '1.bias'], ['3.weight', '3.bias']]);
  assert.throws(() => transfer.prefixLrGroups(model, { '3': Number.NaN }), /the lr of '3' must be a finite number ≥ 0, found NaN/);
  assert.throws(() => transfer.prefixLrGroups(model, {}), /expected at least one pattern → lr entry, found none/);
});

/** Which of the blocks 0, 1, 3 train, as a string like '--3'. */
function training(model: tn.nn.Sequential): string {
  return ['0', '1', '3'].map((b) => (transfer.selectByName(model, b).parameters.every(([, p]) => p.requiresGrad) ? b : '-')).join('');
}

test('GradualUnfreezing: the top block trains first, one more block joins each epoch; frozen ones do not move', async () => {
  const model = net();
  const data = batches(2);
  const seen: string[] = [];
  const moved: boolean[][] = [];
  let before: number[][] = [];
  const snap = (): number[][] => [values(model.at(0).parameters()[0]!), values((model.at(1) as tn.nn.BatchNorm1d).running_mean!)];
  const probe: tn.train.Callback = {
    onEpochBegin: () => { seen.push(training(model)); before = snap(); },
    onEpochEnd: () => { moved.push(snap().map((v, i) => v.some((x, j) => x !== before[i]![j]))); },
  };
  const unfreezing = new transfer.GradualUnfreezing();
  await tn.train.fit(model, {
    train: data, loss: tn.crossEntropy, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 4, progress: false,
    callbacks: [unfreezing, probe],
  });
  assert.deepEqual(unfreezing.blocks, ['3', '1', '0']);
  assert.deepEqual(seen, ['--3', '-13', '013', '013']);
  // [first Linear's weight moved, BatchNorm's running mean moved] per epoch: the frozen BatchNorm keeps its statistics
  assert.deepEqual(moved, [[false, false], [false, true], [true, true], [true, true]]);
  tn.dispose(data.flat());
});

test('GradualUnfreezing: a count takes the top blocks, every spaces the steps, and blocks outside are left alone', async () => {
  const model = net();
  transfer.freeze(model);
  const data = batches(3, 1);
  const seen: string[] = [];
  await tn.train.fit(model, {
    train: data, loss: tn.crossEntropy, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), epochs: 5, progress: false,
    callbacks: [new transfer.GradualUnfreezing({ blocks: 2, every: 2 }), { onEpochBegin: () => { seen.push(training(model)); } }],
  });
  assert.deepEqual(seen, ['--3', '--3', '-13', '-13', '-13']);
  // resuming at epoch 3 unfreezes what epoch 3 has
  const resumed = net();
  const again: string[] = [];
  await tn.train.fit(resumed, {
    train: data, loss: tn.crossEntropy, optimizer: new optim.SGD(resumed.parameters(), { lr: 0.1 }), epochs: 4, initialEpoch: 2, progress: false,
    callbacks: [new transfer.GradualUnfreezing(), { onEpochBegin: () => { again.push(training(resumed)); } }],
  });
  assert.deepEqual(again, ['013', '013']);
  assert.throws(() => new transfer.GradualUnfreezing({ blocks: [] }), /GradualUnfreezing: expected at least one block, found an empty list/);
  assert.throws(() => new transfer.GradualUnfreezing({ every: 0 }), /every must be an integer ≥ 1, found 0/);
  const other = net();
  const tooMany = new transfer.GradualUnfreezing({ blocks: 4 });
  await assert.rejects(tn.train.fit(other, { train: data, loss: tn.crossEntropy, optimizer: new optim.SGD(other.parameters(), { lr: 0.1 }), progress: false, callbacks: [tooMany] }),
    /blocks must be a list of name patterns or an integer in \[1, 3\] \(the top-level children of Sequential with parameters\), found 4/);
  tn.dispose(data.flat());
});

/** Linear(2,2) → Linear(2,1) with the backbone moved by +1 (weight) and +2 (bias) from its start, head w = [1, 2], b = 3. */
function l2spSetup(): { model: tn.nn.Sequential; l2sp: tn.transfer.L2SP; start: number[][] } {
  tn.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1));
  const l2sp = new transfer.L2SP(model, { alpha: 0.5, beta: 0.1 });
  const [w, b, hw, hb] = model.parameters() as [tn.nn.Parameter, tn.nn.Parameter, tn.nn.Parameter, tn.nn.Parameter];
  const start = [values(w), values(b)];
  tn.noGrad(() => {
    w.assign(tn.add(w, 1));
    b.assign(tn.add(b, 2));
    hw.assign(tn.tensor([[1, 2]]));
    hb.assign(tn.tensor([3]));
  });
  return { model, l2sp, start };
}

test('L2SP: α/2‖w − w₀‖² on the backbone plus β/2‖w‖² on the head, and its gradient', () => {
  const { model, l2sp } = l2spSetup();
  assert.deepEqual(l2sp.backbone.map(([n]) => n), ['0.weight', '0.bias']);
  assert.deepEqual(l2sp.head.map(([n]) => n), ['1.weight', '1.bias']);
  const penalty = l2sp.penalty();
  // 0.5/2 · (4·1² + 2·2²) + 0.1/2 · (1 + 4 + 9) = 3 + 0.7
  assert.ok(Math.abs(penalty.item() - 3.7) < 1e-6, `penalty ${penalty.item()}`);
  penalty.backward();
  const grads = model.parameters().map((p) => values(p.grad!));
  assert.deepEqual(grads.map((g) => g.map((v) => Math.round(v * 1e6) / 1e6)), [[0.5, 0.5, 0.5, 0.5], [1, 1], [0.1, 0.2], [0.3]]);
  // addGradient adds the same to gradients already there (here 1 everywhere); a parameter without grad is skipped
  model.zeroGrad();
  const params = model.parameters();
  tn.noGrad(() => { for (const p of params.slice(1)) p.grad = tn.keep(tn.onesLike(p)); });
  l2sp.addGradient();
  assert.equal(params[0]!.grad, null);
  assert.deepEqual(params.slice(1).map((p) => values(p.grad!).map((v) => Math.round(v * 1e6) / 1e6)), [[2, 2], [1.1, 1.2], [1.3]]);
  l2sp.dispose();
});

test('L2SP in fit (beforeStep): with a zero data loss, SGD pulls the backbone back toward w₀ and the head toward 0', async () => {
  const { model, l2sp, start } = l2spSetup();
  const zeroLoss = (out: tn.Tensor): tn.Tensor => tn.mul(tn.sum(out), 0);
  const history = await tn.train.fit(model, {
    train: [[tn.ones([1, 2]), tn.zeros([1, 1])]], loss: zeroLoss, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }),
    progress: false, beforeStep: () => l2sp.addGradient(),
  });
  assert.equal(history.history.loss?.[0], 0); // the logged loss is the data loss
  const [w, b, hw, hb] = model.parameters().map(values) as [number[], number[], number[], number[]];
  // w ← w − 0.1·0.5·(w − w₀): the offsets 1 and 2 shrink to 0.95 and 1.9; the head shrinks by 1 − 0.1·0.1
  w.forEach((v, i) => assert.ok(Math.abs(v - ((start[0]![i] as number) + 0.95)) < 1e-6));
  b.forEach((v, i) => assert.ok(Math.abs(v - ((start[1]![i] as number) + 1.9)) < 1e-6));
  assert.deepEqual([...hw, ...hb].map((v) => Math.round(v * 1e6) / 1e6), [0.99, 1.98, 2.97]);
  assert.throws(() => new transfer.L2SP(model, { alpha: -1, beta: 0 }), /L2SP: alpha must be a finite number ≥ 0, found -1/);
  assert.throws(() => new transfer.L2SP(model, { alpha: 1, beta: 0, reference: {} }), /reference has no tensor for backbone parameter '0\.weight'/);
  assert.throws(() => new transfer.L2SP(model, { alpha: 1, beta: 0, head: 'fc' }), /pattern 'fc' matches no parameter or module/);
  const all = new transfer.L2SP(model, { alpha: 1, beta: 0, head: null });
  assert.equal(all.backbone.length, 4);
  assert.equal(all.penalty().item(), 0);
  all.dispose();
  l2sp.dispose();
});

test('the ULMFiT recipe in fit: discriminative lrs × slanted triangular schedule per batch, with gradual unfreezing', async () => {
  const model = net();
  const groups = transfer.layerwiseLrGroups(model, { lr: 0.1, decay: 1 / 2.6 });
  const opt = new optim.SGD(groups, { lr: 0.1 });
  const data = batches(4, 4);
  const sched = new optim.SlantedTriangularLR(opt, { totalSteps: 12, cutFrac: 0.25, ratio: 32 });
  const seen: string[] = [];
  const history = await tn.train.fit(model, {
    train: data, loss: tn.crossEntropy, optimizer: opt, epochs: 3, progress: false,
    callbacks: [new transfer.GradualUnfreezing(), new tn.train.LearningRateScheduler(sched, { perBatch: true }),
      { onEpochBegin: () => { seen.push(training(model)); } }],
  });
  assert.deepEqual(seen, ['--3', '-13', '013']);
  // after epoch e the schedule has taken 4(e + 1) steps; the logged lr is the bottom block's: 0.1/2.6² · factor
  const peaks = [0.1 / 2.6 ** 2, 0.1 / 2.6, 0.1];
  history.history.lr!.forEach((lr, e) => {
    assert.ok(Math.abs(lr - (peaks[0] as number) * sched.factorAt(4 * (e + 1))) < 1e-12, `epoch ${e}: lr ${lr}`);
  });
  opt.paramGroups.forEach((g, i) => assert.ok(Math.abs(g.lr - (peaks[i] as number) * sched.factorAt(12)) < 1e-12));
  tn.dispose(data.flat());
});
