// Feature extraction with a cache vs full fine-tuning: seconds per training epoch on the same MNIST images.
//
//   node bench/transfer-cache.mjs [--samples 10000] [--model small-cnn|mlp] [--head-epochs 5] [--threads N]
//
// The network (tn.models.SmallCNN, or an MLP 784-512-256-10) is split into a backbone (all layers but the last)
// and its head (the last Linear). Three ways to train for one epoch on the same data, batch 128, Adam 1e-3:
//   full fine-tuning   every parameter trains (forward and backward through the whole network);
//   frozen, no cache   tn.transfer.freeze(backbone): only the head trains, but the backbone still runs forward;
//   cached features    the backbone runs once (tn.transfer.FeatureCache, timed separately as "extraction"), then
//                      the head trains on the cached [N, 128] or [N, 256] features.
// Each figure is the median over the timed epochs after one warm-up epoch of each kind on 1,000 samples. The
// ratio full / cached is the speed-up per epoch; `break-even` is the number of epochs after which extraction +
// cached epochs cost less than full fine-tuning epochs. The machine may be shared: compare the ratios, which are
// measured in the same run, rather than the seconds.
import * as tn from 'tasknet';

const USAGE = 'usage: node bench/transfer-cache.mjs [--samples N] [--model small-cnn|mlp] [--head-epochs N] [--full-epochs N] [--threads N]';
const options = { samples: 10000, model: 'small-cnn', headEpochs: 5, fullEpochs: 1, threads: undefined };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const [flag, value] = [argv[i], argv[i + 1]];
  if (value === undefined) { console.error(USAGE); process.exit(2); }
  if (flag === '--samples') options.samples = Number(value);
  else if (flag === '--model') options.model = value;
  else if (flag === '--head-epochs') options.headEpochs = Number(value);
  else if (flag === '--full-epochs') options.fullEpochs = Number(value);
  else if (flag === '--threads') options.threads = Number(value);
  else { console.error(`unknown argument ${flag}; ${USAGE}`); process.exit(2); }
}
if (!['small-cnn', 'mlp'].includes(options.model)) { console.error(`unknown model ${options.model}; ${USAGE}`); process.exit(2); }
if (options.threads !== undefined) tn.setNumThreads(options.threads);

const flat = options.model === 'mlp';
const all = await tn.data.datasets.mnist({ split: 'train', flat });
const [x, y] = tn.noGrad(() => [tn.narrow(all.x, 0, 0, options.samples), tn.narrow(all.y, 0, 0, options.samples)]);
const makeModel = () => (flat ? new tn.models.MLP([784, 512, 256, 10]) : new tn.models.SmallCNN());
const loaderOf = (a, b) => new tn.data.DataLoader(new tn.data.TensorDataset(a, b), { batchSize: 128, shuffle: true, seed: 0 });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Seconds of each of `epochs` epochs of fit. */
async function epochSeconds(model, params, loader, epochs) {
  const optimizer = new tn.optim.Adam(params, { lr: 1e-3 });
  const times = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    await tn.train.fit(model, { train: loader, loss: tn.crossEntropy, optimizer, epochs: 1, progress: false });
    times.push((performance.now() - t0) / 1000);
  }
  optimizer.dispose();
  return times;
}

/** One run of the three ways on `a`, `b`; returns seconds per epoch and the extraction time. */
async function measure(a, b, epochs) {
  tn.manualSeed(0);
  const full = makeModel();
  const fullTimes = await epochSeconds(full, full.parameters(), loaderOf(a, b), epochs.full);

  tn.manualSeed(0);
  const frozen = makeModel();
  tn.transfer.freeze(tn.transfer.backbone(frozen));
  const frozenTimes = await epochSeconds(frozen, frozen.parameters().filter((p) => p.requiresGrad), loaderOf(a, b), epochs.full);

  tn.manualSeed(0);
  const cachedModel = makeModel();
  const body = tn.transfer.backbone(cachedModel);
  tn.transfer.freeze(body);
  const cache = new tn.transfer.FeatureCache({ progress: false });
  const t0 = performance.now();
  const feats = await cache.get('mnist', body, new tn.data.DataLoader(new tn.data.TensorDataset(a, b), { batchSize: 500 }));
  const extraction = (performance.now() - t0) / 1000;
  const head = cachedModel.at(-1);
  const cachedTimes = await epochSeconds(head, head.parameters(), feats.loader({ batchSize: 128, shuffle: true, seed: 0 }), epochs.head);
  cache.clear();
  return { full: median(fullTimes), frozen: median(frozenTimes), cached: median(cachedTimes), extraction, featureShape: feats.x.shape };
}

const [wx, wy] = tn.noGrad(() => [tn.narrow(x, 0, 0, 1000), tn.narrow(y, 0, 0, 1000)]);
await measure(wx, wy, { full: 1, head: 1 }); // warm-up (JIT, kernels, buffer pools)
tn.dispose([wx, wy]);
const r = await measure(x, y, { full: options.fullEpochs, head: options.headEpochs });

const memory = tn.memory();
const fmt = (s) => `${s.toFixed(3)} s`;
console.log(`transfer-cache: ${options.model} on ${options.samples} MNIST training images, batch 128, Adam; backend ${memory.backend}` +
  `${options.threads === undefined ? '' : `, ${options.threads} thread(s)`}; Node ${process.version}`);
console.log(`  full fine-tuning          ${fmt(r.full)} per epoch (median of ${options.fullEpochs})`);
console.log(`  frozen backbone, no cache ${fmt(r.frozen)} per epoch (median of ${options.fullEpochs})   ${(r.full / r.frozen).toFixed(1)}× faster than full`);
console.log(`  head on cached features   ${fmt(r.cached)} per epoch (median of ${options.headEpochs})   ${(r.full / r.cached).toFixed(1)}× faster than full`);
console.log(`  extraction (once)         ${fmt(r.extraction)} for features [${r.featureShape.join(', ')}]`);
const breakEven = r.extraction / (r.full - r.cached);
console.log(`  break-even                extraction + k cached epochs < k full epochs from k = ${Math.max(1, Math.ceil(breakEven))}`);
console.log(JSON.stringify({ bench: 'transfer-cache', ...options, ...r, ratio: r.full / r.cached, backend: memory.backend }));
