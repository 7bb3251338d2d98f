/** Synthetic generators (makeClassification, makeRegression, moons, circles, blobs, xor) and scalers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

function matrix(t: tn.Tensor): number[][] {
  return t.tolist() as number[][];
}

/** Least-squares fit of column `target` on `columns` (+ intercept) by normal equations; returns the max |residual|. */
function residual(rows: number[][], columns: number[], target: number): number {
  const design = rows.map((r) => [1, ...columns.map((c) => r[c]!)]);
  const k = design[0]!.length;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => design.reduce((s, d) => s + d[i]! * d[j]!, 0)));
  const b = Array.from({ length: k }, (_, i) => design.reduce((s, d, n) => s + d[i]! * rows[n]![target]!, 0));
  for (let i = 0; i < k; i++) { // Gaussian elimination with partial pivoting
    let p = i;
    for (let r = i + 1; r < k; r++) if (Math.abs(a[r]![i]!) > Math.abs(a[p]![i]!)) p = r;
    [a[i], a[p]] = [a[p]!, a[i]!];
    [b[i], b[p]] = [b[p]!, b[i]!];
    for (let r = i + 1; r < k; r++) {
      const f = a[r]![i]! / a[i]![i]!;
      for (let c = i; c < k; c++) a[r]![c]! -= f * a[i]![c]!;
      b[r]! -= f * b[i]!;
    }
  }
  const w = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) w[i] = (b[i]! - a[i]!.slice(i + 1).reduce((s, v, j) => s + v * w[i + 1 + j]!, 0)) / a[i]![i]!;
  return Math.max(...design.map((d, n) => Math.abs(d.reduce((s, v, j) => s + v * w[j]!, 0) - rows[n]![target]!)));
}

test('makeClassification: shapes, balance, redundant columns are combinations of informative ones', () => {
  const { x, y } = tn.data.makeClassification({
    nSamples: 300, nFeatures: 8, nInformative: 3, nRedundant: 2, nRepeated: 1, nClasses: 3, nClustersPerClass: 1,
    flipY: 0, shuffle: false, seed: 0,
  });
  assert.deepEqual(x.shape, [300, 8]);
  assert.equal(x.dtype, 'float32');
  assert.equal(y.dtype, 'int32');
  const labels = [...y.dataSync()];
  assert.deepEqual([0, 1, 2].map((c) => labels.filter((v) => v === c).length), [100, 100, 100]);
  const rows = matrix(x);
  assert.ok(residual(rows, [0, 1, 2], 3) < 1e-3, 'redundant column 3');
  assert.ok(residual(rows, [0, 1, 2], 4) < 1e-3, 'redundant column 4');
  assert.ok(residual(rows, [0, 1, 2], 6) > 1, 'noise column 6 is not a combination');
  const repeated = rows.map((r) => r[5]);
  assert.ok([0, 1, 2, 3, 4].some((c) => rows.every((r, i) => r[c] === repeated[i])), 'column 5 repeats another');
  // classes sit on different hypercube vertices: their informative means differ
  const means = [0, 1, 2].map((c) => rows.filter((_, i) => labels[i] === c).reduce((s, r) => s + r[0]! + 2 * r[1]! + 4 * r[2]!, 0) / 100);
  assert.ok(Math.abs(means[0]! - means[1]!) > 0.5 || Math.abs(means[1]! - means[2]!) > 0.5);
  const again = tn.data.makeClassification({ nSamples: 50, seed: 7 });
  assert.deepEqual(again.x.tolist(), tn.data.makeClassification({ nSamples: 50, seed: 7 }).x.tolist());
  assert.deepEqual(again.x.shape, [50, 20]);
  assert.throws(() => tn.data.makeClassification({ nFeatures: 3, nInformative: 2, nRedundant: 2 }), /nInformative \+ nRedundant \+ nRepeated \(2 \+ 2 \+ 0\) must be at most nFeatures \(3\)/);
  assert.throws(() => tn.data.makeClassification({ nInformative: 1, nClasses: 2, nClustersPerClass: 2 }), /must be at most 2\^nInformative = 2/);
});

test('makeClassification weights and flipY', () => {
  const { y } = tn.data.makeClassification({ nSamples: 1000, weights: [0.8, 0.2], flipY: 0, seed: 1 });
  assert.equal([...y.dataSync()].filter((v) => v === 1).length, 200);
  // the last weight is inferred: 1 − 0.9 = 0.0999…, so ⌊1000·w/2⌋ = 49 per cluster, as in scikit-learn
  const inferred = tn.data.makeClassification({ nSamples: 1000, weights: [0.9], flipY: 0, seed: 1 });
  assert.equal([...inferred.y.dataSync()].filter((v) => v === 1).length, 99);
  const flipped = tn.data.makeClassification({ nSamples: 1000, weights: [0.9], flipY: 0.5, seed: 1 });
  const ones2 = [...flipped.y.dataSync()].filter((v) => v === 1).length;
  assert.ok(ones2 > 200, `${ones2}`);
});

