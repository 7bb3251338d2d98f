// `npm run bench:mtl` in its --quick mode on the penguins suite: the benchmark runs end to end, trains every
// configuration (baselines, each strategy with hard sharing and MMoE) and writes its JSON and markdown table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './helpers/repo.js';

interface Saved { results: { key: string; runs: { metrics: Record<string, number>; secondsPerEpoch: number }[] }[] }

test('bench:mtl --quick writes the penguins table with baselines and every strategy on both networks', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tasknet-bench-mtl-'));
  try {
    const run = spawnSync(process.execPath, ['bench/mtl.mjs', '--quick', '--suites', 'penguins', '--out', out],
      { cwd: repoRoot(), encoding: 'utf8', env: { ...process.env, TASKNET_NUM_THREADS: '1' } });
    assert.equal(run.status, 0, run.stderr);
    const saved = JSON.parse(readFileSync(path.join(out, 'mtl-penguins.json'), 'utf8')) as Saved;
    const strategies = ['equal', 'uncertainty', 'dwa', 'rlw', 'gradnorm', 'pcgrad', 'cagrad', 'mgda'];
    assert.deepEqual(saved.results.map((r) => r.key), [
      'baseline/species', 'baseline/sex', 'baseline/bodyMass',
      ...strategies.map((s) => `hard/${s}`), ...strategies.map((s) => `mmoe/${s}`),
    ]);
    for (const result of saved.results) {
      assert.equal(result.runs.length, 1, result.key);
      for (const [task, value] of Object.entries(result.runs[0]!.metrics)) assert.ok(Number.isFinite(value), `${result.key} ${task}: ${value}`);
    }
    const table = readFileSync(path.join(out, 'mtl.md'), 'utf8');
    assert.match(table, /\| single-task \(sex\) \| — \| — \| \d+\.\d\d ± 0\.00 \| — \|/);
    assert.match(table, /\| hard sharing \| pcgrad \(repr\.\) \|/);
    assert.match(table, /\| MMoE \| mgda \| [^\n]+× \|/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
