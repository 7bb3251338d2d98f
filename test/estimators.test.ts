/** scikit-learn style estimators: accuracy against scikit-learn on the same split, warm starts, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const root = repoRoot();
const sklearn = JSON.parse(readFileSync(path.join(root, 'test/fixtures/sklearn-logistic.json'), 'utf8')) as Record<string, { test: number }>;
type Runner = (name: string, o: { write: boolean }) => Promise<{ test: number }>;
const { runLogistic } = (await import(pathToFileURL(path.join(root, 'examples/logistic-regression.mjs')).href)) as { runLogistic: Runner };

for (const name of ['breastCancer', 'digits']) {
  test(`LogisticRegression on ${name} matches scikit-learn's test accuracy within 1 point`, async () => {
    const ours = await runLogistic(name, { write: false });
    const theirs = sklearn[name]?.test ?? Number.NaN;
    assert.ok(Math.abs(ours.test - theirs) <= 0.01, `tasknet ${ours.test}, scikit-learn ${theirs}`);
  });
}

test('warm start from a related task converges in fewer iterations', () => {
  const { x, y } = tn.data.makeClassification({ nSamples: 1000, nFeatures: 20, nInformative: 2, nRedundant: 10, seed: 1 });
  const source = new tn.estimators.LogisticRegression().fit(x, y);
  const cold = new tn.estimators.LogisticRegression().fit(x, y);
  const warm = new tn.estimators.LogisticRegression().fit(x, y, { coefInit: source.coef!, interceptInit: source.intercept! });
  assert.ok(warm.nIter < cold.nIter, `warm ${warm.nIter} vs cold ${cold.nIter}`);
  assert.ok(Math.abs(warm.score(x, y) - cold.score(x, y)) < 0.01);
  const probs = source.predictProba(x);
  assert.deepEqual(probs.shape, [1000, 2]);
  assert.ok(Math.abs(tn.sum(probs).item() - 1000) < 1e-2);
});

test('LogisticRegression warm start (init: another model) converges sooner on a related task: the digits with more data', async () => {
  const set = await tn.data.datasets.digits();
  const x = new tn.data.StandardScaler().fitTransform(set.x);
  const m = Math.floor(set.y.size * 0.6);
  const first = tn.arange(0, m, 1, { dtype: 'int32' });
  const options = { tol: 1e-6, maxIter: 500 };
  const source = new tn.estimators.LogisticRegression(options).fit(tn.indexSelect(x, 0, first), tn.indexSelect(set.y, 0, first));
  const cold = new tn.estimators.LogisticRegression(options).fit(x, set.y);
  const warm = new tn.estimators.LogisticRegression(options).fit(x, set.y, { init: source });
  assert.ok(cold.converged && warm.converged);
  // measured: 92 L-BFGS iterations from zero, 77 from the model fitted on the first 60% (to the same optimum)
  assert.ok(warm.nIter < cold.nIter - 8, `warm ${warm.nIter} vs cold ${cold.nIter}`);
  const gap = tn.sub(warm.predictProba(x), cold.predictProba(x)).abs().max().item();
  assert.ok(gap < 1e-3, `probabilities differ by ${gap}`);
  // scikit-learn's warm_start: the next fit starts where the previous one ended (here: at the optimum already)
  const again = new tn.estimators.LogisticRegression({ warmStart: true }).fit(x, set.y);
  assert.ok(again.fit(x, set.y).nIter <= 2, `refit took ${again.nIter} iterations`);
});

test('warm start matches the init model by class label and says what does not fit', () => {
  const source = { classes: [0, 1, 2], coef: tn.tensor([[1, 2], [3, 4], [5, 6]]), intercept: tn.tensor([7, 8, 9]) };
  const start = tn.estimators.linearStartFrom;
  const binary = start(source, [0, 2], 2, 'fit'); // row of class 2 minus row of class 0
  assert.deepEqual([Array.from(binary.coef), Array.from(binary.intercept)], [[4, 4], [2]]);
  const subset = start(source, [1, 2, 5], 2, 'fit'); // label 5 is new: a zero row
  assert.deepEqual([Array.from(subset.coef), Array.from(subset.intercept)], [[3, 4, 5, 6, 0, 0], [8, 9, 0]]);
  const two = { classes: [0, 1], coef: tn.tensor([[1, 2]]), intercept: tn.tensor([3]) }; // class 0 is the zero row
  assert.deepEqual(Array.from(start(two, [0, 1, 2], 2, 'fit').coef), [0, 0, 1, 2, 0, 0]);
  const x = tn.tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1], [1, 1, 0]]);
  const y = tn.tensor([0, 1, 2, 1], { dtype: 'int32' });
  const clf = new tn.estimators.LogisticRegression();
  assert.throws(() => clf.fit(x, y, { init: source }), /LogisticRegression\.fit: the init model has coefficients \[3,2\] \(2 features\), the data has 3 features/);
  assert.throws(() => clf.fit(x, y, { init: new tn.estimators.LogisticRegression() }), /the init model is not fitted yet/);
  const other = { classes: [7, 8, 9], coef: tn.zeros([3, 3]), intercept: tn.zeros([3]) };
  assert.throws(() => clf.fit(x, y, { init: other }), /the init model's classes \[7, 8, 9\] share none of the data's classes \[0, 1, 2\]/);
  assert.throws(() => clf.fit(x, tn.tensor([0, 1, 0, 1], { dtype: 'int32' }), { init: { ...other, classes: [0, 8, 9] } }),
    /the init model's classes \[0, 8, 9\] must include both of the data's classes \[0, 1\]/);
  assert.throws(() => clf.fit(x, y, { coefInit: tn.zeros([2, 3]) }), /coefInit must have shape \[3,3\] \(3 classes, 3 features\), found \[2,3\]/);
  assert.throws(() => clf.fit(x, y, { interceptInit: tn.zeros([2]) }), /interceptInit must have 3 values, found 2/);
  assert.throws(() => clf.fit(x, y, { coefInit: tn.zeros([3, 3]), init: source }), /give coefInit\/interceptInit or init, not both/);
});

test('estimator errors say what was expected', () => {
  const clf = new tn.estimators.LogisticRegression();
  assert.throws(() => clf.predict(tn.zeros([2, 3])), /not fitted yet/);
  assert.throws(() => clf.fit(tn.zeros([4, 2]), tn.tensor([0, 1, 0, 1])), /labels must be int32 class values, found float32/);
  assert.throws(() => clf.fit(tn.zeros([4, 2]), tn.tensor([0, 0, 0, 0], { dtype: 'int32' })), /needs at least two classes, found 1/);
  assert.throws(() => clf.fit(tn.zeros([4, 2]), tn.tensor([0, 1, 0], { dtype: 'int32' })), /labels must be \[4\] to match features \[4,2\], found \[3\]/);
  assert.throws(() => new tn.estimators.LogisticRegression({ C: 0 }), /C must be positive, found 0/);
});

test('MLPClassifier learns the digits (64 hidden units, 50 epochs)', async () => {
  const set = await tn.data.datasets.digits();
  const split = tn.data.trainTestSplit(set.x, set.y, { testSize: 0.2, seed: 0, stratify: true });
  const scaler = new tn.data.StandardScaler();
  const clf = new tn.estimators.MLPClassifier({ hiddenLayerSizes: [64], maxIter: 50, randomState: 0 })
    .fit(scaler.fitTransform(split.xTrain), split.yTrain);
  const accuracy = clf.score(scaler.transform(split.xTest), split.yTest);
  assert.ok(accuracy > 0.95, `test accuracy ${accuracy}`); // scikit-learn's default MLPClassifier: 0.97 on this split
  assert.ok((clf.lossCurve.at(-1) ?? 1) < (clf.lossCurve[0] ?? 0));
  assert.deepEqual(clf.predictProba(scaler.transform(split.xTest)).shape, [split.yTest.size, 10]);
});
