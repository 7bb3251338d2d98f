// Ctrl-C during `tasknet train`: exit code 130 with a resume hint after the current batch, the last completed epoch
// kept; `--resume` then finishes the run with the same results as an uninterrupted one (seeded loader, generator
// state and optimiser state in the checkpoint). SIGINT is emitted in-process: this sandbox starts processes with
// SIGINT ignored, and the handler is what matters.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli } from 'tasknet/cli';
import { resultOf, runFolders, tasknet, tempDir, writeFile } from './helpers/cli.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = 'data: {dataset: digits, validation: 0.2}\nmodel: {name: mlp, hidden: [32], dropout: 0.2}\ntraining: {epochs: 4, batchSize: 32}\nschedule: {name: cosine}\n';

test('Ctrl-C saves a resumable run; --resume ends where an uninterrupted run ends', async () => {
  writeFile(dir, 'a.yaml', `name: whole\n${CONFIG}`);
  writeFile(dir, 'b.yaml', `name: stopped\n${CONFIG}`);
  const whole = await tasknet(['train', 'a.yaml', '--json'], dir);
  assert.equal(whole.code, 0, whole.stderr);

  let stderr = '';
  let sent = false;
  const code = await runCli(['train', 'b.yaml', '--json'], {
    cwd: dir,
    stdout: { write: (s: string) => { if (!sent && s.includes('"event":"epoch"') && s.includes('"epoch":2')) { sent = true; process.emit('SIGINT'); } } },
    stderr: { write: (s: string) => { stderr += s; } },
  });
  assert.equal(code, 130, stderr);
  assert.match(stderr, /^tasknet: interrupted; the last completed epoch is saved in .+checkpoints\/last; continue with: tasknet train --resume .+stopped-\d{8}-\d{6}\n$/);
  const stopped = runFolders(dir).find((d) => path.basename(d).startsWith('stopped-'))!;
  const epochsBefore = readFileSync(path.join(stopped, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"type":"epoch"')).length;
  assert.equal(epochsBefore, 2, 'interrupted during epoch 3: epochs 1 and 2 are kept');

  const resumed = await tasknet(['train', '--resume', stopped, '--json'], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  const a = resultOf(whole);
  const b = resultOf(resumed);
  assert.equal(b.epochs, 4);
  assert.equal(b.accuracy, a.accuracy);
  const lastEpoch = (d: string): Record<string, number> => readFileSync(path.join(d, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'epoch').at(-1);
  const wholeDir = runFolders(dir).find((d) => path.basename(d).startsWith('whole-'))!;
  assert.deepEqual(lastEpoch(stopped), lastEpoch(wholeDir), 'epoch 4 logs equal bit for bit');
  const steps = readFileSync(path.join(stopped, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'step').map((l) => l.step);
  assert.deepEqual(steps, Array.from({ length: steps.length }, (_, i) => i + 1), 'one line per step, no repeats or gaps');
});

test('--resume of a folder that is not a run is a usage error', async () => {
  const run = await tasknet(['train', '--resume', 'nowhere'], dir);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--resume nowhere: expected a run folder with a config\.json/);
});
