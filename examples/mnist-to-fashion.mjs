// Scenario 2 of the articles: train on MNIST, save the model to a file, load it back, continue training on
// Fashion-MNIST, report test loss and accuracy.
//   Inputs standardised with a StandardScaler (per pixel, fitted on the training images); Dense 128 ReLU → Dense 10
//   softmax; Adam lr 0.001; sparse categorical cross-entropy (tn.crossEntropy with int32 labels, on logits); 10 epochs,
//   batch 128, 10% of the training data held out for validation.
//   Corrected from the article: the scaler fitted on MNIST was reused for Fashion-MNIST, whose pixel statistics differ;
//   each data set gets its own scaler here. The softmax is folded into the loss (logits + crossEntropy), which is
//   the numerically stable form of softmax followed by categorical cross-entropy.
//   node examples/mnist-to-fashion.mjs [--epochs 10] [--limit 0] [--seed 0]
import * as tn from 'tasknet';

const { datasets, DataLoader, TensorDataset, StandardScaler } = tn.data;

async function loadScaled(load, limit, seed) {
  const train = await load({ split: 'train', flat: true });
  const test = await load({ split: 'test', flat: true });
  const n = limit > 0 ? Math.min(limit, train.x.shape[0]) : train.x.shape[0];
  const order = tn.tensor(new tn.Generator(seed).permutation(train.x.shape[0]).slice(0, n), { dtype: 'int32' });
  const x = tn.take(train.x, order, 0);
  const y = tn.take(train.y, order, 0);
  const nVal = Math.round(n / 10);
  const scaler = new StandardScaler();
  const xTrain = scaler.fitTransform(tn.slice(x, 0, nVal));
  return {
    train: [xTrain, tn.slice(y, 0, nVal)], validation: [scaler.transform(tn.slice(x, 0, 0, nVal)), tn.slice(y, 0, 0, nVal)],
    test: [scaler.transform(test.x), test.y],
  };
}

async function trainOn(model, set, { epochs, seed, progress }) {
  const loader = new DataLoader(new TensorDataset(...set.train), { batchSize: 128, shuffle: true, seed });
  const validation = new DataLoader(new TensorDataset(...set.validation), { batchSize: 1000 });
  const optimizer = new tn.optim.Adam(model.parameters(), { lr: 0.001 });
  await tn.train.fit(model, {
    train: loader, validation, loss: (out, y) => tn.crossEntropy(out, y), optimizer, epochs,
    metrics: [() => new tn.train.Accuracy()], progress,
  });
  return tn.train.evaluate(model, new DataLoader(new TensorDataset(...set.test), { batchSize: 1000 }), {
    loss: (out, y) => tn.crossEntropy(out, y), metrics: [() => new tn.train.Accuracy()],
  });
}

export async function runMnistToFashion({ epochs = 10, limit = 0, seed = 0, progress = false, path = 'runs/mnist-mlp', log = () => {} } = {}) {
  tn.manualSeed(seed);
  const model = new tn.models.MLP([784, 128, 10]);
  const mnist = await loadScaled((o) => datasets.mnist(o), limit, seed);
  const mnistTest = await trainOn(model, mnist, { epochs, seed, progress });
  log(`MNIST: test loss ${mnistTest.loss.toFixed(4)}, test accuracy ${(100 * mnistTest.accuracy).toFixed(2)}%`);
  await tn.models.saveModel(path, model);
  const loaded = await tn.models.loadModel(path);
  log(`saved to ${path}.safetensors/.json and loaded back (${loaded.numParameters()} parameters)`);
  const fashion = await loadScaled((o) => datasets.fashionMnist(o), limit, seed);
  const before = await tn.train.evaluate(loaded, new DataLoader(new TensorDataset(...fashion.test), { batchSize: 1000 }), {
    loss: (out, y) => tn.crossEntropy(out, y), metrics: [() => new tn.train.Accuracy()],
  });
  log(`Fashion-MNIST with the MNIST model as it is: test accuracy ${(100 * before.accuracy).toFixed(2)}%`);
  const fashionTest = await trainOn(loaded, fashion, { epochs, seed, progress });
  log(`Fashion-MNIST after continued training: test loss ${fashionTest.loss.toFixed(4)}, test accuracy ${(100 * fashionTest.accuracy).toFixed(2)}%`);
  return { mnist: mnistTest, fashionBefore: before, fashion: fashionTest };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = { epochs: 10, limit: 0, seed: 0 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown option --${key} (expected --epochs, --limit, --seed)`);
    args[key] = Number(argv[i + 1]);
  }
  console.log(`MNIST → Fashion-MNIST: 784 → 128 (ReLU) → 10, Adam lr 0.001, batch 128, ${args.epochs} epochs per data set, seed ${args.seed}`);
  await runMnistToFashion({ ...args, progress: true, log: console.log });
}
