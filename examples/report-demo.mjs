// A run report from a real short training run: an MLP 784-128-10 on 5,000 MNIST training images (10% held out for
// validation), 3 epochs of Adam with a one-cycle learning-rate schedule, then the full 10,000-image test set for the
// confusion matrix and the misclassified examples; plus the transfer curves of `npm run bench:transfer` where
// bench/results/transfer-*.json exist. Writes runs/report-demo/report.html, plots/*.svg and record.json.
//
//   node examples/report-demo.mjs [--train 5000] [--epochs 3] [--out runs/report-demo] [--transfer-dir bench/results]
//                                 [--screenshot]      (a full-page PNG of the report, with Debian's chromium)
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tn from 'tasknet';

const { DataLoader, TensorDataset, datasets } = tn.data;

const DEFAULTS = { train: 5000, epochs: 3, test: 10_000, seed: 0, batchSize: 64, maxLr: 3e-3, examples: 12, out: path.join('runs', 'report-demo'), transferDir: path.join('bench', 'results') };

/** Rows of a 2-D tensor as plain arrays. */
async function rows(t) {
  const data = await t.data();
  const [n, k] = t.shape;
  return Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * k, (i + 1) * k)));
}

/** Transfer scenarios from bench:transfer's JSON files in `dir` (skipping --quick runs and files being written). */
export async function readTransferResults(dir, log = () => {}) {
  if (!existsSync(dir)) return [];
  const files = (await readdir(dir)).filter((f) => /^transfer-.*\.json$/.test(f) && !f.endsWith('-quick.json')).sort();
  const scenarios = [];
  for (const file of files) {
    let result;
    try {
      result = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
    } catch (e) {
      log(`skipping ${file}: ${e.message}`);
      continue;
    }
    const curves = tn.report.transferCurves(result.runs ?? []);
    if (curves.length === 0) continue;
    const unlabelled = (result.runs ?? []).filter((r) => typeof r.labels !== 'number');
    const references = [...new Set(unlabelled.map((r) => r.method))].map((method) => {
      const accs = unlabelled.filter((r) => r.method === method).map((r) => r.accuracy);
      return { label: `${method} (no labels)`, value: accs.reduce((a, b) => a + b, 0) / accs.length };
    });
    scenarios.push({ title: result.scenario ?? file, description: result.description, curves, references });
  }
  return scenarios;
}

/**
 * Train the MLP and build the RunRecord: per-epoch logs (fit's history), per-step batch loss and learning rate,
 * test accuracy, confusion matrix and misclassified test images.
 */
