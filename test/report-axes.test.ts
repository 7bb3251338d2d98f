// The report's axis arithmetic (round ticks, nice domains, log ticks, labels) and the line chart built on it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { report } = tn;

describe('report: round ticks', () => {
  test('niceStep picks 1, 2 or 5 × 10^k at the √2, √10, √50 thresholds', () => {
    assert.equal(report.niceStep(0, 0.87, 5), 0.2); // raw 0.174 → 1.74 × 0.1 ≥ √2 → 2
    assert.equal(report.niceStep(0, 10, 5), 2); // raw 2
    assert.equal(report.niceStep(0, 1.3, 10), 0.1); // raw 0.13 → 1.3 < √2 → 1
    assert.equal(report.niceStep(0, 3.5, 10), 0.5); // raw 0.35 → 3.5 ≥ √10 → 5
    assert.equal(report.niceStep(0, 8, 1), 10); // raw 8 ≥ √50 → 10
    assert.equal(report.niceStep(120, 4500, 5), 1000); // raw 876 → 8.76 ≥ √50 → 10 × 100
    assert.equal(report.niceStep(3, 3, 5), 1);
  });

  test('niceTicks for [0, 0.87] are 0, 0.2, …, 0.8, printed without rounding noise', () => {
    assert.deepEqual(report.niceTicks(0, 0.87), [0, 0.2, 0.4, 0.6, 0.8]);
    assert.deepEqual(report.niceTicks(0, 0.87).map((t) => String(t)), ['0', '0.2', '0.4', '0.6', '0.8']);
    assert.deepEqual(report.niceTicks(0.031, 0.069, 4), [0.04, 0.05, 0.06]); // step 0.01
    assert.deepEqual(report.niceTicks(-1.2, 1.2), [-1, -0.5, 0, 0.5, 1]);
    assert.deepEqual(report.niceTicks(1, 3, 6, true), [1, 2, 3]); // epochs: no 1.5
    assert.deepEqual(report.niceTicks(0, 1e-7, 2), [0, 5e-8, 1e-7]);
  });

  test('niceDomain widens to multiples of the step; an empty range gets one step either side', () => {
    assert.deepEqual(report.niceDomain(0, 0.87), [0, 1]);
    assert.deepEqual(report.niceDomain(0.031, 0.069, 4), [0.03, 0.07]);
    assert.deepEqual(report.niceDomain(0.2437, 2.3012), [0, 2.5]);
    assert.deepEqual(report.niceDomain(5, 5), [4, 6]);
    assert.deepEqual(report.niceDomain(0, 0), [-1, 1]);
  });

  test('log domains end on 1, 2 or 5 × 10^k; log ticks are 1-2-5 up to three decades, then powers of ten', () => {
    assert.deepEqual(report.logDomain(0.034, 2.3), [0.02, 5]);
    assert.deepEqual(report.logDomain(10, 1000), [10, 1000]);
    assert.deepEqual(report.logTicks(0.02, 5), [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]);
    assert.deepEqual(report.logTicks(10, 5000), [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]);
    assert.deepEqual(report.logTicks(1e-4, 10), [1e-4, 1e-3, 0.01, 0.1, 1, 10]);
  });

  test('bad bounds are rejected with what was found', () => {
    assert.throws(() => report.niceTicks(1, 0), /niceStep: expected finite bounds with min <= max, found \[1, 0\]/);
    assert.throws(() => report.niceDomain(0, NaN), /niceDomain: expected finite bounds/);
    assert.throws(() => report.logTicks(0, 10), /logTicks: a log scale needs positive values, found a minimum of 0/);
  });

  test('tick labels use the decimals the step needs, or exponents', () => {
    assert.equal(report.formatTick(0.6000000000000001, 0.2), '0.6');
    assert.equal(report.formatTick(0.05, 0.05), '0.05');
    assert.equal(report.formatTick(1500, 500), '1500');
    assert.equal(report.formatTick(2000000, 1000000), '2e6');
    assert.equal(report.formatTick(5e-8, 5e-8), '5e-8');
    assert.equal(report.formatNumber(0.123456), '0.1235');
    assert.equal(report.formatNumber(1234567), '1.235e6');
    assert.equal(report.formatNumber(NaN), 'NaN');
  });

  test('makeAxis maps the domain onto the pixel range (linear and log)', () => {
    const y = report.makeAxis([0, 0.87], 300, 20);
    assert.deepEqual(y.domain, [0, 1]);
    assert.deepEqual(y.labels, ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    assert.equal(y.map(0), 300);
    assert.equal(y.map(0.5), 160);
    const x = report.makeAxis([10, 1000], 0, 200, { log: true });
    assert.equal(x.map(100), 100);
    assert.deepEqual(x.labels.slice(0, 3), ['10', '20', '50']);
    const epochs = report.makeAxis([1, 3], 0, 100, { nice: false, integer: true });
    assert.deepEqual([epochs.domain, epochs.ticks], [[1, 3], [1, 2, 3]]);
  });
});

describe('report: line chart', () => {
  const points = (ys: number[]): [number, number][] => ys.map((y, i) => [i + 1, y]);

  test('draws axes with the round ticks, one polyline per series, markers, a legend and a band', () => {
    const svg = report.lineChart([
      { name: 'train', points: points([0, 0.6, 0.87]), dashed: true },
      { name: 'validation', points: points([0.25, 0.5, 0.8]), band: [[1, 0.2, 0.3], [2, 0.45, 0.55], [3, 0.75, 0.85]] },
    ], { title: 'Accuracy', xLabel: 'epoch', yLabel: 'accuracy', integerX: true });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="720" height="340" viewBox="0 0 720 340"/);
    for (const label of ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']) assert.ok(svg.includes(`>${label}</text>`), `y tick ${label}`);
    for (const label of ['1', '2', '3']) assert.ok(svg.includes(`>${label}</text>`), `x tick ${label}`);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 2);
    assert.equal((svg.match(/<circle /g) ?? []).length, 6);
    assert.equal((svg.match(/<polygon /g) ?? []).length, 1);
    assert.equal((svg.match(/stroke-dasharray="6 4"/g) ?? []).length, 2); // the dashed line and its legend swatch
    assert.ok(svg.includes('>train</text>') && svg.includes('>validation</text>'));
  });

  test('the y axis puts 0.87 between the 0.8 and 1.0 grid lines, x from epoch 1 to 3 at the plot edges', () => {
    const svg = report.lineChart([{ name: 's', points: [[1, 0], [3, 0.87]] }], { title: 't', xLabel: 'x', yLabel: 'y', integerX: true });
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
    // plot area: x from 66 to 720 − legend − 16; y from 34 (top) to 340 − 46 = 294 (bottom)
    assert.equal(circles[0]![0], 66);
    assert.equal(circles[0]![1], 294);
    assert.ok(Math.abs(circles[1]![1] - (294 - 0.87 * 260)) < 0.01, `cy ${circles[1]![1]}`);
  });

  test('a band of a single point is drawn as an error bar', () => {
    const svg = report.lineChart([{ name: 's', points: [[300, 0.9]], band: [[300, 0.85, 0.95]] }], { title: 't', xLabel: 'labels', yLabel: 'y', logX: true });
    assert.equal((svg.match(/<polygon /g) ?? []).length, 0);
    assert.equal((svg.match(/<path d="M[\d.]+,[\d.]+H[\d.]+M[\d.]+,[\d.]+V[\d.]+M/g) ?? []).length, 1);
  });

  test('non-finite values leave gaps; a log axis drops non-positive values; no data says so', () => {
    const gap = report.lineChart([{ name: 's', points: points([1, NaN, 3, 4]) }], { title: 't', xLabel: 'x', yLabel: 'y' });
    assert.equal((gap.match(/<polyline /g) ?? []).length, 2);
    const log = report.lineChart([{ name: 's', points: points([10, 1, 0.1]) }], { title: 't', xLabel: 'x', yLabel: 'loss', logY: true });
    assert.ok(log.includes('loss (log scale)') && log.includes('>0.1</text>') && log.includes('>10</text>'));
    const empty = report.lineChart([{ name: 's', points: points([NaN, NaN]) }], { title: 'Loss', xLabel: 'x', yLabel: 'y' });
    assert.ok(empty.includes('Loss: no finite values to plot'));
    assert.throws(() => report.lineChart([], { title: 'Loss', xLabel: 'x', yLabel: 'y' }), /lineChart: "Loss": expected at least one series, found none/);
  });

  test('series names are escaped and long ones cut, with the full name as a tooltip', () => {
    const svg = report.lineChart([{ name: '<b>a very long method name that will not fit</b>', points: points([1, 2]) }], { title: 'A & B', xLabel: 'x', yLabel: 'y' });
    assert.ok(!svg.includes('<b>'));
    assert.ok(svg.includes('<title>&lt;b&gt;a very long method name that will not fit&lt;/b&gt;</title>'));
    assert.ok(svg.includes('>&lt;b&gt;a very long method nam…</text>')); // 25 characters and …
    assert.ok(svg.includes('aria-label="A &amp; B"'));
  });
});
