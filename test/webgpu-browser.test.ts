/**
 * The webgpu backend in a browser: headless Chromium (Debian's, through playwright-core) loads the
 * built library from a local HTTP server (WebGPU needs a secure context such as http://127.0.0.1),
 * finds `navigator.gpu` (SwiftShader where there is no GPU), and trains a small MLP for 20 steps on
 * webgpu and on cpu in the same page: the losses agree to float32 rounding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, skip, watch } from './helpers/browser.js';

const ROOT = process.cwd();
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.map': 'application/json' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>tasknet webgpu</title><p>tasknet webgpu test</p>';

/** Serve the repository's dist/ folder (and an empty page at /) on 127.0.0.1. */
async function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    if (path === '/') { response.setHeader('content-type', 'text/html'); response.end(PAGE); return; }
    if (path === '/favicon.ico') { response.statusCode = 204; response.end(); return; }
    if (!path.startsWith('/dist/')) { response.statusCode = 404; response.end(); return; }
    readFile(join(ROOT, path)).then((bytes) => {
      response.setHeader('content-type', TYPES[extname(path)] ?? 'application/octet-stream');
      response.end(bytes);
    }, () => { response.statusCode = 404; response.end(); });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}` };
}

test('in Chromium, an MLP trains on webgpu as it trains on cpu', { skip, timeout: 180_000 }, async () => {
  const { server, base } = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(`${base}/`);
    const result = await page.evaluate(async () => {
      const page = globalThis as unknown as { location: { origin: string }; navigator: { gpu?: unknown } };
      const tn = await import(`${page.location.origin}/dist/index.js`);
      const run = async (backend: string): Promise<number[]> => {
        await tn.setBackend(backend);
        tn.manualSeed(0);
        const model = new tn.models.MLP([8, 16, 3]);
        const optimizer = new tn.optim.SGD(model.parameters(), { lr: 0.1 });
        const x = tn.tensor(Array.from({ length: 64 * 8 }, (_, i) => Math.sin(i)), { shape: [64, 8] });
        const y = tn.tensor(Array.from({ length: 64 }, (_, i) => i % 3), { dtype: 'int32' });
        const history = await tn.train.fit(model, { train: [[x, y]], loss: tn.crossEntropy, optimizer, epochs: 20, progress: false });
        return history.history.loss as number[];
      };
      const cpu = await run('cpu');
      const gpu = await run('webgpu');
      return { cpu, gpu, gpuFound: typeof page.navigator.gpu === 'object', adapter: String(tn.engine.backend.adapterDescription) };
    });
    assert.ok(result.gpuFound, 'navigator.gpu exists');
    assert.equal(result.gpu.length, 20);
    result.cpu.forEach((l, e) => assert.ok(Math.abs(result.gpu[e]! - l) <= 1e-4 * (1 + l), `step ${e + 1}: webgpu loss ${result.gpu[e]}, cpu ${l}`));
    assert.ok(result.cpu[19]! < result.cpu[0]!, 'the loss fell');
    assert.deepEqual(problems.errors, []);
    assert.deepEqual(problems.failed, []);
    assert.deepEqual(problems.outside.filter((url) => !url.startsWith(`${base}/`)), [], 'requests beyond the local server');
  } finally {
    await browser.close();
    server.close();
  }
});
