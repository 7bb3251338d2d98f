/** transfer: name globs, freeze/unfreeze effective at the next step, frozen BatchNorm statistics. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, transfer } = tn;

const snapshot = (t: tn.Tensor | null): number[] => Array.from((t as tn.Tensor).dataSync());

/** Linear(4,8) → BatchNorm1d(8) → ReLU → Linear(8,3); names 0.*, 1.*, 3.*. */
function net(seed = 0): tn.nn.Sequential {
  tn.manualSeed(seed);
  return new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 3));
}

function step(model: tn.nn.Sequential, opt: tn.optim.Optimizer, seed: number): void {
  tn.manualSeed(seed);
  const x = tn.randn([16, 4]);
  const y = tn.randint(0, 3, [16]);
  tn.tidy(() => {
    opt.zeroGrad();
    tn.crossEntropy(model.forward(x), y).backward();
    opt.step();
  });
  tn.dispose([x, y]);
}

test('name globs: * is one segment, ** any number, a module name covers its parameters', () => {
  const g = transfer.compileNameGlob;
  assert.equal(transfer.matchesName(g('features.*'), 'features.0'), true);
  assert.equal(transfer.matchesName(g('features.*'), 'features.0.weight'), false);
  assert.equal(transfer.coversName(g('features.*'), 'features.0.weight'), true);
  assert.equal(transfer.coversName(g('features.*'), 'features'), false);
  assert.equal(transfer.matchesName(g('layer4.**'), 'layer4'), true);
  assert.equal(transfer.matchesName(g('layer4.**'), 'layer4.1.bn2.bias'), true);
  assert.equal(transfer.matchesName(g('layer4.**'), 'layer40.weight'), false);
  assert.equal(transfer.matchesName(g('**.bias'), 'bias'), true);
  assert.equal(transfer.matchesName(g('**.bias'), 'a.b.bias'), true);
  assert.equal(transfer.matchesName(g('layer*.0'), 'layer3.0'), true);
  assert.equal(transfer.matchesName(g('layer*.0'), 'fc.0'), false);
  assert.equal(transfer.matchesName(g('fc.weight'), 'fc.weight'), true);
  assert.equal(transfer.matchesName(g('fc.weight'), 'fcXweight'), false, 'a dot in a pattern is literal');
  assert.equal(transfer.matchesName(g('**'), ''), true);
  assert.throws(() => g(''), { name: 'ValueError', message: /non-empty name pattern/ });
  assert.throws(() => g('a..b'), { name: 'ValueError', message: /pattern 'a\.\.b' has an empty segment/ });
  assert.throws(() => g('a**.b'), { name: 'ValueError', message: /pattern 'a\*\*\.b': expected '\*\*' only as a whole segment .*found 'a\*\*'/ });
});

test('freeze and unfreeze by pattern return the names they changed; no pattern means every parameter', () => {
  const model = net();
  assert.deepEqual(transfer.freeze(model, ['0', '1.*']), ['0.weight', '0.bias', '1.weight', '1.bias']);
  assert.deepEqual(model.namedParameters().map(([n, p]) => [n, p.requiresGrad]), [
    ['0.weight', false], ['0.bias', false], ['1.weight', false], ['1.bias', false], ['3.weight', true], ['3.bias', true],
  ]);
  assert.deepEqual(transfer.freeze(model, '0.weight'), [], 'already frozen: nothing changed');
  assert.deepEqual(transfer.unfreeze(model, '*.bias'), ['0.bias', '1.bias']);
  assert.deepEqual(transfer.freeze(model), ['0.bias', '1.bias', '3.weight', '3.bias']);
  assert.equal(model.numParameters(true), 0);
  assert.deepEqual(transfer.unfreeze(model).length, 6);
  assert.throws(() => transfer.freeze(model, ['0', 'features.*']), (e: Error) => {
    assert.equal(e.name, 'ValueError');
    assert.match(e.message, /^freeze: pattern 'features\.\*' matches no parameter or module of Sequential; parameter names look like: 0\.weight, 0\.bias, 1\.weight/);
    return true;
  });
  assert.equal(model.numParameters(true), 40 + 16 + 27, 'a failed call changes nothing');
  assert.throws(() => transfer.unfreeze(model, []), { name: 'ValueError', message: /at least one name pattern/ });
  assert.doesNotThrow(() => transfer.freeze(model, '2'), 'a pattern naming a module without parameters (ReLU) is not an error');
});

