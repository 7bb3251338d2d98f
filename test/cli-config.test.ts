// Rejected configs: every case exits before any work starts (no run folder), with a one-line message naming the
// offending key, what was expected and what was found, and the exit code of its kind (3 invalid, 4 missing file).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tasknet, tempDir, writeFile } from './helpers/cli.js';
import { repoRoot } from './helpers/repo.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const VALID = { name: 'ok', data: { dataset: 'iris' }, model: { name: 'logistic' }, training: { epochs: 1 } };

interface Case { readonly name: string; readonly file: string; readonly text: string; readonly args?: readonly string[]; readonly command?: string; readonly code: number; readonly message: RegExp }

const yaml = (o: unknown): string => JSON.stringify(o, null, 2); // JSON is YAML

const CASES: readonly Case[] = [
  { name: 'unknown key', file: 'a.yaml', text: 'data: {dataset: iris}\nmodel: {name: logistic}\ntraining: {epoch: 3}\n', code: 3,
    message: /a\.yaml: invalid config: training\.epoch: unknown key \(expected one of epochs, batchSize, earlyStopping, monitor\)/ },
  { name: 'unknown top-level key', file: 'b.json', text: JSON.stringify({ ...VALID, optimiser: { lr: 0.1 } }), code: 3,
    message: /optimiser: unknown key \(expected one of name, seed, backend, threads, output, data, model, optimizer, schedule, training\)/ },
  { name: 'wrong type', file: 'c.yaml', text: yaml({ ...VALID, optimizer: { lr: 'fast' } }), code: 3,
    message: /optimizer\.lr: expected a number, found "fast" \(a string\)/ },
  { name: 'out of range', file: 'd.yaml', text: yaml({ ...VALID, training: { epochs: 0 } }), code: 3, message: /training\.epochs: expected > 0, found 0 \(a number\)/ },
  { name: 'unknown model', file: 'e.yaml', text: yaml({ ...VALID, model: { name: 'transformer' } }), code: 3,
    message: /model\.name: expected one of "mlp", "logistic", "small-cnn", "lenet5", found "transformer"/ },
  { name: 'unknown option of a model', file: 'f.yaml', text: yaml({ ...VALID, model: { name: 'mlp', hiden: [3] } }), code: 3,
    message: /model\.hiden: unknown key \(expected one of name, hidden, activation, dropout\)/ },
  { name: 'missing section', file: 'g.yaml', text: yaml({ data: { dataset: 'iris' } }), code: 3, message: /model: expected .+, found nothing \(the key is required\)/ },
  { name: 'both a dataset and files', file: 'h.yaml', text: yaml({ ...VALID, data: { dataset: 'iris', train: { format: 'csv', path: 'x.csv', target: 'y' } } }), code: 3,
    message: /data\.train: give a built-in dataset or a train file, not both/ },
  { name: 'a wrong value from a flag', file: 'i.yaml', text: yaml(VALID), args: ['--epochs', 'many'], code: 3,
    message: /--training\.epochs: training\.epochs: expected a number, found "many"/ },
  { name: 'an unknown key from a flag', file: 'j.yaml', text: yaml(VALID), args: ['--optimizer.rate', '0.1'], code: 3, message: /--optimizer\.rate: optimizer\.rate: unknown key/ },
  { name: 'invalid YAML', file: 'k.yaml', text: 'data:\n  dataset: iris\n model: x\n', code: 3, message: /k\.yaml: not valid YAML at line \d+, column \d+/ },
  { name: 'invalid JSON', file: 'l.json', text: '{"data": {"dataset": "iris"},\n "model": }', code: 3, message: /l\.json: not valid JSON at line 2/ },
  { name: 'not a mapping', file: 'm.yaml', text: '- a\n- b\n', code: 3, message: /expected a mapping of keys to values at the top level, found a list/ },
  { name: 'a missing data file', file: 'n.yaml', text: yaml({ ...VALID, data: { train: { format: 'csv', path: 'nowhere.csv', target: 'y' } } }), code: 4,
    message: /data\.train\.path: file nowhere\.csv not found/ },
  { name: 'a missing IDX label file', file: 'o.yaml', text: yaml({ ...VALID, data: { train: { format: 'idx', images: 'n.yaml', labels: 'no-labels.idx' } } }), code: 4,
    message: /data\.train\.labels: file no-labels\.idx not found/ },
  { name: 'a missing config file', file: 'p.yaml', text: '', args: [], code: 4, message: /config file absent\.yaml not found/ },
  { name: 'transfer: a missing source checkpoint', file: 'q.yaml', command: 'transfer', text: yaml({ source: { checkpoint: 'runs/none' }, target: { dataset: 'digits' } }), code: 4,
    message: /source\.checkpoint: file \S*runs\/none\.json not found/ },
  { name: 'transfer: an unknown method', file: 'r.yaml', command: 'transfer', text: yaml({ source: { checkpoint: 'x' }, target: { dataset: 'digits' }, methods: ['finetune', 'distill'] }), code: 3,
    message: /methods\[1\]: expected one of "scratch", "finetune", "features", "l2sp", "lora", found "distill"/ },
  { name: 'transfer: a wrong type in the inline source config', file: 's.yaml', command: 'transfer', text: yaml({ source: { train: { ...VALID, name: undefined, training: { batchSize: -4 } } }, target: { dataset: 'digits' } }), code: 3,
    message: /source\.train\.training\.batchSize: expected > 0, found -4/ },
];

