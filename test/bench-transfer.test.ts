// `npm run bench:transfer` in its --quick mode on the digits and text scenarios: the benchmark runs end to end
// (source model training and caching, every method, the records and the tables), and the table helper's arithmetic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface Run { budget: string; method: string; seed: number; accuracy: number; labels?: number }
interface Tables { scenarioTable(result: { runs: Run[] }, baseline?: string): string }

test('bench:transfer --quick runs MNIST → digits and the text scenario, one record per method', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tasknet-bench-transfer-'));
  try {
    const run = spawnSync(process.execPath, ['bench/transfer.mjs', '--quick', '--scenario', 'mnist-digits,text', '--out', out],
      { cwd: repoRoot(), encoding: 'utf8', env: { ...process.env, TASKNET_NUM_THREADS: '1', TASKNET_CACHE_DIR: out } });
    assert.equal(run.status, 0, run.stderr);
    const digits = JSON.parse(readFileSync(path.join(out, 'transfer-mnist-digits-quick.json'), 'utf8')) as { runs: Run[] };
    assert.deepEqual(digits.runs.map((r) => `${r.budget} ${r.method}`),
      ['no labels source as is', '5/class scratch', '5/class features', '5/class finetune', '5/class l2sp', '5/class lora']);
    for (const r of digits.runs) assert.ok(r.accuracy >= 0 && r.accuracy <= 1, `${r.method}: ${r.accuracy}`);
    assert.equal(digits.runs[1]!.labels, 50);
    const text = JSON.parse(readFileSync(path.join(out, 'transfer-text-quick.json'), 'utf8')) as { runs: Run[] };
    assert.deepEqual(text.runs.map((r) => `${r.budget} ${r.method}`), ['20 imdb random', '20 imdb sgns', '20 imdb glove', '20 imdb glove-frozen']);
    assert.match(run.stdout, /\| glove \| (\*\*)?[\d.]+ ± 0\.0(\*\*)? \|/);
    assert.match(run.stdout, /Best transfer method vs random: 20 imdb: /);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('bench:transfer tables: mean ± sample std per cell, the best in bold, the margin over the baseline', async () => {
  const tables = await import(pathToFileURL(path.join(repoRoot(), 'bench', 'transfer', 'tables.mjs')).href) as Tables;
  const runs: Run[] = [
    { budget: '1%', method: 'scratch', seed: 0, accuracy: 0.5 }, { budget: '1%', method: 'scratch', seed: 1, accuracy: 0.7 },
    { budget: '1%', method: 'features', seed: 0, accuracy: 0.8 }, { budget: '1%', method: 'features', seed: 1, accuracy: 0.8 },
  ];
  const md = tables.scenarioTable({ runs });
  // scratch: mean 0.6, sample std √((0.01 + 0.01) / 1) = 0.1414 → 14.1 points
  assert.match(md, /\| scratch \| 60\.0 ± 14\.1 \|/);
  assert.match(md, /\| features \| \*\*80\.0 ± 0\.0\*\* \|/);
  assert.match(md, /1%: features \+20\.0 points over scratch/);
});
