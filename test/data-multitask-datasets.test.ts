/** The multi-task benchmark data sets: MultiMNIST/MultiFashion, Fashion-MNIST three ways, sentiment, penguins. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as tn from 'tasknet';

const { datasets } = tn.data;
const noFashion = !existsSync(datasets.FASHION_MNIST_DEBIAN_DIR) && 'dataset-fashion-mnist not installed';

const count = (values: ArrayLike<number>, v: number): number => Array.from(values).filter((u) => u === v).length;
const sum = (values: ArrayLike<number>): number => Array.from(values).reduce((a, b) => a + b, 0);

test('multiMnist: test composites pair test images; overlay, labels and pairs agree; seeded', async () => {
  const set = await datasets.multiMnist({ split: 'test', size: 50, seed: 0 });
  assert.deepEqual(set.tasks, ['left', 'right']);
  assert.deepEqual(set.x.shape, [50, 1, 28, 28]);
  assert.equal(set.x.dtype, 'float32');
  assert.deepEqual(set.targets.left!.shape, [50]);
  assert.equal(set.targets.right!.dtype, 'int32');
  assert.equal(set.masks, undefined);
  assert.equal(set.classes.left!.length, 10);
  const source = await datasets.mnist({ split: 'test', flat: true });
  const pixels = source.x.dataSync();
  const labels = source.y.dataSync();
  const x = set.x.dataSync();
  for (const i of [0, 17, 49]) {
    const a = set.pairs.left[i]!;
    const b = set.pairs.right[i]!;
    assert.equal(set.targets.left!.dataSync()[i], labels[a]);
    assert.equal(set.targets.right!.dataSync()[i], labels[b]);
    const expected = tn.data.overlayPair(pixels.subarray(a * 784, (a + 1) * 784), pixels.subarray(b * 784, (b + 1) * 784), 28);
    assert.deepEqual(x.subarray(i * 784, (i + 1) * 784), expected);
  }
  assert.equal(new Set(set.pairs.left).size, 50, 'left images are drawn without repeats');
  const again = await datasets.multiMnist({ split: 'test', size: 50, seed: 0, flat: true });
  assert.deepEqual(again.x.shape, [50, 784]);
  assert.deepEqual(again.x.dataSync(), x);
  const other = await datasets.multiMnist({ split: 'test', size: 50, seed: 1 });
  assert.notDeepEqual(other.pairs.left, set.pairs.left);
  tn.dispose([set, source, again, other]);
  await assert.rejects(datasets.multiMnist({ split: 'test', size: 0 }), /datasets.multiImagePairs: size must be a positive integer, found 0/);
});

test('multiMnist: training composites come from the training images', async () => {
  const set = await datasets.multiMnist({ split: 'train', size: 20, seed: 5 });
  const train = await datasets.mnist({ split: 'train' });
  const labels = train.y.dataSync();
  assert.ok([...set.pairs.left, ...set.pairs.right].some((r) => r >= 10000), 'rows beyond the test set');
  assert.deepEqual(set.targets.left!.tolist(), Array.from(set.pairs.left, (r) => labels[r]));
  assert.deepEqual(set.targets.right!.tolist(), Array.from(set.pairs.right, (r) => labels[r]));
  tn.dispose([set, train]);
});

test('multiImagePairs: more composites than images cycle through fresh permutations of the left images', async () => {
  const images = (n: number, first: number): tn.data.datasets.ImageSet => ({
    x: tn.tensor(Float32Array.from({ length: n * 784 }, (_, i) => (Math.floor(i / 784) + 1) / 10), { shape: [n, 784] }),
    y: tn.tensor(Int32Array.from({ length: n }, (_, i) => first + i)),
    classes: Array.from({ length: first + n }, (_, i) => String(i)),
  });
  const left = images(3, 0);
  const right = images(2, 5);
  const set = await datasets.multiImagePairs(left, right, { size: 7, seed: 2 });
  const rows = [...set.pairs.left];
  assert.deepEqual([...rows.slice(0, 3)].sort(), [0, 1, 2]);
  assert.deepEqual([...rows.slice(3, 6)].sort(), [0, 1, 2]);
  assert.ok(set.pairs.right.every((r) => r === 0 || r === 1));
  assert.deepEqual(set.targets.right!.tolist(), Array.from(set.pairs.right, (r) => 5 + r));
  // a uniform left image (value (row + 1) / 10) over a uniform right one: the brighter wins where they overlap
  const x = set.x.dataSync();
  const [a, b] = [rows[0]!, set.pairs.right[0]!];
  assert.ok(Math.abs(x[10 * 28 + 10]! - Math.max(a + 1, b + 1) / 10) < 1e-6);
  await assert.rejects(datasets.multiImagePairs({ ...left, x: tn.zeros([3, 1, 8, 8]) }, right), /expected 28×28 images .* in the left set, found \[3, 1, 8, 8\]/);
  tn.dispose([left, right, set]);
});

test('multiFashion: Fashion-MNIST composites', { skip: noFashion }, async () => {
  const set = await datasets.multiFashion({ split: 'test', size: 30, seed: 0 });
  assert.deepEqual(set.x.shape, [30, 1, 28, 28]);
  assert.equal(set.classes.right![9], 'Ankle boot');
  const source = await datasets.fashionMnist({ split: 'test' });
  assert.deepEqual(set.targets.left!.tolist(), Array.from(set.pairs.left, (r) => source.y.dataSync()[r]));
  tn.dispose([set, source]);
});

test('fashion groups: tops, footwear and the rest', () => {
  const byGroup = datasets.FASHION_GROUPS.map((_, g) =>
    datasets.FASHION_MNIST_CLASSES.filter((_, c) => datasets.FASHION_GROUP_OF[c] === g));
  assert.deepEqual(datasets.FASHION_GROUPS, ['top', 'footwear', 'other']);
  assert.deepEqual(byGroup, [['T-shirt/top', 'Pullover', 'Coat', 'Shirt'], ['Sandal', 'Sneaker', 'Ankle boot'], ['Trouser', 'Dress', 'Bag']]);
});

test('fashionMultiTask: three tasks on one image, training statistics, exact missing fractions', { skip: noFashion }, async () => {
  const test = await datasets.fashionMultiTask({ split: 'test', missing: { group: 0.3, intensity: 0.1 }, seed: 4 });
  assert.deepEqual(test.tasks, ['label', 'group', 'intensity']);
  assert.deepEqual(test.x.shape, [10000, 1, 28, 28]);
  assert.deepEqual(test.targets.intensity!.shape, [10000, 1]);
  assert.equal(test.targets.intensity!.dtype, 'float32');
  assert.equal(test.targets.group!.dtype, 'int32');
  assert.deepEqual(Object.keys(test.masks!), ['group', 'intensity']);
  const groupMask = test.masks!.group!.dataSync();
  assert.equal(count(groupMask, 0), 3000);
  assert.equal(count(test.masks!.intensity!.dataSync(), 0), 1000);
  const label = test.targets.label!.dataSync();
  const group = test.targets.group!.dataSync();
  label.forEach((c, i) => assert.equal(group[i], groupMask[i] === 1 ? datasets.FASHION_GROUP_OF[c] : 0));
  assert.deepEqual(Array.from(label.subarray(0, 3)), [9, 2, 1]);
  // the intensity of an image is its mean pixel value, standardised with the training split's statistics
  const pixels = test.x.dataSync().subarray(0, 784);
  const mean0 = sum(pixels) / 784;
  assert.ok(Math.abs(test.targets.intensity!.dataSync()[0]! - (mean0 - test.intensity.mean) / test.intensity.std) < 1e-5);
  const train = await datasets.fashionMultiTask({ split: 'train' });
  assert.equal(train.masks, undefined);
  assert.deepEqual(train.intensity, test.intensity);
  const z = train.targets.intensity!.dataSync();
  const zMean = sum(z) / z.length;
  assert.ok(Math.abs(zMean) < 1e-4 && Math.abs(Math.sqrt(sum(Array.from(z, (v) => (v - zMean) ** 2)) / z.length) - 1) < 1e-4);
  const again = await datasets.fashionMultiTask({ split: 'test', missing: { group: 0.3 }, seed: 4 });
  assert.deepEqual(again.masks!.group!.dataSync(), groupMask);
  tn.dispose([test, train, again]);
  await assert.rejects(datasets.fashionMultiTask({ split: 'test', missing: { colour: 0.5 } as never }), /missing names an unknown task 'colour'/);
});

test('sentimentMultiTask: three sources with their own sentences, one vocabulary, seeded stratified splits', async () => {
  const train = await datasets.sentimentMultiTask({ split: 'train', seed: 0 });
  const test = await datasets.sentimentMultiTask({ split: 'test', seed: 0 });
  assert.deepEqual(train.tasks, ['imdb', 'amazon', 'yelp']);
  for (const task of train.tasks) {
    assert.deepEqual(train.x[task]!.shape, [800, 64]);
    assert.equal(train.x[task]!.dtype, 'int32');
    assert.deepEqual(test.x[task]!.shape, [200, 64]);
    assert.equal(count(train.targets[task]!.dataSync(), 1), 400);
    assert.equal(count(test.targets[task]!.dataSync(), 1), 100);
    // the two splits partition the source's sentences
    const source = await datasets.sentiment(task as tn.data.datasets.SentimentDomain);
    assert.deepEqual([...train.texts[task]!, ...test.texts[task]!].sort(), [...source.texts].sort());
    tn.dispose(source);
    // row 0: the ids are the sentence's words, then padding
    const words = tn.data.wordTokenize(train.texts[task]![0]!);
    const ids = train.x[task]!.dataSync().subarray(0, 64);
    assert.deepEqual(train.vocabulary.decode(ids.subarray(0, words.length)), words.slice(0, 64));
    assert.equal(train.lengths[task]!.dataSync()[0], Math.min(64, words.length));
  }
  assert.deepEqual(train.vocabulary.tokens, test.vocabulary.tokens);
  assert.ok(Object.values(test.x).some((x) => x.dataSync().includes(1)), 'test words outside the training vocabulary map to <unk>');
  const again = await datasets.sentimentMultiTask({ split: 'test', seed: 0 });
  assert.deepEqual(again.texts, test.texts);
  const reseeded = await datasets.sentimentMultiTask({ split: 'test', seed: 1 });
  assert.notDeepEqual(reseeded.texts.amazon, test.texts.amazon);
  const loader = new tn.data.MultiTaskLoader(train, { batchSize: 32, shuffle: true, seed: 0 });
  assert.equal(loader.length, 25);
  const [first] = loader;
  assert.deepEqual((first!.x as tn.data.TaskTensors).yelp!.shape, [32, 64]);
  assert.deepEqual(first!.targets.amazon!.shape, [32]);
  tn.dispose([train, test, again, reseeded, first]);
  await assert.rejects(datasets.sentimentMultiTask({ maxLen: 0 }), /maxLen must be a positive integer, found 0/);
});

test('penguinsMultiTask: species, sex with missing labels masked, standardised body mass', async () => {
  const train = await datasets.penguinsMultiTask({ split: 'train', seed: 0 });
  const test = await datasets.penguinsMultiTask({ split: 'test', seed: 0 });
  assert.deepEqual(train.tasks, ['species', 'sex', 'bodyMass']);
  assert.deepEqual(train.x.shape, [273, 3]);
  assert.deepEqual(test.x.shape, [69, 3]);
  assert.deepEqual(train.targets.bodyMass!.shape, [273, 1]);
  assert.deepEqual(train.classes, { species: ['Adelie', 'Chinstrap', 'Gentoo'], sex: ['female', 'male'], bodyMass: [] });
  assert.deepEqual(Object.keys(train.masks!), ['sex']);
  const masks = [train, test].map((s) => s.masks!.sex!.dataSync());
  assert.equal(count(masks[0]!, 0) + count(masks[1]!, 0), 9);
  const sex = train.targets.sex!.dataSync();
  masks[0]!.forEach((m, i) => { if (m === 0) assert.equal(sex[i], 0); });
  // species proportions kept by the stratified split
  const species = [train, test].map((s) => [0, 1, 2].map((c) => count(s.targets.species!.dataSync(), c)));
  assert.deepEqual(species[0]!.map((c, k) => c + species[1]![k]!), [151, 68, 123]);
  assert.ok(species[1]!.every((c, k) => Math.abs(c - species[0]![k]! * 69 / 273) < 1.5));
  // training statistics: mean 0, std 1 on the training rows; the test split reuses them
  for (const column of [train.targets.bodyMass!.dataSync(), ...[0, 1, 2].map((j) => (train.x.tolist() as number[][]).map((r) => r[j]!))]) {
    const mean = sum(column) / column.length;
    assert.ok(Math.abs(mean) < 1e-5);
  }
  assert.deepEqual(test.standardization, train.standardization);
  assert.ok(train.standardization.bodyMass.mean > 4000 && train.standardization.bodyMass.mean < 4400);
  tn.dispose([train, test]);
});
