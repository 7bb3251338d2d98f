// renderReport and writeReport: sections present only with their data, escaping of user text, Δm% by hand, the
// helpers that build records (epochsFromLogs, transferCurves), record validation, and the files written.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tn from 'tasknet';
import { decodePng } from './helpers/png-decode.js';
import { fullRecord } from './helpers/report-record.js';

const { report } = tn;
type RunRecord = tn.report.RunRecord;

const sectionIds = (html: string): string[] => [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]!);
const plotNames = (record: RunRecord): string[] => report.reportPlots(record).map((p) => p.name);

describe('report: sections', () => {
  test('a full record has every section and plot, in order', () => {
    const html = report.renderReport(fullRecord());
    assert.deepEqual(sectionIds(html), ['summary', 'training', 'multi-task', 'transfer', 'classification', 'config']);
    assert.deepEqual(plotNames(fullRecord()), [
      'loss', 'loss-per-step', 'metric-accuracy', 'metric-delta-m', 'learning-rate', 'task-loss', 'task-accuracy', 'task-weights',
      'transfer-mnist-digits', 'transfer-text', 'confusion-matrix',
    ]);
    assert.equal((html.match(/<svg /g) ?? []).length, 11);
    assert.equal((html.match(/<img src="data:image\/png;base64,/g) ?? []).length, 2);
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html), 'no scripts and no links out');
  });

  test('a record with a name only says it has nothing yet; each part brings only its own section', () => {
    const empty = report.renderReport({ name: 'empty' });
    assert.deepEqual(sectionIds(empty), []);
    assert.ok(empty.includes('This run recorded no epochs, results or configuration yet.'));
    assert.ok(!empty.includes('<nav'));
    const full = fullRecord();
    assert.deepEqual(sectionIds(report.renderReport({ name: 'c', config: { a: 1 } })), ['config']);
    assert.deepEqual(sectionIds(report.renderReport({ name: 't', transfer: full.transfer })), ['transfer']);
    assert.deepEqual(sectionIds(report.renderReport({ name: 'k', classification: full.classification })), ['classification']);
    assert.deepEqual(sectionIds(report.renderReport({ name: 'm', multiTask: full.multiTask })), ['multi-task']);
    const epochsOnly = report.renderReport({ name: 'e', epochs: [{ epoch: 1, train: { loss: 1 } }, { epoch: 2, train: { loss: 0.5 } }] });
    assert.deepEqual(sectionIds(epochsOnly), ['summary', 'training']);
    assert.deepEqual(plotNames({ name: 'e', epochs: [{ epoch: 1, train: { loss: 1 } }] }), ['loss']);
  });

  test('a transfer scenario without curves says so, and the next one keeps its own plot', () => {
    const [digits, text] = fullRecord().transfer!;
    const html = report.renderReport({ name: 't', transfer: [{ title: 'pending', curves: [] }, digits!, text!] });
    const pending = html.indexOf('<h3>pending</h3>');
    const digitsAt = html.indexOf('<h3>MNIST → digits</h3>');
    assert.ok(pending >= 0 && html.indexOf('No results yet.', pending) < digitsAt);
    assert.ok(html.indexOf('id="plot-transfer-mnist-digits"') > digitsAt);
    assert.ok(html.indexOf('id="plot-transfer-text"') > html.indexOf('<h3>Text</h3>'));
  });

  test('the learning rate comes from steps when they have it, else from epochs; task weights likewise', () => {
    const epochs = [{ epoch: 1, lr: 0.1, train: { loss: 1 }, taskWeights: { a: 1 } }, { epoch: 2, lr: 0.05, train: { loss: 0.5 }, taskWeights: { a: 2 } }];
    const byEpoch = report.reportPlots({ name: 'r', epochs });
    assert.ok(byEpoch.find((p) => p.name === 'learning-rate')!.svg.includes('>epoch</text>'));
    assert.ok(byEpoch.find((p) => p.name === 'task-weights')!.svg.includes('per epoch'));
    const bySteps = report.reportPlots({ name: 'r', epochs, steps: [{ step: 1, lr: 0.1, taskWeights: { a: 1 } }, { step: 2, lr: 0.1, taskWeights: { a: 1.5 } }] });
    assert.ok(bySteps.find((p) => p.name === 'learning-rate')!.svg.includes('>step</text>'));
    assert.ok(bySteps.find((p) => p.name === 'task-weights')!.svg.includes('per step'));
  });

  test('loss axes turn logarithmic when the loss spans ten times or more, unless told otherwise', () => {
    const epochs = [1, 2, 3].map((e) => ({ epoch: e, train: { loss: 10 ** -e } }));
    const loss = (options: tn.report.PlotOptions): string => report.reportPlots({ name: 'r', epochs }, options)[0]!.svg;
    assert.ok(loss({}).includes('loss (log scale)'));
    assert.ok(!loss({ logLoss: false }).includes('log scale'));
    const flat = [1, 2].map((e) => ({ epoch: e, train: { loss: 1 / e } }));
    assert.ok(!report.reportPlots({ name: 'r', epochs: flat })[0]!.svg.includes('log scale'));
    assert.ok(report.reportPlots({ name: 'r', epochs: flat }, { logLoss: true })[0]!.svg.includes('log scale'));
  });
});

describe('report: escaping', () => {
  const html = report.renderReport(fullRecord());

  test('<script> in a class name comes out escaped, in the HTML and in the SVG', () => {
    assert.ok(!html.includes('<script>'));
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    const matrix = report.reportPlots(fullRecord()).find((p) => p.name === 'confusion-matrix')!.svg;
    assert.ok(!matrix.includes('<script>') && matrix.includes('&lt;script&gt;alert(1)'));
  });

  test('the run name and config values are escaped', () => {
    assert.ok(html.includes('<title>demo &lt;run&gt; &amp; &quot;friends&quot; · tasknet run report</title>'));
    assert.ok(html.includes('&lt;/pre&gt;&lt;script&gt;alert(\\&quot;config\\&quot;)&lt;/script&gt;'));
  });

  test('escapeHtml covers & < > " \' and replaces characters XML forbids', () => {
    assert.equal(report.escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    assert.equal(report.escapeHtml('a\u0000b\u0007c\nd'), 'a\uFFFDb\uFFFDc\nd');
    assert.equal(report.escapeHtml('\uD800x'), '\uFFFDx');
    assert.equal(report.slug('../../etc/passwd'), 'etc-passwd');
    assert.equal(report.slug('<>'), 'plot');
  });
});

describe('report: multi-task table', () => {
  test('Δ per task and Δm% by hand: (+12.5 − 25) / 2 = −6.25', () => {
    const table = report.multiTaskTable(fullRecord().multiTask!);
    // left: accuracy ↑ 0.9 vs 0.8 → (0.9 − 0.8) / 0.8 = +12.5 %; right: mse ↓ 0.5 vs 0.4 → −(0.5 − 0.4) / 0.4 = −25 %
    assert.ok(Math.abs(table.rows[0]!.delta! - 12.5) < 1e-9);
    assert.ok(Math.abs(table.rows[1]!.delta! + 25) < 1e-9);
    assert.ok(Math.abs(table.deltaM! + 6.25) < 1e-9);
    const html = report.renderReport({ name: 'm', multiTask: fullRecord().multiTask });
    assert.ok(html.includes('<td class="better">+12.50</td>') && html.includes('<td class="worse">-25.00</td>'));
    assert.ok(html.includes('<tr class="total"><td>Δm% (mean over tasks)</td><td></td><td></td><td></td><td class="worse">-6.25</td></tr>'));
  });

  test('without every baseline there is no Δm%, and the note says which task lacks one', () => {
    const tasks = [{ name: 'a', metric: 'accuracy', higherIsBetter: true, value: 0.9, baseline: 0.8 }, { name: 'b', metric: 'mse', higherIsBetter: false, value: 0.5 }];
    const table = report.multiTaskTable({ tasks });
    assert.equal(table.deltaM, undefined);
    assert.deepEqual(table.missingBaselines, ['b']);
    const html = report.renderReport({ name: 'm', multiTask: { tasks } });
    assert.ok(html.includes('No baseline for b, so no Δm%.') && !html.includes('class="total"'));
  });
});

describe('report: building records', () => {
  test('epochsFromLogs splits val_, lr, per-task metrics and weights', () => {
    const logs = [{ loss: 1, accuracy: 0.5, val_loss: 1.2, lr: 0.01, loss_left: 0.4, accuracy_left: 0.8, val_accuracy_left: 0.7, weight_left: 1.5, loss_right_hand: 0.6, delta_m: -2 }];
    assert.deepEqual(report.epochsFromLogs(logs, { tasks: ['left', 'right_hand'], firstEpoch: 3 }), [{
      epoch: 3, lr: 0.01, train: { loss: 1, accuracy: 0.5, delta_m: -2 }, validation: { loss: 1.2 },
      tasks: { left: { train: { loss: 0.4, accuracy: 0.8 }, validation: { accuracy: 0.7 } }, right_hand: { train: { loss: 0.6 } } },
      taskWeights: { left: 1.5 },
    }]);
    assert.deepEqual(report.epochsFromLogs([{ loss: 2 }]), [{ epoch: 1, train: { loss: 2 } }]);
  });

  test('transferCurves: mean and sample std per method and number of labels; rows without labels left out', () => {
    const curves = report.transferCurves([
      { method: 'fine-tune', labels: 100, accuracy: 0.8 }, { method: 'fine-tune', labels: 100, accuracy: 0.9 },
      { method: 'fine-tune', labels: 10, accuracy: 0.5 }, { method: 'source as is', accuracy: 0.1 },
    ]);
    assert.equal(curves.length, 1);
    assert.deepEqual(curves[0]!.points.map((p) => [p.labels, p.runs]), [[10, 1], [100, 2]]);
    assert.ok(Math.abs(curves[0]!.points[1]!.mean - 0.85) < 1e-12);
    assert.ok(Math.abs(curves[0]!.points[1]!.std! - Math.sqrt(0.005)) < 1e-12);
    assert.equal(curves[0]!.points[0]!.std, 0);
    assert.throws(() => report.transferCurves([{ method: 'm', labels: 5, accuracy: NaN }]), /transferCurves: runs\[0\]\.accuracy: expected a finite number, found NaN/);
  });

  test('the transfer table shows accuracy in %, mean ± std, the best of each budget in bold', () => {
    const html = report.renderReport({ name: 't', transfer: fullRecord().transfer });
    assert.ok(html.includes('<strong>85.0 ± 3.0</strong>')); // fine-tune at 500 labels: 0.55 + 0.3
    assert.ok(html.includes('<td>75.0 ± 5.0</td>')); // from scratch at 500
    assert.ok(html.includes('<strong>0.8</strong>')); // the f1 scenario stays a fraction
    const single = report.renderReport({ name: 's', transfer: [{ title: 'one seed', curves: [{ method: 'm', points: [{ labels: 10, mean: 0.5, std: 0, runs: 1 }] }] }] });
    assert.ok(single.includes('<strong>50.0</strong>') && !single.includes('50.0 ±'));
  });
});

describe('report: bad records', () => {
  const bad = (record: unknown): void => { report.renderReport(record as RunRecord); };

  test('the path of the offending value, what was expected and what was found', () => {
    assert.throws(() => bad(null), /renderReport: record: expected an object, found null/);
    assert.throws(() => bad({}), /renderReport: record\.name: expected a string, found nothing/);
    assert.throws(() => bad({ name: 'r', epochs: [{ epoch: 1, train: { loss: 1 } }, { epoch: 2, train: { loss: '0.3' } }] }),
      /renderReport: record\.epochs\[1\]\.train\.loss: expected a number, found the string "0\.3"/);
    assert.throws(() => bad({ name: 'r', classification: { classNames: ['a', 'b'], confusion: [[1, 2], [3]] } }),
      /record\.classification\.confusion\[1\]: expected 2 counts \(one per class\), found an array of 1/);
    assert.throws(() => bad({ name: 'r', classification: { classNames: ['a'], confusion: [[1]], examples: [{ image: { width: 2, height: 2, pixels: [0] }, trueLabel: 0, predictedLabel: 0 }] } }),
      /record\.classification\.examples\[0\]\.image\.pixels: expected 2×2×1 = 4 values, found an array of 1/);
    assert.throws(() => bad({ name: 'r', classification: { classNames: ['a'], confusion: [[1]], examples: [{ image: { width: 1, height: 1, pixels: [0] }, trueLabel: 0, predictedLabel: 3 }] } }),
      /examples\[0\]\.predictedLabel: expected a class index below 1, found 3/);
    assert.throws(() => bad({ name: 'r', transfer: [{ title: 't', curves: [{ method: 'm', points: [{ labels: 0, mean: 0.5 }] }] }] }),
      /record\.transfer\[0\]\.curves\[0\]\.points\[0\]\.labels: expected a positive number \(the axis is logarithmic\), found 0/);
    assert.throws(() => bad({ name: 'r', multiTask: { tasks: [{ name: 'a', metric: 'acc', higherIsBetter: 'yes', value: 1 }] } }),
      /record\.multiTask\.tasks\[0\]\.higherIsBetter: expected true or false, found the string "yes"/);
    assert.throws(() => bad({ name: 'r', multiTask: { tasks: [{ name: 'a', metric: 'acc', higherIsBetter: true, value: 1, baseline: 0 }] } }),
      /record\.multiTask\.tasks\[0\]\.baseline: expected a non-zero number \(Δ is relative to it\), found 0/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => bad({ name: 'r', config: cyclic }), /record\.config: expected a JSON value, but it cannot be written as JSON/);
  });
});

describe('report: writeReport', () => {
  const dirs: string[] = [];
  after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  test('writes report.html, plots/<name>.svg and the example PNGs', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tasknet-report-'));
    dirs.push(dir);
    const record = fullRecord();
    const out = await report.writeReport(path.join(dir, 'run'), record);
    assert.equal(out.html, path.join(dir, 'run', 'report.html'));
    assert.equal(readFileSync(out.html, 'utf8'), report.renderReport(record));
    const files = readdirSync(path.join(dir, 'run', 'plots')).sort();
    assert.deepEqual(files, [...plotNames(record).map((n) => `${n}.svg`), 'example-1.png', 'example-2.png'].sort());
    const svg = readFileSync(path.join(dir, 'run', 'plots', 'loss.svg'), 'utf8');
    assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const png = decodePng(readFileSync(path.join(dir, 'run', 'plots', 'example-2.png')));
    assert.deepEqual([png.width, png.height, png.channels], [12, 12, 3]);
    assert.deepEqual([...png.pixels.subarray(0, 6)], [0, 0, 128, 21, 0, 128]);
  });

  test('takes any file system with mkdir and writeFile, and checks the record before writing anything', async () => {
    const written = new Map<string, string | Uint8Array>();
    const fs = { mkdir: async () => undefined, writeFile: async (p: string, d: string | Uint8Array) => { written.set(p, d); } };
    const out = await report.writeReport('mem/', { name: 'x', epochs: [{ epoch: 1, train: { loss: 1 } }] }, { fs });
    assert.deepEqual([...written.keys()], ['mem/plots/loss.svg', 'mem/report.html']);
    assert.deepEqual(out, { html: 'mem/report.html', plots: ['mem/plots/loss.svg'] });
    written.clear();
    await assert.rejects(report.writeReport('mem', { name: 1 } as unknown as RunRecord, { fs }), /writeReport: record\.name: expected a string, found 1/);
    await assert.rejects(report.writeReport('', { name: 'x' }, { fs }), /writeReport: dir must be a non-empty path, found ""/);
    assert.equal(written.size, 0);
  });
});

describe('report: configuration JSON', () => {
  test('prettyJson keeps what fits on one line and indents the rest, as JSON.parse reads it back', () => {
    const config = { model: { name: 'MLP', sizes: [784, 128, 10] }, when: new Date(0), skip: undefined, long: 'x'.repeat(100) };
    const text = report.prettyJson(config, 60);
    assert.equal(text, [
      '{',
      '  "model": {"name": "MLP", "sizes": [784, 128, 10]},',
      '  "when": "1970-01-01T00:00:00.000Z",',
      `  "long": "${'x'.repeat(100)}"`,
      '}',
    ].join('\n'));
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(config)));
    assert.equal(report.prettyJson([1, [2, 3]]), '[1, [2, 3]]');
  });
});
