// `tasknet demo --quick` end to end (pretraining, transfer, multi-task, one report), its report opened in headless
// Chromium, and `tasknet transfer` from a checkpoint written by `tasknet train`.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, inkAndColours, skip, watch } from './helpers/browser.js';
import { resultOf, runFolders, tasknet, tempDir, writeFile } from './helpers/cli.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

describe('tasknet demo --quick', () => {
  let report = '';

  test('runs the three stages and writes one report with every section', async () => {
    const run = await tasknet(['demo', '--quick', '--json'], dir);
    assert.equal(run.code, 0, run.stderr);
    const result = resultOf(run);
    report = result.report as string;
    const rows = result.transfer as { method: string; perClass: number; accuracy: number }[];
    assert.deepEqual(rows.map((r) => `${r.method} ${r.perClass}`), ['scratch 2', 'finetune 2', 'features 2', 'scratch 5', 'finetune 5', 'features 5']);
    for (const r of rows) assert.ok(r.accuracy > 0.15, `${r.method} ${r.perClass}/class: ${r.accuracy} (chance is 0.1)`);
    assert.deepEqual((result.multiTask as { name: string }[]).map((t) => t.name), ['left', 'right']);
    const html = readFileSync(report, 'utf8');
    for (const section of ['Transfer', 'Δm', 'onfusion', 'Loss']) assert.match(html, new RegExp(section), section);
    assert.ok(existsSync(result.multiTaskReport as string));
    const runDir = result.run as string;
    for (const method of ['scratch', 'finetune', 'features', 'best']) assert.ok(existsSync(path.join(runDir, 'checkpoints', `${method}.json`)), method);
  });

  test('the demo report renders in headless Chromium without console errors', { skip }, async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const problems = watch(page);
      await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
      assert.deepEqual(problems, { errors: [], failed: [], outside: [] });
      const shot = inkAndColours(await page.screenshot({ fullPage: true }));
      assert.ok(shot.ink > 0.03 && shot.colours > 50, `ink ${shot.ink}, ${shot.colours} colours`);
      assert.ok(shot.height > 1500, `a long page of plots, found ${shot.height} px`);
      const svgs = await page.evaluate('[...document.querySelectorAll("svg")].filter((s) => s.getBoundingClientRect().width > 100).length');
      assert.ok((svgs as number) >= 4, `${String(svgs)} plots laid out`);
    } finally {
      await browser.close();
    }
  });
});

test('tasknet transfer from a checkpoint written by tasknet train, and inspect of its frozen-feature model', async () => {
  writeFile(dir, 'source.yaml', 'name: source\ndata: {dataset: mnist, limit: 500, testLimit: 200}\nmodel: {name: mlp, hidden: [32]}\ntraining: {epochs: 1}\n');
  const trained = await tasknet(['train', 'source.yaml', '--quiet'], dir);
  assert.equal(trained.code, 0, trained.stderr);
  const source = runFolders(dir).find((d) => path.basename(d).startsWith('source-'))!;
  writeFile(dir, 'transfer.yaml', [
    `source: {checkpoint: ${JSON.stringify(path.relative(dir, source))}}`,
    'target: {dataset: digits, imageSize: 28, validation: 0}',
    'labels: [3]', 'methods: [scratch, features, lora]', 'seeds: [0, 1]', 'training: {steps: 10}',
  ].join('\n'));
  const run = await tasknet(['transfer', 'transfer.yaml', '--json'], dir);
  assert.equal(run.code, 0, run.stderr);
  const result = resultOf(run);
  const rows = result.runs as { method: string; seed: number; labels: number }[];
  assert.deepEqual(rows.map((r) => `${r.method} ${r.seed} ${r.labels}`), ['scratch 0 30', 'features 0 30', 'lora 0 30', 'scratch 1 30', 'features 1 30', 'lora 1 30']);
  const lines = readFileSync(path.join(result.run as string, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.filter((l) => l.type === 'transfer').length, 6);
  assert.match(readFileSync(result.report as string, 'utf8'), /<h2[^>]*>Transfer/);
  const inspected = await tasknet(['inspect', path.join(result.run as string, 'checkpoints', 'lora'), '--json'], dir);
  assert.equal(inspected.code, 0, inspected.stderr);
  const counts = resultOf(inspected).parameters as { total: number; trainable: number; frozen: number };
  assert.equal(counts.total, 784 * 32 + 32 + 32 * 10 + 10, 'LoRA merged back: the plain MLP\'s parameters');
  assert.equal(counts.trainable, 32 * 10 + 10, 'only the new head trains after LoRA (the rest was frozen)');
});
