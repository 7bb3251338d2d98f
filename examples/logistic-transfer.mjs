// Scenario 5 of the articles: logistic regression, multi-task and transfer, scikit-learn style.
//   Two related binary tasks on the same inputs from makeClassification(nSamples 1000, nFeatures 20,
//   nInformative 2, nRedundant 10) (scikit-learn's algorithm): task A is the generated labelling; task B's
//   boundary is task A's fitted boundary turned by a random perturbation of 80% of its norm. 80/20 split, accuracy.
//   (1) one logistic model per task; (2) one model serving both tasks: shared inputs, two logistic outputs,
//   trained on the sum of the two tasks' losses; (3) transfer: a task-B model whose coefficients and intercept
//   start from the task-A model (warm start) before it is fitted on only 20 task-B samples, against a cold start.
//   The L2-penalised logistic loss is strictly convex, so a fit run to convergence reaches the same optimum from
//   any start: the warm start saves iterations but cannot change the answer. To carry knowledge over, regularise
//   toward the source coefficients instead (L2-SP, in tasknet's transfer layer).
//   node examples/logistic-transfer.mjs
import * as tn from 'tasknet';

const { makeClassification, trainTestSplit } = tn.data;
const { LogisticRegression } = tn.estimators;

export function runLogisticTransfer({ seed = 0, targetSamples = 20, log = () => {} } = {}) {
  const { x, y: yA } = makeClassification({ nSamples: 1000, nFeatures: 20, nInformative: 2, nRedundant: 10, seed });
  const probe = new LogisticRegression().fit(x, yA);
  tn.manualSeed(seed + 1);
  const turned = tn.add(probe.coef, tn.mul(tn.randn(probe.coef.shape), 0.8 * tn.norm(probe.coef).item() / Math.sqrt(20)));
  const yB = tn.gt(tn.add(tn.matmul(x, tn.transpose(turned, 0, 1)).squeeze(1), probe.intercept), 0).int();
  const both = tn.stack([yA, yB], 1);
  const split = trainTestSplit(x, both, { testSize: 0.2, seed });
  const [trainA, trainB] = tn.split(split.yTrain, 1, 1).map((t) => t.squeeze(1));
  const [testA, testB] = tn.split(split.yTest, 1, 1).map((t) => t.squeeze(1));
  const r = {};

  const modelA = new LogisticRegression().fit(split.xTrain, trainA);
  const modelB = new LogisticRegression().fit(split.xTrain, trainB);
  r.separate = { A: modelA.score(split.xTest, testA), B: modelB.score(split.xTest, testB) };
  log(`(1) one model per task: test accuracy A ${(100 * r.separate.A).toFixed(1)}%, B ${(100 * r.separate.B).toFixed(1)}%`);

  // (2) one model, two logistic outputs: W [2, 20], b [2]; loss = BCE_A + BCE_B + ½λ‖W‖²
  tn.manualSeed(seed);
  const joint = new tn.nn.Linear(20, 2);
  const optimizer = new tn.optim.Adam(joint.parameters(), { lr: 0.05 });
  const targets = split.yTrain.float();
  for (let step = 0; step < 300; step++) {
    tn.tidy(() => {
      optimizer.zeroGrad();
      const logits = joint.forward(split.xTrain);
      const loss = tn.add(tn.mul(tn.binaryCrossEntropyWithLogits(logits, targets), 2), tn.mul(tn.l2Penalty([joint.weight]), 0.5 / 800));
      loss.backward();
      optimizer.step();
    });
  }
  const predicted = tn.noGrad(() => tn.gt(joint.forward(split.xTest), 0).int());
  const [pA, pB] = tn.split(predicted, 1, 1).map((t) => t.squeeze(1));
  r.joint = { A: tn.train.accuracy(testA, pA), B: tn.train.accuracy(testB, pB) };
  log(`(2) one model serving both tasks (two outputs, joint loss): test accuracy A ${(100 * r.joint.A).toFixed(1)}%, B ${(100 * r.joint.B).toFixed(1)}%`);

  // (3) transfer A → B with few target labels
  const fewX = tn.slice(split.xTrain, 0, 0, targetSamples);
  const fewY = tn.slice(trainB, 0, 0, targetSamples);
  const cold = new LogisticRegression().fit(fewX, fewY);
  const warm = new LogisticRegression().fit(fewX, fewY, { coefInit: modelA.coef, interceptInit: modelA.intercept });
  const sourceOnly = modelA.score(split.xTest, testB);
  r.transfer = {
    sourceOnly, cold: cold.score(split.xTest, testB), warm: warm.score(split.xTest, testB), coldIterations: cold.nIter, warmIterations: warm.nIter,
  };
  const pct = (v) => `${(100 * v).toFixed(1)}%`;
  log(`(3) task B from ${targetSamples} samples (task-A model as is: ${pct(sourceOnly)}):\n` +
    `    cold start ${pct(r.transfer.cold)} (${cold.nIter} L-BFGS iterations), warm start from task A ${pct(r.transfer.warm)} (${warm.nIter} iterations)`);
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runLogisticTransfer({ log: console.log });
}
