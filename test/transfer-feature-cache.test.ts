/** transfer feature extraction: extractFeatures, FeatureSet, FeatureCache (memory and safetensors files). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';

const { nn, transfer, data } = tn;

const values = (t: tn.Tensor): number[] => Array.from(t.dataSync());
const quiet = { progress: false } as const;

/** Two well separated classes in 4-d: x = noise + 3·(±1) on every coordinate. */
function blobs(n: number, seed: number): { x: tn.Tensor; y: tn.Tensor } {
  tn.manualSeed(seed);
  const y = tn.randint(0, 2, [n]);
  const x = tn.add(tn.randn([n, 4]), tn.unsqueeze(tn.mul(tn.sub(y.float(), 0.5), 6), 1));
  return { x, y };
}

/** Linear → BatchNorm → ReLU, a frozen extractor with running statistics. */
function extractor(): tn.nn.Sequential {
  tn.manualSeed(7);
  const m = new nn.Sequential(new nn.Linear(4, 6), new nn.BatchNorm1d(6), new nn.ReLU());
  transfer.freeze(m);
  return m;
}

test('extractFeatures over a DataLoader: one eval-mode pass, features equal the extractor\'s outputs, memory flat', async () => {
  const { x, y } = blobs(50, 1);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16 });
  const ext = extractor();
  ext.train();
  const live = tn.memory().numTensors;
  const set = await transfer.extractFeatures(ext, loader, quiet);
  assert.equal(tn.memory().numTensors, live + 2, 'only the features and labels stay alive');
  assert.equal(set.source, 'extracted');
  assert.equal(set.length, 50);
  assert.deepEqual(set.x.shape, [50, 6]);
  assert.deepEqual(values(set.y), values(y));
  assert.ok(ext.modules().every((m) => m.training), 'modes restored');
  assert.equal((ext.at(1) as tn.nn.BatchNorm1d).numBatchesTracked?.item(), 0, 'ran in eval mode: statistics untouched');
  ext.eval();
  const direct = tn.tidy(() => tn.noGrad(() => ext.forward(x)));
  assert.deepEqual(values(set.x), values(direct));
  assert.equal(set.x.requiresGrad, false);
  set.dispose();
  direct.dispose();
  assert.equal(tn.memory().numTensors, live, 'dispose frees both');
  tn.dispose([x, y]);
});

test('extractFeatures over an array of batches with a function extractor leaves the batches to the caller', async () => {
  const a = blobs(8, 2);
  const b = blobs(5, 3);
  const lines: string[] = [];
  const set = await transfer.extractFeatures((v) => tn.mul(v, 2), [[a.x, a.y], [b.x, b.y]],
    { label: 'doubling', sink: { isTTY: false, write: (s) => { lines.push(s); } } });
  assert.ok(!a.x.isDisposed && !b.y.isDisposed);
  assert.deepEqual(values(set.x), [...values(a.x), ...values(b.x)].map((v) => Math.fround(v * 2)));
  assert.deepEqual(values(set.y), [...values(a.y), ...values(b.y)]);
  assert.ok(lines.some((l) => /^doubling +\[.*\] 2\/2/.test(l)), lines.join(''));
  const same = await transfer.extractFeatures((v) => v, [[a.x, a.y]], quiet);
  same.dispose();
  assert.ok(!a.x.isDisposed, 'an identity extractor does not hand out (and then free) the caller\'s input');
  await assert.rejects(transfer.extractFeatures((v) => v, [], quiet), { name: 'ValueError', message: /no batches/ });
  await assert.rejects(transfer.extractFeatures((v) => tn.sum(v, 0), [[a.x, a.y]], quiet),
    { name: 'ShapeError', message: /batch 1: the extractor returned \[4\] for input \[8,4\]; expected the batch size 8 first/ });
  tn.dispose([a, b, set]);
});

test('FeatureCache runs the extractor once per name, in memory and across instances through a safetensors file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tasknet-features-'));
  try {
    const { x, y } = blobs(20, 4);
    const batches: tn.train.Batch[] = [[x, y]];
    let calls = 0;
    const ext = (v: tn.Tensor) => { calls++; return tn.tanh(v); };
    const cache = new transfer.FeatureCache({ dir, progress: false });
    const first = await cache.get('blobs.tanh', ext, batches);
    assert.equal(calls, 1);
    assert.equal(await cache.get('blobs.tanh', ext, batches), first, 'memory hit: the same set');
    assert.equal(calls, 1);
    assert.equal(cache.pathOf('blobs.tanh'), `${dir}/blobs.tanh.safetensors`);

    const later = new transfer.FeatureCache({ dir: `${dir}/`, progress: false });
    const fromDisk = await later.get('blobs.tanh', ext, batches);
    assert.equal(calls, 1, 'read from the file, not extracted');
    assert.equal(fromDisk.source, 'disk');
    assert.deepEqual(values(fromDisk.x), values(first.x));
    assert.deepEqual(values(fromDisk.y), values(first.y));
    assert.equal(fromDisk.y.dtype, 'int32');

    const again = await later.get('blobs.tanh', ext, batches, { refresh: true });
    assert.equal(calls, 2);
    assert.ok(fromDisk.x.isDisposed, 'refresh frees the replaced set');
    assert.equal(again.source, 'extracted');
    later.clear();
    assert.ok(again.x.isDisposed && !later.has('blobs.tanh'));

    writeFileSync(join(dir, 'other.safetensors'), new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, ...Buffer.from('{}      ')]));
    await assert.rejects(later.get('other', ext, batches), { name: 'ValueError', message: /other\.safetensors is not a features file/ });
    await assert.rejects(cache.get('../escape', ext, batches), { name: 'ValueError', message: /a name must be letters, digits/ });
    cache.clear();
    tn.dispose([x, y]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a head trained with fit on cached features of a frozen backbone learns the task', async () => {
  tn.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU(), new nn.Linear(16, 2));
  const { x, y } = blobs(200, 5);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 50 });
  const body = transfer.backbone(model);
  transfer.freeze(body);
  const cache = new transfer.FeatureCache({ progress: false });
  const feats = await cache.get('blobs', body, loader);
  const head = model.at(-1) as tn.nn.Linear;
  const frozenWeight = values((model.at(0) as tn.nn.Linear).weight);
  const history = await tn.train.fit(head, {
    train: feats.loader({ batchSize: 20, shuffle: true, seed: 0 }), loss: tn.crossEntropy,
    optimizer: new tn.optim.Adam(head.parameters(), { lr: 0.05 }), epochs: 5, progress: false,
  });
  const losses = history.history.loss as number[];
  assert.ok((losses[4] as number) < (losses[0] as number), `loss ${losses.join(' → ')}`);
  const accuracy = tn.noGrad(() => tn.mean(tn.eq(tn.argmax(model.forward(x), 1), y).float()).item());
  assert.ok(accuracy > 0.95, `accuracy of the whole model with the trained head: ${accuracy}`);
  assert.deepEqual(values((model.at(0) as tn.nn.Linear).weight), frozenWeight);
  cache.clear();
  tn.dispose([x, y]);
});
