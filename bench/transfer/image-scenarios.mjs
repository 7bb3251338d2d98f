// Scenarios 1–3 of `npm run bench:transfer`: data, source models and the grid of label budgets.
//   1 mnist-fashion   MNIST → Fashion-MNIST, 1% / 10% / 100% of the 60,000 training labels, tested on the 10,000;
//   2 mnist-digits    MNIST → scikit-learn digits (8×8, 0–16, redrawn as 28×28 MNIST-style images), 5 / 10 / 30
//                     labels per class drawn from a fixed pool of 1,000, tested on the other 797; same 10 labels;
//   3 fashion-split   Fashion-MNIST classes 0–4 (source) → classes 5–9 (target, relabelled 0–4), 1% / 10% / 100%
//                     of the 30,000 target training labels, tested on the 5,000 test images of those classes.
// Source models are SmallCNNs trained once with seed 0 (Adam 1e-3, batch 128, 2 epochs) and cached on disk.
import * as tn from 'tasknet';
import { meanStd, memoryMb, perClassSubset, permutation, rows, selectBudgets, sourceModel, trainClassifier, accuracy } from './common.mjs';
import { IMAGE_METHODS, baseFeatures, runImageMethod } from './image-methods.mjs';

const SOURCE_EPOCHS = 2;

async function trainSource(numClasses, x, y) {
  tn.manualSeed(0);
  const model = new tn.models.SmallCNN({ numClasses });
  await trainClassifier(model, x, y, { epochs: SOURCE_EPOCHS, seed: 0 });
  return model;
}

/** Bilinear resize (half-pixel centres, as PyTorch's align_corners=False) of one square grey image. */
function resize(src, from, to) {
  const out = new Float32Array(to * to);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const sy = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, from - 1);
    const wy = sy - y0;
    for (let j = 0; j < to; j++) {
      const sx = Math.min(Math.max((j + 0.5) * scale - 0.5, 0), from - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, from - 1);
      const wx = sx - x0;
      const top = src[y0 * from + x0] * (1 - wx) + src[y0 * from + x1] * wx;
      const bottom = src[y1 * from + x0] * (1 - wx) + src[y1 * from + x1] * wx;
      out[i * to + j] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}

/** scikit-learn digits as MNIST-like images: values / 16, resized to 20×20, centred in 28×28 (MNIST's layout). */
export async function digitsAsMnist() {
  const { x, y } = await tn.data.datasets.digits();
  const n = x.shape[0];
  const pixels = x.dataSync();
  const out = new Float32Array(n * 784);
  for (let k = 0; k < n; k++) {
    const small = resize(pixels.subarray(k * 64, k * 64 + 64).map((v) => v / 16), 8, 20);
    for (let i = 0; i < 20; i++) out.set(small.subarray(i * 20, i * 20 + 20), k * 784 + (i + 4) * 28 + 4);
  }
  x.dispose();
  return { x: tn.tensor(out, { shape: [n, 1, 28, 28] }), y };
}

async function mnistSource(quick) {
  const { x, y } = await tn.data.datasets.mnist({ split: 'train' });
  const [sx, sy] = quick ? rows(x, y, permutation(0, 60000).slice(0, 2000)) : [x, y];
  return () => trainSource(10, sx, sy);
}

/** Rows of an image set whose label is in `classes`, relabelled to their index in `classes`. */
function classSubset(set, classes) {
  const labels = Array.from(set.y.dataSync());
  const idx = labels.flatMap((c, i) => (classes.includes(c) ? [i] : []));
  const [x] = rows(set.x, set.y, idx);
  const y = tn.tensor(Int32Array.from(idx, (i) => classes.indexOf(labels[i])), { dtype: 'int32' });
  return [x, y];
}

