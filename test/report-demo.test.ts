// examples/report-demo.mjs on a small slice of real MNIST: the record it builds from a training run is valid and
// complete, and bench:transfer result files become transfer curves (the full run is described in the closing note).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

type RunRecord = tn.report.RunRecord;
interface DemoModule {
  buildRecord(o: Record<string, unknown>): Promise<RunRecord>;
  readTransferResults(dir: string, log?: (line: string) => void): Promise<tn.report.TransferRecord[]>;
}
const demo = (await import(pathToFileURL(path.join(repoRoot(), 'examples/report-demo.mjs')).href)) as DemoModule;

const dirs: string[] = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const tmp = (): string => { const d = mkdtempSync(path.join(os.tmpdir(), 'tasknet-report-demo-')); dirs.push(d); return d; };

describe('examples/report-demo.mjs', () => {
  test('an MLP on 800 MNIST images for 2 epochs gives a complete record', async () => {
    const record = await demo.buildRecord({ train: 800, epochs: 2, test: 500, batchSize: 60, transferDir: tmp(), progress: false, log: () => {} });
    tn.report.validateRunRecord(record); // throws on any malformed part
    assert.deepEqual(record.epochs!.map((e) => e.epoch), [1, 2]);
    assert.ok(record.epochs!.every((e) => e.validation?.accuracy !== undefined && e.lr !== undefined));
    assert.equal(record.steps!.length, 2 * 12); // 720 training images in batches of 60
    assert.ok(record.steps!.every((s) => Number.isFinite(s.loss) && s.lr! > 0));
    const lrs = record.steps!.map((s) => s.lr!);
    assert.ok(Math.max(...lrs) > 10 * lrs[0]!, 'the one-cycle schedule rises');
    const c = record.classification!;
    assert.equal(c.confusion.flat().reduce((a, b) => a + b, 0), 500);
    const correct = c.confusion.reduce((a, row, i) => a + row[i]!, 0);
    assert.ok(Math.abs(correct / 500 - (record.summary!['test accuracy'] as number)) < 1e-9);
    assert.ok(c.examples!.length > 0 && c.examples!.length <= 12);
    assert.ok(c.examples!.every((e) => e.trueLabel !== e.predictedLabel && e.image.pixels.length === 784));
    assert.deepEqual(record.transfer, []);
    const html = tn.report.renderReport(record);
    assert.deepEqual([...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]), ['summary', 'training', 'classification', 'config']);
  });

  test('bench:transfer files become curves with a reference line for the unlabelled method; broken files are skipped', async () => {
    const dir = tmp();
    const runs = [
      { budget: 'no labels', method: 'source as is', seed: 0, accuracy: 0.7 },
      ...[0, 1].flatMap((seed) => [
        { budget: '5/class', labels: 50, method: 'scratch', seed, accuracy: 0.8 + 0.02 * seed },
        { budget: '5/class', labels: 50, method: 'finetune', seed, accuracy: 0.9 },
      ]),
    ];
    writeFileSync(path.join(dir, 'transfer-digits.json'), JSON.stringify({ scenario: 'digits', description: 'd', runs }));
    writeFileSync(path.join(dir, 'transfer-digits-quick.json'), JSON.stringify({ scenario: 'quick', runs }));
    writeFileSync(path.join(dir, 'transfer-half.json'), '{"scenario": "half", "ru');
    const skipped: string[] = [];
    const scenarios = await demo.readTransferResults(dir, (line) => skipped.push(line));
    assert.deepEqual(scenarios.map((s) => s.title), ['digits']);
    assert.deepEqual(scenarios[0]!.references, [{ label: 'source as is (no labels)', value: 0.7 }]);
    assert.deepEqual(scenarios[0]!.curves.map((c) => [c.method, c.points.length, c.points[0]!.runs]), [['scratch', 1, 2], ['finetune', 1, 2]]);
    assert.equal(skipped.length, 1);
    assert.match(skipped[0]!, /^skipping transfer-half\.json: /);
  });
});