test('makeRegression, makeMoons, makeCircles, makeBlobs, xor', () => {
  const r = tn.data.makeRegression({ nSamples: 40, nFeatures: 5, nInformative: 2, bias: 3, seed: 0 });
  assert.deepEqual(r.x.shape, [40, 5]);
  assert.equal(r.y.dtype, 'float32');
  const coef = [...r.coef.dataSync()];
  assert.equal(coef.filter((c) => c !== 0).length, 2);
  const xs = matrix(r.x);
  [...r.y.dataSync()].forEach((v, i) => assert.ok(Math.abs(3 + xs[i]!.reduce((s, xv, j) => s + xv * coef[j]!, 0) - v) < 1e-3));
  const m = tn.data.makeMoons({ nSamples: 101, shuffle: false });
  assert.deepEqual(m.x.shape, [101, 2]);
  assert.deepEqual([...m.y.dataSync()].filter((v) => v === 1).length, 51);
  const first = matrix(m.x)[0]!;
  assert.deepEqual(first, [1, 0]); // cos 0, sin 0
  const c = tn.data.makeCircles({ nSamples: 20, factor: 0.5, shuffle: false });
  const radii = matrix(c.x).map(([a, b]) => Math.hypot(a!, b!));
  assert.ok(radii.slice(0, 10).every((v) => Math.abs(v - 1) < 1e-6) && radii.slice(10).every((v) => Math.abs(v - 0.5) < 1e-6));
  const b = tn.data.makeBlobs({ nSamples: 90, centers: [[0, 0], [10, 10], [-10, 5]], clusterStd: 0.1, seed: 0 });
  const bl = [...b.y.dataSync()];
  matrix(b.x).forEach((p, i) => {
    const centre = [[0, 0], [10, 10], [-10, 5]][bl[i]!]!;
    assert.ok(Math.hypot(p[0]! - centre[0]!, p[1]! - centre[1]!) < 1);
  });
  assert.deepEqual(tn.data.makeBlobs({ nSamples: 10, centers: 4, nFeatures: 3, seed: 0 }).centers.shape, [4, 3]);
  const { x, y } = tn.data.xor();
  assert.deepEqual(x.tolist(), [[0, 0], [0, 1], [1, 0], [1, 1]]);
  assert.deepEqual(y.tolist(), [0, 1, 1, 0]);
  assert.equal(y.dtype, 'int32');
});

test('StandardScaler matches hand-computed population statistics; constant columns get scale 1', () => {
  const x = tn.tensor([[1, 10, 5], [3, 20, 5], [5, 60, 5]]);
  const scaler = new tn.data.StandardScaler();
  const z = scaler.fitTransform(x);
  // column 0: mean 3, var 8/3; column 1: mean 30, var (400 + 100 + 900) / 3; column 2 constant
  const s0 = Math.sqrt(8 / 3);
  const s1 = Math.sqrt(1400 / 3);
  const expected = [[-2 / s0, -20 / s1, 0], [0, -10 / s1, 0], [2 / s0, 30 / s1, 0]];
  matrix(z).forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) < 1e-6, `${i},${j}`)));
  assert.deepEqual(scaler.mean!.tolist(), [3, 30, 5]);
  assert.ok(Math.abs((scaler.variance!.tolist() as number[])[0]! - 8 / 3) < 1e-6);
  assert.deepEqual((scaler.scale!.tolist() as number[])[2], 1);
  const back = matrix(scaler.inverseTransform(z));
  back.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - (matrix(x)[i]![j]!)) < 1e-4)));
  assert.throws(() => scaler.transform(tn.ones([2, 2])), /expected 3 features \(as seen by fit\), found \[2,2\]/);
  assert.throws(() => new tn.data.StandardScaler().transform(x), /not fitted; call fit\(x\) first/);
  const kept = tn.tidy(() => new tn.data.StandardScaler().fit(x)); // statistics survive an enclosing tidy
  assert.equal(kept.mean!.isDisposed, false);
});

test('MinMaxScaler maps each column to the feature range', () => {
  const x = tn.tensor([[1, -2, 4], [3, 2, 4], [2, 0, 4]]);
  const scaler = new tn.data.MinMaxScaler([-1, 1]);
  assert.deepEqual(scaler.fitTransform(x).tolist(), [[-1, -1, -1], [1, 1, -1], [0, 0, -1]]);
  assert.deepEqual(scaler.dataMin!.tolist(), [1, -2, 4]);
  assert.deepEqual(scaler.dataMax!.tolist(), [3, 2, 4]);
  assert.deepEqual(scaler.inverseTransform(tn.tensor([[0, 0, -1]])).tolist(), [[2, 0, 4]]);
  const clipped = new tn.data.MinMaxScaler([0, 1], { clip: true }).fit(x).transform(tn.tensor([[5, -10, 4]]));
  assert.deepEqual(clipped.tolist(), [[1, 0, 0]]);
  assert.throws(() => new tn.data.MinMaxScaler([1, 0]), /featureRange must satisfy lo < hi, found \[1, 0\]/);
});