for (const [label, make] of [
  ['SGD with momentum and weight decay', (ps: tn.nn.Parameter[]) => new tn.optim.SGD(ps, { lr: 0.1, momentum: 0.9, weightDecay: 0.01 })],
  ['Adam with weight decay', (ps: tn.nn.Parameter[]) => new tn.optim.Adam(ps, { lr: 0.01, weightDecay: 0.01 })],
  ['AdamW', (ps: tn.nn.Parameter[]) => new tn.optim.AdamW(ps, { lr: 0.01 })],
] as const) {
  test(`freezing mid-training takes effect at the next step (${label}), stale gradient included`, () => {
    const model = net(1);
    const opt = make(model.parameters());
    step(model, opt, 10);
    step(model, opt, 11);
    // a backward has left gradients on every parameter; freezing now must keep the next step off layer 0
    tn.manualSeed(12);
    const x = tn.randn([16, 4]);
    const y = tn.randint(0, 3, [16]);
    tn.tidy(() => { opt.zeroGrad(); tn.crossEntropy(model.forward(x), y).backward(); });
    assert.notEqual(model.at(0).parameters()[0]?.grad, null);
    const frozen = transfer.freeze(model, '0');
    assert.deepEqual(frozen, ['0.weight', '0.bias']);
    assert.equal((model.at(0) as tn.nn.Linear).weight.grad, null, 'the stale gradient is dropped');
    const before0 = snapshot((model.at(0) as tn.nn.Linear).weight);
    const before3 = snapshot((model.at(3) as tn.nn.Linear).weight);
    opt.step();
    assert.deepEqual(snapshot((model.at(0) as tn.nn.Linear).weight), before0, 'frozen weight unchanged by the step');
    assert.notDeepEqual(snapshot((model.at(3) as tn.nn.Linear).weight), before3, 'the head still trains');
    step(model, opt, 13);
    assert.deepEqual(snapshot((model.at(0) as tn.nn.Linear).weight), before0, 'and by the steps after it');
    transfer.unfreeze(model, '0');
    step(model, opt, 14);
    assert.notDeepEqual(snapshot((model.at(0) as tn.nn.Linear).weight), before0, 'unfrozen: trains again');
    tn.dispose([x, y]);
    opt.dispose();
  });
}

test('a frozen BatchNorm keeps its running statistics bit for bit and computes what eval mode computes', () => {
  const model = net(2);
  const opt = new tn.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  for (let s = 0; s < 3; s++) step(model, opt, 20 + s); // running statistics away from 0 and 1
  const bn = model.at(1) as tn.nn.BatchNorm1d;
  assert.equal(bn.numBatchesTracked?.item(), 3);
  transfer.freeze(model, ['0', '1']);
  assert.equal(bn.freezeStatistics, true);
  const stats = [snapshot(bn.runningMean), snapshot(bn.runningVar), snapshot(bn.numBatchesTracked)];
  const params = [snapshot(bn.weight), snapshot(bn.bias)];
  model.train();
  for (let s = 0; s < 3; s++) step(model, opt, 30 + s);
  assert.deepEqual([snapshot(bn.runningMean), snapshot(bn.runningVar), snapshot(bn.numBatchesTracked)], stats);
  assert.deepEqual([snapshot(bn.weight), snapshot(bn.bias)], params);
  tn.manualSeed(40);
  const x = tn.randn([5, 4]);
  const trainOut = snapshot(tn.noGrad(() => model.forward(x)));
  model.eval();
  const evalOut = snapshot(tn.noGrad(() => model.forward(x)));
  model.train();
  assert.deepEqual(trainOut, evalOut, 'training-mode output equals eval-mode output');
  const single = tn.randn([1, 4]);
  assert.doesNotThrow(() => tn.noGrad(() => model.forward(single)), 'a batch of one is fine on running statistics');
  transfer.unfreeze(model, '1');
  assert.equal(bn.freezeStatistics, false);
  step(model, opt, 50);
  assert.equal(bn.numBatchesTracked?.item(), 4, 'unfrozen: statistics update again');
  assert.notDeepEqual(snapshot(bn.runningMean), stats[0]);
  tn.dispose([x, single]);
});

