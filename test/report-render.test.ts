// The report opened in headless Chromium (Debian's `chromium`, driven by playwright-core, which downloads nothing):
// no console errors, no failed or outside requests, every SVG laid out with a size, every image decoded, and a
// screenshot that is not blank; and the report layer's own code run in the page. Skips, saying why, where Chromium
// is not installed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import * as tn from 'tasknet';
import { CHROMIUM, inkAndColours, skip, watch } from './helpers/browser.js';
import { fullRecord } from './helpers/report-record.js';
import { repoRoot } from './helpers/repo.js';

describe('report: renders in headless Chromium', { skip }, () => {
  let browser: Browser;
  let dir: string;
  let written: tn.report.WrittenReport;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tasknet-render-'));
    written = await tn.report.writeReport(dir, fullRecord());
    // file access from files: the last test loads dist/ as ES modules from a file: page
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--allow-file-access-from-files'] });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('report.html: no console errors or failed requests, laid-out SVGs, decoded images, a screenshot with content', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = watch(page);
    await page.goto(pathToFileURL(written.html).href, { waitUntil: 'load' });
    assert.deepEqual(problems, { errors: [], failed: [], outside: [] });
    const boxes = await page.$$eval('svg', (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; }));
    assert.equal(boxes.length, 11);
    for (const [w, h] of boxes) assert.ok(w! > 300 && h! > 150, `an SVG laid out at ${w}×${h}`);
    const texts = await page.$$eval('svg text', (els) => els.filter((e) => e.getBoundingClientRect().width > 0).length);
    assert.ok(texts > 100, `${texts} SVG text elements with a width`);
    const images = await page.$$eval('img', (els) => els.map((e) => [e.complete, e.naturalWidth, e.naturalHeight]));
    assert.deepEqual(images, [[true, 12, 12], [true, 12, 12]]); // our PNGs, decoded by Chromium
    assert.equal(await page.title(), 'demo <run> & "friends" · tasknet run report');
    const shot = inkAndColours(await page.screenshot({ fullPage: true }));
    assert.ok(shot.height > 3000, `full page ${shot.width}×${shot.height}`);
    assert.ok(shot.ink > 0.02, `${(100 * shot.ink).toFixed(1)}% of pixels are not white`);
    assert.ok(shot.colours > 200, `${shot.colours} distinct colours`);
    await page.close();
  });

  test('the same measure finds a blank page blank (the check above can fail)', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.setContent('<!DOCTYPE html><html><body style="background:#fff"></body></html>');
    const shot = inkAndColours(await page.screenshot());
    assert.equal(shot.ink, 0);
    assert.equal(shot.colours, 1);
    await page.close();
  });

  test('the report layer itself runs in the browser: dist/report loaded as ES modules renders a page and a PNG', async () => {
    const page = await browser.newPage();
    const problems = watch(page);
    const entry = pathToFileURL(path.join(repoRoot(), 'dist', 'report', 'index.js')).href;
    const file = path.join(dir, 'browser.html');
    writeFileSync(file, `<!DOCTYPE html><html><body><script type="module">
import { renderReport, pngDataUri } from ${JSON.stringify(entry)};
const html = renderReport({ name: 'in a browser', epochs: [{ epoch: 1, train: { loss: 1 } }, { epoch: 2, train: { loss: 0.5 } }] });
const img = new Image();
img.onload = () => { document.title = 'rendered ' + html.includes('<svg') + ' ' + img.naturalWidth; };
img.src = pngDataUri({ width: 3, height: 2, channels: 3, data: new Uint8Array(18) });
</script></body></html>`);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction('document.title.startsWith("rendered")', null, { timeout: 20_000 });
    assert.equal(await page.title(), 'rendered true 3');
    assert.deepEqual(problems, { errors: [], failed: [], outside: [] });
    await page.close();
  });

  test('a plot file opens on its own as an SVG document', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    const problems = watch(page);
    const file = written.plots.find((p) => p.endsWith('confusion-matrix.svg'))!;
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.deepEqual(problems, { errors: [], failed: [], outside: [] });
    assert.equal(await page.evaluate('document.documentElement.namespaceURI'), 'http://www.w3.org/2000/svg');
    const shot = inkAndColours(await page.screenshot());
    assert.ok(shot.ink > 0.02 && shot.colours > 20, `ink ${shot.ink}, ${shot.colours} colours`);
    await page.close();
  });
});
