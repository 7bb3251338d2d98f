// scikit-learn style logistic regression on real data (scikit-learn's breast-cancer and digits sets),
// standardised, 80/20 stratified split (seed 0). Run tools/reference/sklearn_logistic.py with Debian's
// python3-sklearn for scikit-learn's accuracy on the very same split (the split indices are written to
// runs/logistic-split-<name>.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import * as tn from 'tasknet';

const { datasets, trainTestSplit, StandardScaler } = tn.data;

export async function runLogistic(name, { C = 1, seed = 0, write = true } = {}) {
  const set = await datasets[name]();
  const split = trainTestSplit(set.x, set.y, { testSize: 0.2, seed, stratify: true });
  const scaler = new StandardScaler();
  const xTrain = scaler.fitTransform(split.xTrain);
  const xTest = scaler.transform(split.xTest);
  const start = performance.now();
  const clf = new tn.estimators.LogisticRegression({ C, maxIter: 1000 }).fit(xTrain, split.yTrain);
  const seconds = (performance.now() - start) / 1000;
  const result = { name, train: clf.score(xTrain, split.yTrain), test: clf.score(xTest, split.yTest), iterations: clf.nIter, seconds };
  if (write) {
    mkdirSync('runs', { recursive: true });
    writeFileSync(`runs/logistic-split-${name}.json`, JSON.stringify({
      train: Array.from(split.trainIndices), test: Array.from(split.testIndices), C,
    }));
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const name of ['breastCancer', 'digits']) {
    const r = await runLogistic(name);
    console.log(`${name.padEnd(13)} train accuracy ${(100 * r.train).toFixed(2)}%   test accuracy ${(100 * r.test).toFixed(2)}%   ` +
      `(L-BFGS ${r.iterations} iterations, ${r.seconds.toFixed(2)} s)`);
  }
}
