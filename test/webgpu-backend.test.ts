/**
 * The webgpu backend itself: uploads and async reads of every dtype, float64 refused, GPU memory
 * returned by dispose and tidy, reads that see the values at the time they were asked for, many
 * reads at once, a large tensor, device selection errors, and that Dawn is only loaded on request.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as tn from 'tasknet';
import { requestWebGpuDevice } from 'tasknet/backends/webgpu';
import { onGpu, webgpuSkipReason } from './helpers/webgpu.js';

const skip = await webgpuSkipReason();

describe('webgpu storage', { skip }, () => {
  test('float32, int32 and bool round-trip; empty tensors too', () => onGpu(async () => {
    const f = tn.tensor([1.5, -2, 3e-8, 65504]);
    const i = tn.tensor([-2147483648, 0, 7, 2147483647], { dtype: 'int32' });
    const b = tn.tensor([true, false, true]);
    const e = tn.zeros([0, 3]);
    assert.deepEqual(Array.from(await f.data()), Array.from(Float32Array.from([1.5, -2, 3e-8, 65504])));
    assert.deepEqual(await i.data(), Int32Array.from([-2147483648, 0, 7, 2147483647]));
    assert.deepEqual(await b.data(), Uint8Array.from([1, 0, 1]));
    assert.deepEqual(await e.data(), new Float32Array(0));
    tn.dispose([f, i, b, e]);
  }));

  test('float64 is refused with a message that says what to do', () => onGpu(async () => {
    assert.throws(() => tn.tensor([1, 2], { dtype: 'float64' }), /webgpu backend has no float64 .*use float32, or the cpu or wasm backend/);
  }));

  test('dataSync names the asynchronous read to use', () => onGpu(async () => {
    const t = tn.ones([2]);
    assert.throws(() => t.dataSync(), /backend 'webgpu' reads asynchronously; use await t.data\(\)/);
    t.dispose();
  }));

  test('dispose and tidy give the GPU memory back; the live-tensor count proves it', () => onGpu(async () => {
    const before = tn.memory();
    const kept = tn.tidy(() => {
      const x = tn.randn([64, 64]);
      const y = tn.relu(tn.add(tn.mul(x, 2), 1));
      return tn.sum(y, 1);
    });
    assert.equal(tn.memory().numTensors, before.numTensors + 1);
    assert.equal(tn.memory().numStorages, before.numStorages + 1);
    await kept.data();
    kept.dispose();
    const after = tn.memory();
    assert.equal(after.numTensors, before.numTensors);
    assert.equal(after.numStorages, before.numStorages);
    assert.equal(after.numBytes, before.numBytes);
  }));

  test('a read returns the values as they were when it was asked for', () => onGpu(async () => {
    const p = tn.tensor([1, 2, 3]);
    const pending = p.data();
    tn.noGrad(() => p.assign(tn.tensor([7, 8, 9])));
    assert.deepEqual(Array.from(await pending), [1, 2, 3]);
    assert.deepEqual(Array.from(await p.data()), [7, 8, 9]);
    p.dispose();
  }));

  test('many reads in flight at once all resolve, in any order of awaiting', () => onGpu(async () => {
    const ts = Array.from({ length: 40 }, (_, k) => tn.full([5], k));
    const values = await Promise.all(ts.map((t) => t.data()));
    values.forEach((v, k) => assert.deepEqual(Array.from(v), [k, k, k, k, k]));
    tn.dispose(ts);
  }));

  test('a 64 MiB tensor goes up and comes back', () => onGpu(async () => {
    const n = 16 * 1024 * 1024;
    const big = tn.arange(0, n, 1, { dtype: 'int32' });
    const doubled = tn.mul(big, 2);
    const out = await doubled.data();
    assert.equal(out.length, n);
    assert.equal(out[n - 1], 2 * (n - 1));
    assert.equal(out[12345], 24690);
    tn.dispose([big, doubled]);
  }));

  test('toBackend brings a GPU tensor to the cpu, where dataSync works', () => onGpu(async () => {
    const t = tn.tensor([[1, 2], [3, 4]]);
    const host = await tn.toBackend(t, 'cpu');
    assert.deepEqual(host.tolist(), [[1, 2], [3, 4]]);
    assert.equal(tn.getBackend(), 'webgpu');
    tn.dispose([t, host]);
  }));
});

describe('webgpu device selection', () => {
  test('no adapter: the error says what was tried and how to get one', async () => {
    const gpu = { requestAdapter: async () => null } as unknown as GPU;
    await assert.rejects(requestWebGpuDevice({ gpu }), (error: Error) => {
      assert.match(error.message, /no WebGPU adapter: given\.requestAdapter\(\{powerPreference: 'high-performance'\}\) returned null/);
      assert.match(error.message, /VK_ICD_FILENAMES=\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/);
      return true;
    });
  });

  test('importing tasknet and working on the cpu never loads the webgpu package; setBackend does', () => {
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(
        'export async function resolve(s, c, next) { if (s === "webgpu") process.stdout.write("LOADED webgpu\\\\n"); return next(s, c); }'));
      const tn = await import('tasknet');
      await tn.setBackend('cpu');
      tn.sum(tn.ones([3])).item();
      process.stdout.write('cpu work done\\n');
      await tn.setBackend('webgpu').catch(() => undefined);
      process.stdout.write('asked for webgpu\\n');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: process.cwd(), stdio: ['ignore', 'pipe', 'ignore'] });
    const lines = out.trim().split('\n');
    assert.deepEqual(lines.filter((l) => l !== 'LOADED webgpu').length, 2, out);
    assert.ok(lines.indexOf('LOADED webgpu') > lines.indexOf('cpu work done'), `the package was loaded before it was asked for:\n${out}`);
  });
});
