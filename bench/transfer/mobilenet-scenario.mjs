// Scenario 5 of `npm run bench:transfer`: the imported Keras MobileNetV2 of npm `nsfwjs` as a frozen feature
// extractor on a small real image task, Fashion-MNIST with 10 or 100 labels per class.
//   Pool: 2,000 Fashion-MNIST training images (fixed draw, seed 0); each seed draws its labelled images from it.
//   Test: the first 2,000 Fashion-MNIST test images.
//   mobilenet-features  images bilinearly upscaled to 96×96, grey copied to RGB, pixels in [0, 1] (nsfwjs's input);
//                       MobileNetV2's last feature map ('out_relu') averaged over space → [N, 1280], computed once;
//                       a Linear head;
//   mnist-cnn-features  the MNIST SmallCNN's convolutional base (mnist-fashion's source) → [N, 3136]; a Linear head;
//   scratch             a SmallCNN trained on the 28×28 images.
//   Heads and the scratch network: Adam 1e-3, batch 32, about 400 steps.
import * as tn from 'tasknet';
import { accuracy, meanStd, perClassSubset, permutation, rows, selectBudgets, sourceModel, trainClassifier } from './common.mjs';
import { baseFeatures } from './image-methods.mjs';

const SIZE = 96;

/** Bilinear (half-pixel centres) 28×28 → SIZE×SIZE of `n` grey images, as [n, 3, SIZE, SIZE]. */
function upscaleRgb(grey, n) {
  const out = new Float32Array(n * 3 * SIZE * SIZE);
  const scale = 28 / SIZE;
  const plane = SIZE * SIZE;
  for (let k = 0; k < n; k++) {
    const src = grey.subarray(k * 784, k * 784 + 784);
    for (let i = 0; i < SIZE; i++) {
      const sy = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), 27);
      const y0 = Math.floor(sy);
      const y1 = Math.min(y0 + 1, 27);
      const wy = sy - y0;
      for (let j = 0; j < SIZE; j++) {
        const sx = Math.min(Math.max((j + 0.5) * scale - 0.5, 0), 27);
        const x0 = Math.floor(sx);
        const x1 = Math.min(x0 + 1, 27);
        const wx = sx - x0;
        const v = (src[y0 * 28 + x0] * (1 - wx) + src[y0 * 28 + x1] * wx) * (1 - wy) + (src[y1 * 28 + x0] * (1 - wx) + src[y1 * 28 + x1] * wx) * wy;
        for (let c = 0; c < 3; c++) out[(k * 3 + c) * plane + i * SIZE + j] = v;
      }
    }
  }
  return tn.tensor(out, { shape: [n, 3, SIZE, SIZE] });
}

/** MobileNetV2 features of (x, y), upscaling 50 images at a time. */
async function mobilenetFeatures(body, x, y) {
  const grey = x.dataSync();
  const n = x.shape[0];
  function* batches() {
    for (let start = 0; start < n; start += 50) {
      const len = Math.min(50, n - start);
      yield [upscaleRgb(grey.subarray(start * 784, (start + len) * 784), len), tn.narrow(y, 0, start, len)];
    }
  }
  return tn.transfer.extractFeatures(body, batches(), { progress: false });
}

/** Run the MobileNetV2 scenario: per-class budgets × methods × seeds not in `done`; `record(row)` after each run. */
export async function runMobileNetScenario(name, { seeds, budgets, quick, done, record, log }) {
  const train = await tn.data.datasets.fashionMnist({ split: 'train' });
  const test = await tn.data.datasets.fashionMnist({ split: 'test' });
  const pool = rows(train.x, train.y, permutation(0, 60000).slice(0, quick ? 300 : 2000));
  const held = rows(test.x, test.y, Array.from({ length: quick ? 200 : 2000 }, (_, i) => i));
  tn.dispose([train.x, train.y, test.x, test.y]);

  let t0 = performance.now();
  const mobilenet = (await tn.models.nsfwjsMobileNetV2()).eval();
  const featureMap = mobilenet.upTo('out_relu'); // [N, 1280, 3, 3] at 96×96 (the model's own 7×7 pooling needs 224×224)
  tn.transfer.freeze(featureMap);
  const body = (x) => tn.mean(featureMap.forward(x), [2, 3]);
  const mobile = { train: await mobilenetFeatures(body, ...pool), test: await mobilenetFeatures(body, ...held) };
  log(`  mobilenet: features of ${pool[0].shape[0] + held[0].shape[0]} images at ${SIZE}×${SIZE} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  t0 = performance.now();
  const mnistCnn = await sourceModel(quick ? 'mnist-smallcnn-quick' : 'mnist-smallcnn', () => { throw new Error('run the mnist-fashion or mnist-digits scenario first: it trains the MNIST source model'); }, log);
  const conv = { train: await baseFeatures(mnistCnn, ...pool), test: await baseFeatures(mnistCnn, ...held) };

  const labels = Array.from(pool[1].dataSync());
  const methods = {
    'mobilenet-features': (idx, epochs, seed) => linearHead(mobile, 1280, idx, epochs, seed),
    'mnist-cnn-features': (idx, epochs, seed) => linearHead(conv, 3136, idx, epochs, seed),
    scratch: async (idx, epochs, seed) => {
      tn.manualSeed(seed);
      const model = new tn.models.SmallCNN({ numClasses: 10 });
      const [x, y] = rows(...pool, idx);
      await trainClassifier(model, x, y, { epochs, seed });
      tn.dispose([x, y]);
      return accuracy(model, ...held);
    },
  };
  const all = [10, 100].map((perClass) => ({ label: `${perClass}/class`, perClass }));
  for (const { label: budget, perClass } of quick ? all.slice(0, 1) : selectBudgets(name, all, budgets)) {
    const epochs = quick ? 2 : Math.ceil(400 / Math.ceil((10 * perClass) / 32));
    for (const [method, run] of Object.entries(methods)) {
      const accs = [];
      for (const seed of seeds) {
        if (done.has(`${budget}|${method}|${seed}`)) continue;
        const idx = perClassSubset(labels, perClass, 1000 + seed, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        const start = performance.now();
        const acc = await run(idx, epochs, seed);
        accs.push(acc);
        record({ budget, labels: idx.length, epochs, method, seed, accuracy: acc, seconds: (performance.now() - start) / 1000 });
      }
      if (accs.length > 0) {
        const { mean, std } = meanStd(accs);
        log(`  mobilenet ${budget} ${method}: ${(100 * mean).toFixed(1)} ± ${(100 * std).toFixed(1)} %`);
      }
    }
  }
}

/** A Linear head trained on the cached features' rows `idx`; its test accuracy. */
async function linearHead(features, dim, idx, epochs, seed) {
  tn.manualSeed(seed);
  const head = new tn.nn.Linear(dim, 10);
  const [x, y] = rows(features.train.x, features.train.y, idx);
  await trainClassifier(head, x, y, { epochs, seed });
  tn.dispose([x, y]);
  return accuracy(head, features.test.x, features.test.y);
}
