// `tasknet mtl CONFIG`, run in-process on tiny MultiMNIST: the run folder (config, metrics with per-step task
// weights, checkpoints of the multi-task network and of each single-task baseline, the report with its Δm% table),
// the JSON result, --resume, and configs rejected before any work starts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface Captured { text: string; write(s: string): boolean }
type RunCli = (argv: readonly string[], io: { stdout: Captured; stderr: Captured; cwd?: string; env?: Record<string, string | undefined> }) => Promise<number>;
type Line = Record<string, unknown>;

const capture = (): Captured => ({ text: '', write(s: string) { this.text += s; return true; } });

let runCli: RunCli;
let dir: string;

before(async () => {
  ({ runCli } = await import(pathToFileURL(join(repoRoot(), 'dist/cli/main.js')).href) as { runCli: RunCli });
  dir = mkdtempSync(join(tmpdir(), 'tasknet-cli-mtl-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Write a YAML config into the temporary folder; returns its name. */
function writeConfig(name: string, yaml: string): string {
  writeFileSync(join(dir, name), yaml);
  return name;
}

const TINY = `
data: {dataset: multi-mnist, limit: 300, testLimit: 200, validation: 0.1}
architecture: {name: hard-sharing, hidden: [32]}
weighting: uncertainty
training: {epochs: 1, batchSize: 32}
`;

async function mtl(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string; events: Line[] }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runCli(['mtl', ...argv], { stdout, stderr, cwd: dir, env: {} });
  const events = argv.includes('--json') ? stdout.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line) : [];
  return { code, stdout: stdout.text, stderr: stderr.text, events };
}

const metrics = (run: string): Line[] =>
  readFileSync(join(run, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line);

describe('tasknet mtl', () => {
  let run = '';
  let result: Line = {};

  test('trains the multi-task network and the baselines, and writes the run folder with the Δm% report', async () => {
    const { code, stderr, events } = await mtl([writeConfig('tiny.yaml', TINY), '--json']);
    assert.equal(code, 0, stderr);
    const found = events.find((e) => e.event === 'result');
    assert.ok(found !== undefined, 'a result event');
    result = found;
    run = result.run as string;
    assert.ok(run.startsWith(join(dir, 'runs', 'tiny-')), run);
    // the result: Δm% from the test accuracies of both networks
    const tasks = result.tasks as Record<string, { metric: string; value: number; baseline: number }>;
    assert.deepEqual(Object.keys(tasks), ['left', 'right']);
    for (const t of Object.values(tasks)) {
      assert.equal(t.metric, 'accuracy');
      assert.ok(t.value >= 0 && t.value <= 1 && t.baseline > 0 && t.baseline <= 1, JSON.stringify(t));
    }
    const expected = 50 * ((tasks.left!.value - tasks.left!.baseline) / tasks.left!.baseline + (tasks.right!.value - tasks.right!.baseline) / tasks.right!.baseline);
    assert.ok(Math.abs((result.deltaM as number) - expected) < 1e-9, `deltaM ${String(result.deltaM)} vs ${expected}`);
    assert.equal(result.epochs, 1);
    assert.equal(result.bestEpoch, 1);
    // events: one epoch of the multi-task phase and one per baseline
    const epochs = events.filter((e) => e.event === 'epoch');
    assert.deepEqual(epochs.map((e) => e.phase ?? 'multi-task'), ['multi-task', 'single-left', 'single-right']);

    // the folder
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as Line;
    assert.equal(config.weighting, 'uncertainty');
    assert.equal(config.name, 'tiny');
    assert.equal((config.training as Line).monitor, 'val_loss');
    for (const file of ['checkpoints/best.json', 'checkpoints/last.json', 'checkpoints/single-left/best.json', 'checkpoints/single-right/best.json', 'record.json']) {
      assert.ok(existsSync(join(run, file)), file);
    }
    const lines = metrics(run);
    const steps = lines.filter((l) => l.type === 'step' && l.phase === undefined);
    assert.equal(steps.length, Math.ceil(270 / 32));
    for (const s of steps) {
      for (const key of ['loss', 'loss_left', 'loss_right', 'weight_left', 'weight_right', 'lr']) assert.equal(typeof s[key], 'number', `${key} in ${JSON.stringify(s)}`);
    }
    assert.notEqual(steps.at(-1)!.weight_left, 1, 'uncertainty weighting moves the weights');
    const epoch = lines.find((l) => l.type === 'epoch' && l.phase === undefined)!;
    for (const key of ['val_loss', 'val_accuracy_left', 'val_accuracy_right', 'weight_left']) assert.equal(typeof epoch[key], 'number', key);
    assert.equal(lines.filter((l) => l.type === 'step' && l.phase === 'single-left').length, steps.length);
    assert.deepEqual(lines.filter((l) => l.type === 'test').map((l) => l.phase ?? 'multi-task'), ['multi-task', 'single-left', 'single-right']);
    // the report: the Δm% table with both tasks, per-task curves and task weights
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    assert.match(html, /Δm%/);
    assert.match(html, /left/);
    assert.match(html, /right/);
    const plots = readdirSync(join(run, 'plots'));
    for (const plot of ['task-weights.svg', 'task-accuracy.svg', 'loss-per-step.svg']) assert.ok(plots.includes(plot), `${plot} in ${plots.join(', ')}`);
    assert.equal(result.report, join(run, 'report.html'));
  });

  test('human output: the result line names Δm, each task with its baseline and the report', async () => {
    const { code, stdout, stderr } = await mtl([writeConfig('quiet.yaml', TINY), '--quiet', '--weighting', 'equal', '--baselines', 'false']);
    assert.equal(code, 0, stderr);
    assert.match(stdout.trim(), /^left \d+\.\d% · right \d+\.\d% · report runs\/quiet-[\d-]+\/report\.html$/);
    const { code: code2, stdout: out2 } = await mtl([writeConfig('quiet2.yaml', TINY), '--quiet', '--weighting', 'pcgrad']);
    assert.equal(code2, 0);
    assert.match(out2.trim(), /^Δm [+−]\d+\.\d\d% · left \d+\.\d% \(single \d+\.\d%\) · right \d+\.\d% \(single \d+\.\d%\) · report runs\/quiet2-/);
  });

  test('--resume of a finished run keeps the multi-task phase and trains the baselines again', async () => {
    const before = metrics(run);
    const { code, stderr, events } = await mtl(['--resume', run, '--json']);
    assert.equal(code, 0, stderr);
    const again = events.find((e) => e.event === 'result')!;
    assert.deepEqual(again.test, result.test, 'the same best multi-task checkpoint is tested');
    assert.deepEqual(again.tasks, result.tasks, 'the baselines train the same way again');
    const lines = metrics(run);
    assert.equal(lines.length, before.length, 'no duplicated records');
    assert.deepEqual(lines.filter((l) => l.phase === undefined), before.filter((l) => l.phase === undefined));
  });

  test('Ctrl-C stops after the batch with exit 130 and a resume hint; --resume then ends as an uninterrupted run', async () => {
    // Ctrl-C (a SIGINT the process receives) as soon as the first epoch of a 2-epoch run has ended
    const stdout = capture();
    const stderr = capture();
    const write = stdout.write.bind(stdout);
    let sent = false;
    stdout.write = (text: string) => {
      if (!sent && text.includes('"event":"epoch"')) { sent = true; process.emit('SIGINT'); }
      return write(text);
    };
    const config = writeConfig('stopped.yaml', TINY.replace('epochs: 1', 'epochs: 2'));
    const code = await runCli(['mtl', config, '--json'], { stdout, stderr, cwd: dir, env: {} });
    assert.equal(code, 130, stderr.text);
    const stopped = readdirSync(join(dir, 'runs')).find((d) => d.startsWith('stopped-'))!;
    assert.match(stderr.text, new RegExp(`interrupted; .*continue with: tasknet mtl --resume .*${stopped}`));
    const runDir = join(dir, 'runs', stopped);
    assert.deepEqual(metrics(runDir).filter((l) => l.type === 'epoch').map((l) => l.epoch), [1]);

    const { code: resumedCode, stderr: err, events } = await mtl(['--resume', runDir, '--json']);
    assert.equal(resumedCode, 0, err);
    assert.deepEqual(events.filter((e) => e.event === 'epoch').map((e) => `${String(e.phase ?? 'multi-task')} ${String(e.epoch)}`),
      ['multi-task 2', 'single-left 1', 'single-left 2', 'single-right 1', 'single-right 2']);
    const steps = metrics(runDir).filter((l) => l.type === 'step' && l.phase === undefined).map((l) => l.step);
    assert.deepEqual(steps, Array.from({ length: 2 * Math.ceil(270 / 32) }, (_, i) => i + 1), 'steps go on from the first epoch');
    const resumed = events.find((e) => e.event === 'result')!;
    assert.equal(resumed.epochs, 2);
    // the same as a run of 2 epochs never stopped
    const whole = await mtl([writeConfig('whole.yaml', TINY.replace('epochs: 1', 'epochs: 2')), '--json']);
    assert.equal(whole.code, 0, whole.stderr);
    assert.deepEqual(resumed.test, whole.events.find((e) => e.event === 'result')!.test);
    assert.equal(resumed.deltaM, whole.events.find((e) => e.event === 'result')!.deltaM);
  });

  test('an unknown weighting is rejected before any work, naming the key and the allowed values', async () => {
    const { code, stderr, events } = await mtl([writeConfig('bad-weighting.yaml', TINY.replace('uncertainty', 'magic')), '--json']);
    assert.equal(code, 3);
    assert.match(stderr, /weighting: expected one of "equal", "uncertainty", "dwa", "rlw", "gradnorm", "pcgrad", "cagrad", "mgda", found "magic"/);
    assert.equal(events.find((e) => e.event === 'error')?.exitCode, 3);
    assert.ok(!readdirSync(join(dir, 'runs')).some((d) => d.startsWith('bad-weighting')), 'no run folder');
  });

  test('unknown keys and monitors the run does not log are rejected', async () => {
    const typo = await mtl([writeConfig('typo.yaml', TINY.replace('hidden:', 'hiden:')), '--quiet']);
    assert.equal(typo.code, 3);
    assert.match(typo.stderr, /architecture\.hiden: unknown key \(expected one of name, hidden, experts\)/);
    const flag = await mtl(['tiny.yaml', '--training.epoch', '2', '--quiet']);
    assert.equal(flag.code, 3);
    assert.match(flag.stderr, /training\.epoch: unknown key/);
    const monitor = await mtl(['tiny.yaml', '--training.monitor', 'val_accuracy', '--quiet']);
    assert.equal(monitor.code, 3);
    assert.match(monitor.stderr, /training\.monitor: expected one of val_loss, val_loss_left, val_accuracy_left, .* found 'val_accuracy'/);
    const usage = await mtl(['--quiet']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /expected one CONFIG file, found none/);
  });
});
