/** randomSplit, trainTestSplit (with stratification), kFold and stratifiedKFold. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test('randomSplit: sizes, fractions, disjoint and reproducible', () => {
  const ds = new tn.data.ArrayDataset(range(10));
  const [a, b] = tn.data.randomSplit(ds, [7, 3], { seed: 0 });
  assert.equal(a!.length, 7);
  assert.equal(b!.length, 3);
  const all = [...a!.indices, ...b!.indices].sort((p, q) => p - q);
  assert.deepEqual(all, range(10));
  const [c] = tn.data.randomSplit(ds, [7, 3], { seed: 0 });
  assert.deepEqual([...c!.indices], [...a!.indices]);
  const parts = tn.data.randomSplit(ds, [0.5, 0.3, 0.2], { seed: 1 });
  assert.deepEqual(parts.map((p) => p.length), [5, 3, 2]);
  assert.deepEqual(tn.data.randomSplit(new tn.data.ArrayDataset(range(11)), [0.5, 0.5], { seed: 1 }).map((p) => p.length), [6, 5]);
  assert.throws(() => tn.data.randomSplit(ds, [4, 4]), /adding up to the dataset's length 10 .* found \[4, 4\]/);
});

test('trainTestSplit: sizes, rows stay paired, shuffle off keeps order', () => {
  const n = 20;
  const x = tn.tensor(Float32Array.from(range(n * 2), (i) => Math.floor(i / 2)), { shape: [n, 2] });
  const y = tn.tensor(Int32Array.from(range(n)));
  const s = tn.data.trainTestSplit(x, y, { testSize: 0.25, seed: 3 });
  assert.deepEqual(s.xTrain.shape, [15, 2]);
  assert.deepEqual(s.xTest.shape, [5, 2]);
  assert.deepEqual(s.yTest.shape, [5]);
  assert.equal(s.yTrain.dtype, 'int32');
  const xt = s.xTest.tolist() as number[][];
  (s.yTest.tolist() as number[]).forEach((label, i) => assert.deepEqual(xt[i], [label, label]));
  assert.deepEqual([...s.trainIndices, ...s.testIndices].sort((a, b) => a - b), range(n));
  const again = tn.data.trainTestSplit(x, y, { testSize: 0.25, seed: 3 });
  assert.deepEqual(again.yTest.tolist(), s.yTest.tolist());
  const ordered = tn.data.trainTestSplit(x, y, { testSize: 4, shuffle: false });
  assert.deepEqual(ordered.yTest.tolist(), [16, 17, 18, 19]);
  assert.deepEqual(tn.data.trainTestSplit(x, y, { testSize: 0.33 }).yTest.shape, [7]); // ceil(6.6)
  assert.throws(() => tn.data.trainTestSplit(x, tn.zeros([3])), /same number of rows: x is \[20,2\], y is \[3\]/);
  assert.throws(() => tn.data.trainTestSplit(x, y, { testSize: 1.5 }), /testSize must be a fraction in \(0, 1\) or a count/);
});

test('stratified trainTestSplit keeps class proportions', () => {
  // 60 of class 0, 30 of class 1, 10 of class 2
  const labels = Int32Array.from(range(100), (i) => (i < 60 ? 0 : i < 90 ? 1 : 2));
  const y = tn.tensor(labels);
  const x = tn.arange(100).reshape([100, 1]);
  const counts = (t: tn.Tensor): number[] => {
    const c = [0, 0, 0];
    for (const v of t.dataSync()) c[v]! += 1;
    return c;
  };
  const s = tn.data.trainTestSplit(x, y, { testSize: 0.2, stratify: true, seed: 0 });
  assert.deepEqual(counts(s.yTest), [12, 6, 2]);
  assert.deepEqual(counts(s.yTrain), [48, 24, 8]);
  const odd = tn.data.trainTestSplit(x, y, { testSize: 0.25, stratify: labels, seed: 5 });
  assert.deepEqual(counts(odd.yTest).reduce((a, b) => a + b, 0), 25);
  const c = counts(odd.yTest);
  assert.ok(Math.abs(c[0]! - 15) <= 1 && Math.abs(c[1]! - 7.5) <= 1 && Math.abs(c[2]! - 2.5) <= 1, `${c}`);
});

test('kFold follows scikit-learn fold sizes; every sample tested once', () => {
  const folds = [...tn.data.kFold(10, 3)];
  assert.deepEqual(folds.map((f) => f.test.length), [4, 3, 3]);
  assert.deepEqual([...folds[0]!.test], [0, 1, 2, 3]);
  assert.deepEqual([...folds[0]!.train], [4, 5, 6, 7, 8, 9]);
  const shuffled = [...tn.data.kFold(10, 3, { shuffle: true, seed: 0 })];
  assert.deepEqual(shuffled.flatMap((f) => [...f.test]).sort((a, b) => a - b), range(10));
  for (const f of shuffled) assert.equal(f.train.length + f.test.length, 10);
  assert.throws(() => [...tn.data.kFold(3, 5)], /cannot make 5 folds of 3 samples/);
  assert.throws(() => [...tn.data.kFold(10, 1)], /k must be an integer ≥ 2/);
});

test('stratifiedKFold keeps the class mix in every fold', () => {
  const labels = Int32Array.from(range(30), (i) => (i % 3 === 0 ? 1 : 0)); // 20 zeros, 10 ones
  const folds = [...tn.data.stratifiedKFold(labels, 5, { shuffle: true, seed: 2 })];
  for (const f of folds) {
    assert.equal(f.test.length, 6);
    assert.equal([...f.test].filter((i) => labels[i] === 1).length, 2);
  }
  assert.deepEqual(folds.flatMap((f) => [...f.test]).sort((a, b) => a - b), range(30));
});