/** The scenario's data: source trainer, target train/test, label budgets and the rows each seed trains on. */
async function prepare(name, quick) {
  const fractions = [0.01, 0.1, 1];
  const fractionEpochs = { 0.01: 30, 0.1: 6, 1: 1 };
  if (name === 'mnist-fashion') {
    const train = await tn.data.datasets.fashionMnist({ split: 'train' });
    const test = await tn.data.datasets.fashionMnist({ split: 'test' });
    return {
      sourceName: quick ? 'mnist-smallcnn-quick' : 'mnist-smallcnn', trainSource: await mnistSource(quick), numClasses: 10,
      target: { train: [train.x, train.y], test: [test.x, test.y] },
      budgets: fractions.map((f) => ({ label: `${f * 100}%`, n: Math.round(f * 60000), epochs: fractionEpochs[f] })),
    };
  }
  if (name === 'fashion-split') {
    const train = await tn.data.datasets.fashionMnist({ split: 'train' });
    const test = await tn.data.datasets.fashionMnist({ split: 'test' });
    const [sx, sy] = classSubset(train, [0, 1, 2, 3, 4]);
    const [qx, qy] = quick ? rows(sx, sy, permutation(0, sx.shape[0]).slice(0, 2000)) : [sx, sy];
    const target = { train: classSubset(train, [5, 6, 7, 8, 9]), test: classSubset(test, [5, 6, 7, 8, 9]) };
    tn.dispose([train.x, train.y, test.x, test.y]);
    return {
      sourceName: quick ? 'fashion04-smallcnn-quick' : 'fashion04-smallcnn', trainSource: () => trainSource(5, qx, qy), numClasses: 5, target,
      budgets: [
        ...fractions.map((f) => ({ label: `${f * 100}%`, n: Math.round(f * 30000), epochs: fractionEpochs[f] })),
        // 1% (60 per class) is already enough for a SmallCNN on these five classes: fewer labels as in mnist-digits
        { label: '5/class', n: 25, perClass: 5, epochs: Math.ceil(400 / 1) },
      ],
    };
  }
  if (name === 'mnist-digits') {
    const digits = await digitsAsMnist();
    const order = permutation(0, digits.x.shape[0]);
    const pool = rows(digits.x, digits.y, order.slice(0, 1000));
    const test = rows(digits.x, digits.y, order.slice(1000));
    return {
      sourceName: quick ? 'mnist-smallcnn-quick' : 'mnist-smallcnn', trainSource: await mnistSource(quick), numClasses: 10,
      target: { train: pool, test }, perClass: true, zeroShot: true,
      // about 400 optimiser steps of batch 32 whatever the budget
      budgets: [5, 10, 30].map((k) => ({ label: `${k}/class`, n: 10 * k, perClass: k, epochs: Math.ceil(400 / Math.ceil((10 * k) / 32)) })),
    };
  }
  throw new Error(`unknown image scenario ${name}`);
}

/** The rows of the target pool a seed trains on for a budget. */
function labelledRows(target, budget, seed) {
  const n = target.train[0].shape[0];
  if (budget.perClass !== undefined) {
    const labels = Array.from(target.train[1].dataSync());
    return perClassSubset(labels, budget.perClass, 1000 + seed, [...new Set(labels)].sort((a, b) => a - b));
  }
  return budget.n >= n ? Array.from({ length: n }, (_, i) => i) : permutation(1000 + seed, n).slice(0, budget.n);
}

/**
 * Run image scenario `name`: every budget × method × seed not in `done` (keys `budget|method|seed`); `record(row)`
 * is called after each run so an interrupted run can resume.
 */
export async function runImageScenario(name, { seeds, budgets: wanted, quick, done, record, log, methods = IMAGE_METHODS }) {
  const data = await prepare(name, quick);
  const loadSource = () => sourceModel(data.sourceName, data.trainSource, log);
  const source = await loadSource();
  const budgets = quick ? data.budgets.slice(0, 1).map((b) => ({ ...b, epochs: 2 })) : selectBudgets(name, data.budgets, wanted);
  if (data.zeroShot && !done.has('no labels|source as is|0')) {
    record({ budget: 'no labels', method: 'source as is', seed: 0, accuracy: accuracy(source, ...data.target.test), seconds: 0 });
  }
  const t0 = performance.now();
  const features = { train: await baseFeatures(source, ...data.target.train), test: await baseFeatures(source, ...data.target.test) };
  log(`  ${name}: convolutional features of ${data.target.train[0].shape[0]} + ${data.target.test[0].shape[0]} images in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const budget of budgets) {
    for (const method of methods) {
      const accs = [];
      for (const seed of seeds) {
        if (done.has(`${budget.label}|${method}|${seed}`)) continue;
        const idx = labelledRows(data.target, budget, seed);
        const start = performance.now();
        const acc = await runImageMethod(method, { loadSource, numClasses: data.numClasses, target: data.target, features, idx, epochs: budget.epochs, seed });
        const seconds = (performance.now() - start) / 1000;
        accs.push(acc);
        record({ budget: budget.label, labels: idx.length, epochs: budget.epochs, method, seed, accuracy: acc, seconds });
      }
      if (accs.length > 0) {
        const { mean, std } = meanStd(accs);
        log(`  ${name} ${budget.label} ${method}: ${(100 * mean).toFixed(2)} ± ${(100 * std).toFixed(2)} % (${memoryMb()})`);
      }
    }
  }
}
