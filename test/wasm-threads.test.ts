// Worker threads of the wasm backend: GEMM split over threads gives bit-identical results to one
// thread, the thread count can change at run time, and bad settings fail clearly.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { getKernel, inferOutput, type TensorInfo } from 'tasknet/backend';
import { createWasmBackend, defaultThreadCount, type WasmBackend } from 'tasknet/backends/wasm';
import { uniformAt } from 'tasknet/core';

/** C = A·B (or a batched product) on `backend`, as a Float32Array. */
function product(backend: WasmBackend, aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): Float32Array {
  const fill = (shape: number[], seed: number): Float32Array =>
    Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => uniformAt(seed, i) * 2 - 1);
  const a: TensorInfo = { storage: backend.write(fill(aShape, 1), 'float32'), shape: aShape, dtype: 'float32' };
  const b: TensorInfo = { storage: backend.write(fill(bShape, 2), 'float32'), shape: bShape, dtype: 'float32' };
  const attrs = { transposeA, transposeB };
  const c = getKernel('wasm', 'matmul')(backend, [a, b], attrs, inferOutput('matmul', [a, b], attrs));
  const values = backend.readSync(c) as Float32Array;
  for (const s of [a.storage, b.storage, c]) backend.release(s);
  return values;
}

describe('wasm worker threads', () => {
  let one: WasmBackend;
  let two: WasmBackend;
  before(async () => {
    one = await createWasmBackend({ threads: 1 });
    two = await createWasmBackend({ threads: 2 });
  });
  after(() => {
    one.dispose();
    two.dispose();
  });

  test('a backend reports its thread count', () => {
    assert.equal(one.threads, 1);
    assert.equal(two.threads, 2);
  });

  test('GEMM on two threads equals one thread bit for bit: wide, tall, batched, every transpose', () => {
    const cases: [number[], number[]][] = [
      [[300, 517], [517, 333]], // split by columns
      [[700, 96], [96, 40]], // split by rows
      [[6, 64, 200], [6, 200, 100]], // one task per matrix
      [[3, 90, 150], [150, 120]], // B broadcast: one GEMM of 270 rows
      [[3, 90, 150], [3, 150, 120]], // three matrices on two threads: each is split
    ];
    for (const [aShape, bShape] of cases) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const a = [...aShape];
          const b = [...bShape];
          if (transposeA) [a[a.length - 2], a[a.length - 1]] = [a[a.length - 1]!, a[a.length - 2]!];
          if (transposeB) [b[b.length - 2], b[b.length - 1]] = [b[b.length - 1]!, b[b.length - 2]!];
          const expected = product(one, a, b, transposeA, transposeB);
          const found = product(two, a, b, transposeA, transposeB);
          assert.deepEqual(found, expected, `${JSON.stringify(a)} @ ${JSON.stringify(b)} transposeA=${transposeA} transposeB=${transposeB}`);
        }
      }
    }
  });

  test('element-wise kernels on two threads equal one thread: broadcasts, one long row, comparisons, unary', () => {
    const run = (backend: WasmBackend, kernel: 'binary' | 'unary', shapes: number[][], attrs: Record<string, unknown>): number[] => {
      const inputs: TensorInfo[] = shapes.map((shape, q) => ({
        storage: backend.write(Float32Array.from({ length: shape.reduce((p, d) => p * d, 1) }, (_, i) => uniformAt(q + 5, i) * 4 - 2), 'float32'),
        shape, dtype: 'float32',
      }));
      const out = inferOutput(kernel, inputs as never, attrs as never);
      const storage = getKernel('wasm', kernel)(backend, inputs as never, attrs as never, out);
      const values = Array.from(backend.readSync(storage));
      for (const s of [...inputs.map((t) => t.storage), storage]) backend.release(s);
      return values;
    };
    const cases: ['binary' | 'unary', number[][], Record<string, unknown>][] = [
      ['binary', [[300, 400], [400]], { op: 'add' }],
      ['binary', [[300, 1], [1, 400]], { op: 'mul' }],
      ['binary', [[70001], [70001]], { op: 'sub' }],
      ['binary', [[3, 40000], [3, 1]], { op: 'gt' }],
      ['unary', [[70001]], { op: 'exp' }],
      ['unary', [[256, 512]], { op: 'tanh' }],
    ];
    for (const [kernel, shapes, attrs] of cases) {
      assert.deepEqual(run(two, kernel, shapes, attrs), run(one, kernel, shapes, attrs), `${kernel} ${JSON.stringify(attrs)} ${JSON.stringify(shapes)}`);
    }
  });

  test('setThreads changes the thread count at run time and results stay the same', async () => {
    const backend = await createWasmBackend({ threads: 1 });
    const expected = product(backend, [256, 256], [256, 256], false, false);
    for (const threads of [3, 2, 1, 2]) {
      await backend.setThreads(threads);
      assert.equal(backend.threads, threads);
      assert.deepEqual(product(backend, [256, 256], [256, 256], false, false), expected, `${threads} threads`);
    }
    backend.dispose();
  });

  test('a task that fails in a worker is reported on the calling thread, and the pool keeps working', () => {
    assert.throws(() => two.parallel(8, (table, at) => { table[at] = 99; }), /^StateError: wasm: 8 parallel task\(s\) trapped/);
    assert.deepEqual(product(two, [300, 200], [200, 300], false, false), product(one, [300, 200], [200, 300], false, false));
  });

  test('without the shared-memory build the backend stays on one thread', async () => {
    const single = await createWasmBackend({ sharedSource: null, threads: 2 });
    assert.equal(single.threads, 1);
    await single.setThreads(2);
    assert.equal(single.threads, 1);
    single.dispose();
  });

  test('bad thread counts fail with the expected range', async () => {
    await assert.rejects(() => createWasmBackend({ threads: 0 }), /^ValueError: wasm: threads must be an integer from 1 to 16, found 0$/);
    await assert.rejects(() => one.setThreads(2.5), /^ValueError: wasm: threads must be an integer from 1 to 16, found 2.5$/);
    await assert.rejects(() => tn.setNumThreads(17), /^ValueError: setNumThreads: threads must be an integer from 1 to 16, found 17$/);
  });

  test('TASKNET_NUM_THREADS sets the default thread count', async () => {
    const saved = process.env.TASKNET_NUM_THREADS;
    try {
      process.env.TASKNET_NUM_THREADS = '3';
      assert.equal(await defaultThreadCount(), 3);
      process.env.TASKNET_NUM_THREADS = 'many';
      await assert.rejects(() => defaultThreadCount(), /^ValueError: wasm: TASKNET_NUM_THREADS must be an integer from 1 to 16, found NaN$/);
    } finally {
      if (saved === undefined) delete process.env.TASKNET_NUM_THREADS;
      else process.env.TASKNET_NUM_THREADS = saved;
    }
  });

  test('tn.setNumThreads / getNumThreads act on the active backend; cpu has one thread', async () => {
    const previous = tn.getBackend();
    try {
      await tn.setBackend('cpu');
      await tn.setNumThreads(2);
      assert.equal(tn.getNumThreads(), 1);
      await tn.setBackend('wasm');
      await tn.setNumThreads(2);
      assert.equal(tn.getNumThreads(), 2);
      await tn.setNumThreads(1);
      assert.equal(tn.getNumThreads(), 1);
    } finally {
      await tn.setBackend(previous);
    }
  });
});
