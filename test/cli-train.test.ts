// `tasknet train`, `eval`, `predict` and `inspect` end to end on the 8×8 digits and iris (small, committed data),
// and `--help`, `--version` and the exit codes of bad usage.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from 'tasknet/report';
import { resultOf, runFolders, tasknet, tempDir, writeFile } from './helpers/cli.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const DIGITS = `name: digits-mlp
data:
  dataset: digits
model:
  name: mlp
  hidden: [32]
training:
  epochs: 2
  batchSize: 32
optimizer:
  lr: 0.005
`;

describe('tasknet train', () => {
  let runDir = '';

  test('trains from a YAML config with flag overrides and writes the run folder', async () => {
    writeFile(dir, 'digits.yaml', DIGITS);
    const run = await tasknet(['train', 'digits.yaml', '--epochs', '3', '--optimizer.lr', '0.01', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    runDir = runFolders(dir)[0]!;
    assert.match(path.basename(runDir!), /^digits-mlp-\d{8}-\d{6}$/);
    const config = JSON.parse(readFileSync(path.join(runDir!, 'config.json'), 'utf8'));
    assert.equal(config.training.epochs, 3);
    assert.equal(config.optimizer.lr, 0.01);
    assert.equal(config.optimizer.name, 'adam', 'defaults are filled in the resolved config');
    for (const f of ['metrics.jsonl', 'report.html', 'record.json', 'checkpoints/best.json', 'checkpoints/best.safetensors', 'checkpoints/last.json']) {
      assert.ok(existsSync(path.join(runDir!, f)), f);
    }
    const lines = readFileSync(path.join(runDir!, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const steps = lines.filter((l) => l.type === 'step');
    assert.equal(lines.filter((l) => l.type === 'epoch').length, 3);
    assert.equal(steps.length, 3 * Math.ceil(1293 / 32), 'one line per optimiser step (1293 training rows after the validation split)');
    assert.ok(steps.every((s) => Number.isFinite(s.loss) && s.lr === 0.01));
    const result = resultOf(run);
    assert.ok((result.accuracy as number) > 0.85, `test accuracy ${result.accuracy}`);
    assert.equal(run.events.filter((e) => e.event === 'epoch').length, 3);
    const html = readFileSync(path.join(runDir!, 'report.html'), 'utf8');
    assert.match(html, /digits-mlp/);
    assert.match(html, /<svg/);
    assert.match(html, /[Cc]onfusion/);
  });

  test('eval on the built-in test split gives the accuracy the run reported', async () => {
    const trained = JSON.parse(readFileSync(path.join(runDir, 'record.json'), 'utf8'));
    const run = await tasknet(['eval', runDir, '--data', 'digits', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const result = resultOf(run);
    assert.equal(result.examples, 359);
    assert.equal(result.accuracy, trained.summary['test accuracy']);
    assert.equal((result.confusion as number[][]).flat().reduce((a, b) => a + b, 0), 359);
  });

  test('inspect shows the architecture, parameter counts and saved metrics', async () => {
    const run = await tasknet(['inspect', path.join(runDir, 'checkpoints', 'last')], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /architecture \{"name":"mlp","sizes":\[64,32,10\]/);
    assert.match(run.stdout, /parameters 2,410 \(2,410 trainable, 0 frozen\)/);
    assert.match(run.stdout, /saved after epoch 3/);
  });

  test('predict classifies PNG files, inverting dark-on-light drawings', async () => {
    // a digit from the test split drawn dark on light, 4× larger: predict must invert and shrink it
    const pixels = new Uint8Array(32 * 32).fill(255);
    for (let y = 6; y < 26; y++) for (let x = 14; x < 18; x++) pixels[y * 32 + x] = 0; // a "1"
    writeFileSync(path.join(dir, 'one.png'), encodePng({ width: 32, height: 32, channels: 1, data: pixels }));
    const run = await tasknet(['predict', runDir, 'one.png', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const [prediction] = resultOf(run).predictions as { input: string; label: string; probability: number; top: unknown[] }[];
    assert.equal(prediction!.input, 'one.png');
    assert.equal(prediction!.top.length, 3);
    assert.ok(prediction!.probability > 0 && prediction!.probability <= 1);
  });
});

test('train and predict on CSV rows: iris features standardised as in training', async () => {
  const header = 'sepal_length,sepal_width,petal_length,petal_width,species';
  const rows = ['5.1,3.5,1.4,0.2,setosa', '7.0,3.2,4.7,1.4,versicolor', '6.3,3.3,6.0,2.5,virginica'];
  const { iris } = await import('tasknet').then((tn) => tn.data.datasets);
  const set = await iris();
  const x = set.x.dataSync();
  const y = set.y.dataSync();
  const lines = Array.from(y, (c, i) => `${Array.from(x.subarray(i * 4, i * 4 + 4)).join(',')},${set.classes[c]}`);
  writeFile(dir, 'iris.csv', [header, ...lines].join('\n'));
  writeFile(dir, 'new.csv', [header, ...rows].join('\n'));
  writeFile(dir, 'iris.json', JSON.stringify({ name: 'iris', data: { train: { format: 'csv', path: 'iris.csv', target: 'species' }, validation: 0.2 }, model: { name: 'logistic' }, training: { epochs: 40, batchSize: 16 }, optimizer: { lr: 0.05 } }));
  const train = await tasknet(['train', 'iris.json', '--quiet'], dir);
  assert.equal(train.code, 0, train.stderr);
  const runDir = runFolders(dir).find((d) => path.basename(d).startsWith('iris-'))!;
  const run = await tasknet(['predict', runDir, 'new.csv', '--json'], dir);
  assert.equal(run.code, 0, run.stderr);
  const labels = (resultOf(run).predictions as { label: string }[]).map((p) => p.label);
  assert.deepEqual(labels, ['setosa', 'versicolor', 'virginica']);
  const evaluated = await tasknet(['eval', runDir, '--data', 'new.csv', '--json'], dir);
  assert.equal(resultOf(evaluated).accuracy, 1);
});

describe('help, version and usage errors', () => {
  test('--help lists every subcommand; each has its own help with examples', async () => {
    const run = await tasknet(['--help'], dir);
    assert.equal(run.code, 0);
    for (const name of ['train', 'eval', 'predict', 'transfer', 'mtl', 'inspect', 'bench', 'demo']) {
      assert.match(run.stdout, new RegExp(`^ {2}${name} `, 'm'), name);
      const help = await tasknet([name, '--help'], dir);
      assert.equal(help.code, 0, name);
      assert.match(help.stdout, /^usage: tasknet /);
      assert.match(help.stdout, /examples:\n {2}tasknet /, name);
    }
  });

  test('--version prints package.json\'s version', async () => {
    const run = await tasknet(['--version'], dir);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    assert.equal(run.stdout.trim(), pkg.version);
  });

  test('bad usage exits 2 with one line on stderr', async () => {
    for (const argv of [['frobnicate'], ['train'], ['eval', 'x'], ['train', 'a.yaml', '--resume']]) {
      const run = await tasknet(argv, dir);
      assert.equal(run.code, 2, `${argv.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, /^tasknet: .+\n$/);
    }
  });

  test('a missing checkpoint exits 4, a corrupt one 5', async () => {
    const missing = await tasknet(['inspect', 'nowhere/best'], dir);
    assert.equal(missing.code, 4, missing.stderr);
    writeFile(dir, 'broken.json', '{"format": "tasknet-checkpoint"');
    writeFile(dir, 'broken.safetensors', 'garbage');
    const corrupt = await tasknet(['inspect', 'broken'], dir);
    assert.equal(corrupt.code, 5, corrupt.stderr);
    assert.match(corrupt.stderr, /broken/);
  });
});