export async function buildRecord(options = {}) {
  const o = { ...DEFAULTS, ...options };
  const log = o.log ?? ((line) => console.log(line));
  tn.manualSeed(o.seed);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const train = await datasets.mnist({ split: 'train', flat: true });
  const test = await datasets.mnist({ split: 'test', flat: true });
  const perm = Array.from(new tn.Generator(o.seed).permutation(train.x.shape[0]).slice(0, o.train));
  const nVal = Math.round(o.train / 10);
  const take = (set, idx) => [tn.take(set.x, tn.tensor(idx, { dtype: 'int32' }), 0), tn.take(set.y, tn.tensor(idx, { dtype: 'int32' }), 0)];
  const [xTrain, yTrain] = take(train, perm.slice(nVal));
  const [xVal, yVal] = take(train, perm.slice(0, nVal));
  const testIdx = Array.from({ length: Math.min(o.test, test.x.shape[0]) }, (_, i) => i);
  const [xTest, yTest] = take(test, testIdx);

  const model = new tn.models.MLP([784, 128, 10]);
  const loader = new DataLoader(new TensorDataset(xTrain, yTrain), { batchSize: o.batchSize, shuffle: true, seed: o.seed });
  const optimizer = new tn.optim.Adam(model.parameters(), { lr: o.maxLr });
  const scheduler = new tn.optim.OneCycleLR(optimizer, { maxLr: o.maxLr, epochs: o.epochs, stepsPerEpoch: loader.length });
  let batchLoss = NaN;
  const loss = (out, y) => {
    const l = tn.crossEntropy(out, y);
    batchLoss = l.item(); // the last call before onBatchEnd is the training batch's
    return l;
  };
  const steps = [];
  const recordSteps = {
    onBatchEnd: (step, _logs, ctx) => {
      steps.push({ step, epoch: ctx.epoch + 1, lr: ctx.optimizer.paramGroups[0].lr, loss: batchLoss });
    },
  };
  const history = await tn.train.fit(model, {
    train: loader, validation: new DataLoader(new TensorDataset(xVal, yVal), { batchSize: 500 }), loss, optimizer,
    epochs: o.epochs, metrics: [() => new tn.train.Accuracy()], progress: o.progress ?? true,
    callbacks: [recordSteps, new tn.train.LearningRateScheduler(scheduler, { perBatch: true })],
  });
  const trainSeconds = (performance.now() - t0) / 1000;

  const testLoader = new DataLoader(new TensorDataset(xTest, yTest), { batchSize: 1000 });
  const testLogs = await tn.train.evaluate(model, testLoader, { loss: tn.crossEntropy, metrics: [() => new tn.train.Accuracy()] });
  const probs = tn.softmax(await tn.train.predict(model, testLoader), -1);
  const p = await rows(probs);
  const truth = Array.from(await yTest.data());
  const predicted = p.map((r) => r.indexOf(Math.max(...r)));
  const confusion = tn.train.confusionMatrix(truth, predicted, { numClasses: 10 });
  const pixels = await xTest.data();
  const wrong = truth.map((t, i) => i).filter((i) => predicted[i] !== truth[i]);
  // the most confident mistakes first: the interesting ones
  wrong.sort((a, b) => p[b][predicted[b]] - p[a][predicted[a]]);
  const examples = wrong.slice(0, o.examples).map((i) => ({
    image: { width: 28, height: 28, pixels: Array.from(pixels.subarray(i * 784, (i + 1) * 784)) },
    trueLabel: truth[i], predictedLabel: predicted[i], confidence: p[i][predicted[i]],
  }));
  log(`test accuracy ${(100 * testLogs.accuracy).toFixed(2)}% on ${truth.length} images; ${wrong.length} misclassified`);
  return {
    name: `MNIST MLP 784-128-10, ${o.train} images, ${o.epochs} epochs`,
    startedAt,
    summary: {
      'test accuracy': testLogs.accuracy, 'test loss': testLogs.loss, 'test images': truth.length,
      'training images': o.train - nVal, 'validation images': nVal, 'data + training time': `${trainSeconds.toFixed(1)} s`,
      backend: tn.getBackend(),
    },
    config: {
      model: { name: 'MLP', sizes: [784, 128, 10] }, data: { dataset: 'mnist', train: o.train - nVal, validation: nVal, test: truth.length },
      optimizer: { name: 'Adam', scheduler: 'OneCycleLR', maxLr: o.maxLr }, epochs: o.epochs, batchSize: o.batchSize, seed: o.seed,
    },
    epochs: tn.report.epochsFromLogs(history.epochs),
    steps,
    transfer: await readTransferResults(o.transferDir, log),
    classification: { split: 'test', classNames: test.classes, confusion, examples },
  };
}

/** A full-page screenshot of `html` with Debian's chromium through playwright-core. */
export async function screenshot(html, png) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(`file://${path.resolve(html)}`, { waitUntil: 'load' });
    await page.screenshot({ path: png, fullPage: true });
  } finally {
    await browser.close();
  }
}

function parseArgs(argv) {
  const args = { ...DEFAULTS, screenshot: false };
  const names = { '--train': 'train', '--epochs': 'epochs', '--out': 'out', '--transfer-dir': 'transferDir' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--screenshot') { args.screenshot = true; continue; }
    const key = names[argv[i]];
    if (key === undefined || argv[i + 1] === undefined) throw new Error(`unknown option or missing value: ${argv[i]} (expected ${Object.keys(names).join(', ')}, --screenshot)`);
    args[key] = typeof DEFAULTS[key] === 'number' ? Number(argv[++i]) : argv[++i];
  }
  return args;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const record = await buildRecord(args);
  const { html, plots } = await tn.report.writeReport(args.out, record);
  await mkdir(args.out, { recursive: true });
  await writeFile(path.join(args.out, 'record.json'), `${JSON.stringify(record)}\n`);
  console.log(`wrote ${html} and ${plots.length} files under ${path.join(args.out, 'plots')}`);
  if (args.screenshot) {
    const png = path.join(args.out, 'screenshot.png');
    await screenshot(html, png);
    console.log(`screenshot: ${png}`);
  }
}
