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