for (const c of CASES) {
  test(`rejected config: ${c.name} (exit ${c.code})`, async () => {
    writeFile(dir, c.file, c.text);
    const file = c.name === 'a missing config file' ? 'absent.yaml' : c.file;
    const run = await tasknet([c.command ?? 'train', file, ...(c.args ?? [])], dir);
    assert.equal(run.code, c.code, run.stderr);
    assert.match(run.stderr, c.message);
    assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
    assert.ok(!existsSync(path.join(dir, 'runs')), 'no run folder: rejected before any work');
  });
}

test('a valid config passes the same checks (the cases above differ from it in one place each)', async () => {
  writeFile(dir, 'valid.yaml', yaml(VALID));
  const run = await tasknet(['train', 'valid.yaml', '--quiet'], dir);
  assert.equal(run.code, 0, run.stderr);
  rmSync(path.join(dir, 'runs'), { recursive: true });
});

test('--json reports a rejected config as an error event too', async () => {
  writeFile(dir, 'bad.yaml', yaml({ ...VALID, seed: -1 }));
  const run = await tasknet(['train', 'bad.yaml', '--json'], dir);
  assert.equal(run.code, 3);
  const [event] = run.events;
  assert.equal(event!.event, 'error');
  assert.equal(event!.exitCode, 3);
  assert.match(String(event!.message), /seed: expected ≥ 0, found -1/);
});

test('the example configs in examples/configs validate against their command\'s schema', async () => {
  const { loadConfig, schema } = await import('tasknet/cli');
  const configs = path.join(repoRoot(), 'examples', 'configs');
  const byCommand: Record<string, typeof schema.TrainConfig | typeof schema.TransferConfig | typeof schema.MultiTaskConfig> = {
    'mnist-mlp.yaml': schema.TrainConfig, 'iris.json': schema.TrainConfig, 'mnist-to-digits.yaml': schema.TransferConfig, 'multi-mnist.yaml': schema.MultiTaskConfig,
  };
  assert.deepEqual(readdirSync(configs).sort(), Object.keys(byCommand).sort(), 'every example config is checked');
  for (const [file, s] of Object.entries(byCommand)) {
    const loaded = await loadConfig(file, { schema: s, cwd: configs });
    assert.ok(loaded.config, file);
  }
});