test("freeze(..., {batchNorm: 'train'}) keeps updating statistics; a BatchNorm freezes its statistics only when all its parameters are frozen", () => {
  const model = net(3);
  const opt = new tn.optim.SGD(model.parameters(), { lr: 0.1 });
  const bn = model.at(1) as tn.nn.BatchNorm1d;
  transfer.freeze(model, '1', { batchNorm: 'train' });
  assert.equal(bn.freezeStatistics, false);
  const weight = snapshot(bn.weight);
  step(model, opt, 60);
  assert.equal(bn.numBatchesTracked?.item(), 1);
  assert.deepEqual(snapshot(bn.weight), weight, 'parameters frozen all the same');
  transfer.unfreeze(model);
  transfer.freeze(model, '1.weight');
  assert.equal(bn.freezeStatistics, false, 'bias still trains');
  transfer.freeze(model, '1.bias');
  assert.equal(bn.freezeStatistics, true, 'now every parameter of the BatchNorm is frozen');
  assert.throws(() => transfer.freeze(model, '1', { batchNorm: 'keep' as 'train' }), { name: 'ValueError', message: /batchNorm must be 'eval' or 'train', found "keep"/ });

  const plain = new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8, { affine: false }));
  assert.deepEqual(transfer.freeze(plain, '1'), [], 'no parameters to freeze …');
  assert.equal((plain.at(1) as tn.nn.BatchNorm1d).freezeStatistics, true, '… but the named BatchNorm keeps its statistics');
});

test('freeze from a fit callback: from the next batch on the layers and the BatchNorm statistics stay as they were', async () => {
  const model = net(4);
  tn.manualSeed(70);
  const batches: tn.train.Batch[] = Array.from({ length: 6 }, () => [tn.randn([16, 4]), tn.randint(0, 3, [16])]);
  const bn = model.at(1) as tn.nn.BatchNorm1d;
  let atFreeze: number[][] = [];
  let headAtFreeze: number[] = [];
  await tn.train.fit(model, {
    train: batches, loss: tn.crossEntropy, optimizer: new tn.optim.AdamW(model.parameters(), { lr: 0.01 }), epochs: 2, progress: false,
    callbacks: [{
      onBatchEnd: (step) => {
        if (step !== 3) return;
        transfer.freeze(model, ['0', '1']);
        atFreeze = [snapshot((model.at(0) as tn.nn.Linear).weight), snapshot(bn.weight), snapshot(bn.runningMean), snapshot(bn.numBatchesTracked)];
        headAtFreeze = snapshot((model.at(3) as tn.nn.Linear).weight);
      },
    }],
  });
  assert.deepEqual(atFreeze[3], [3]);
  assert.deepEqual([snapshot((model.at(0) as tn.nn.Linear).weight), snapshot(bn.weight), snapshot(bn.runningMean), snapshot(bn.numBatchesTracked)], atFreeze);
  assert.notDeepEqual(snapshot((model.at(3) as tn.nn.Linear).weight), headAtFreeze, 'the head trained for 9 more steps');
  tn.dispose(batches);
});
