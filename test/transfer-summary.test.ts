/** transfer.summary: each module's class, own parameter count and whether it trains, with totals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, transfer } = tn;

function net(): tn.nn.Sequential {
  tn.manualSeed(0);
  return new nn.Sequential(new nn.Linear(4, 3), new nn.BatchNorm1d(3), new nn.ReLU(), new nn.Linear(3, 2));
}

test('summary lists each module with its own parameters and whether it trains, then the totals', () => {
  const model = net();
  transfer.freeze(model, ['0', '1']);
  const rule = '─'.repeat(4 + 11 + 6 + 17 + 3 * 2);
  assert.equal(transfer.summary(model), [
    'Sequential summary',
    rule,
    'Name  Type         Params  Trains',
    rule,
    '0     Linear           15  no',
    '1     BatchNorm1d       6  no (stats frozen)',
    '2     ReLU              0  -',
    '3     Linear            8  yes',
    rule,
    'Total params: 29',
    'Trainable params: 8',
    'Frozen params: 21',
  ].join('\n'));
  transfer.unfreeze(model, '0.bias');
  assert.match(transfer.summary(model), /^0 +Linear +15 {2}partly$/m);
  assert.match(transfer.summary(model), /^Trainable params: 11$/m);
});

test('summary with an example input adds output shapes without changing modes or running statistics', () => {
  const model = net();
  model.train();
  const text = transfer.summary(model, { inputShape: [5, 4] });
  const rows = text.split('\n').filter((l) => /^\d /.test(l)).map((l) => l.split(/ {2,}/));
  assert.deepEqual(rows.map((r) => r.slice(0, 3)), [
    ['0', 'Linear', '[5,3]'], ['1', 'BatchNorm1d', '[5,3]'], ['2', 'ReLU', '[5,3]'], ['3', 'Linear', '[5,2]'],
  ]);
  assert.ok(model.modules().every((m) => m.training), 'training mode restored');
  const bn = model.at(1) as tn.nn.BatchNorm1d;
  assert.equal(bn.numBatchesTracked?.item(), 0, 'the pass ran in eval mode');
  assert.ok(model.modules().every((m) => !Object.prototype.hasOwnProperty.call(m, 'forward')), 'hooks removed');
  assert.throws(() => transfer.summary(model, { inputShape: [5, 4], input: tn.zeros([5, 4]) }), { name: 'ValueError', message: /input or inputShape, not both/ });
});

test('summary: nested names, partly-trained containers, depth, shared parameters counted once, thousands separators', () => {
  tn.manualSeed(0);
  const shared = new nn.Linear(1000, 1000);
  const model = new nn.Sequential(new nn.Sequential(shared, new nn.ReLU()), new nn.Sequential(shared, new nn.Linear(1000, 2)));
  transfer.freeze(model, '0');
  const text = transfer.summary(model);
  assert.match(text, /^0 +Sequential +-- {2}no$/m);
  assert.match(text, /^0\.0 +Linear +1,001,000 {2}no$/m);
  assert.match(text, /^1 +Sequential +-- {2}partly$/m);
  assert.match(text, /^1\.0 +Linear +0 {2}no$/m, 'the shared layer is counted where it first appears');
  assert.match(text, /^Total params: 1,003,002$/m);
  assert.match(text, /^Frozen params: 1,001,000$/m);
  const top = transfer.summary(model, { depth: 1 });
  assert.deepEqual(top.split('\n').filter((l) => /^\S+ +Sequential/.test(l)).length, 2);
  assert.doesNotMatch(top, /^0\.0 /m);
  assert.throws(() => transfer.summary(model, { depth: 0 }), { name: 'ValueError', message: /depth must be ≥ 1, found 0/ });
});
