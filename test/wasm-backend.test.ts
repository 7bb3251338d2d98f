/**
 * The wasm backend itself: storages in WebAssembly memory, the size-class pool (steady state
 * in training, growth that keeps existing tensors), matmul on awkward sizes against a float64
 * reference, tensor disposal, and a short training run that matches the cpu backend.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { getKernel, inferOutput, type TensorInfo } from 'tasknet/backend';
import { blockSize, createWasmBackend, WasmBackend, WasmStorage } from 'tasknet/backends/wasm';
import { sizeOf, uniformAt } from 'tasknet/core';

/** The engine's wasm backend (created on first use). */
async function engineWasm(): Promise<WasmBackend> {
  await tn.setBackend('wasm');
  const backend = tn.engine.initialised('wasm');
  assert.ok(backend instanceof WasmBackend);
  return backend;
}

describe('wasm storage', () => {
  test('write copies, read and readSync return copies, dtypes are checked', async () => {
    const backend = await createWasmBackend();
    const source = new Float32Array([1, 2, 3]);
    const s = backend.write(source, 'float32');
    source[0] = 99;
    const first = backend.readSync(s);
    assert.deepEqual(Array.from(first), [1, 2, 3]);
    first[1] = 42;
    assert.deepEqual(Array.from(await backend.read(s)), [1, 2, 3]);
    assert.ok(s instanceof WasmStorage);
    assert.equal(s.offset % 64, 0, 'blocks are 64-byte aligned');
    assert.ok(backend.readSync(backend.write(new Float64Array([0.1]), 'float64')) instanceof Float64Array);
    assert.ok(backend.readSync(backend.write(new Int32Array([-7]), 'int32')) instanceof Int32Array);
    assert.ok(backend.readSync(backend.write(new Uint8Array([1]), 'bool')) instanceof Uint8Array);
    assert.throws(() => backend.write(new Float64Array(2), 'float32'), /write: expected the typed array of float32, found Float64Array/);
    assert.throws(() => backend.write(new Int32Array(2), 'bool'), /write: expected the typed array of bool, found Int32Array/);
  });

  test('memory counts live storages; release twice is a no-op; use after release and foreign storages throw', async () => {
    const backend = await createWasmBackend();
    const a = backend.write(new Float32Array(4), 'float32');
    const b = backend.write(new Float64Array(2), 'float64');
    const empty = backend.write(new Int32Array(0), 'int32');
    const counts = (): { storages: number; bytes: number } => ({ storages: backend.memory().storages, bytes: backend.memory().bytes });
    assert.deepEqual(counts(), { storages: 3, bytes: 32 });
    const reserved = backend.memory().reservedBytes!;
    assert.ok(reserved >= 64 + 64, `two 64-byte blocks at least are reserved (found ${reserved})`);
    backend.release(a);
    backend.release(a);
    assert.deepEqual(counts(), { storages: 2, bytes: 16 });
    assert.equal(backend.memory().reservedBytes, reserved, 'a released block stays reserved, in the pool');
    assert.throws(() => backend.readSync(a), /wasm: storage was used after it was released/);
    assert.deepEqual(Array.from(backend.readSync(empty)), []);
    const other = await createWasmBackend();
    const foreign = other.write(new Float32Array(1), 'float32');
    assert.throws(() => backend.readSync(foreign), /wasm: expected a storage of this wasm backend/);
    assert.throws(() => backend.release(foreign), /wasm: cannot release a storage of backend 'wasm' \(another wasm backend instance\)/);
    backend.release(b);
    backend.release(empty);
    assert.deepEqual(counts(), { storages: 0, bytes: 0 });
    other.dispose();
    backend.dispose();
  });
});

test('the relaxed-SIMD module is optional: relaxedSource null loads the plain SIMD build', async () => {
  const plain = await createWasmBackend({ relaxedSource: null });
  assert.equal(plain.relaxedSimd, false);
  const bad = new Uint8Array([0, 97, 115, 109, 9, 9]);
  await assert.rejects(() => createWasmBackend({ source: bad, relaxedSource: null, sharedSource: null }), /^StateError: wasm: cannot compile the kernel module \(bytes\): CompileError/);
  await assert.rejects(() => createWasmBackend({ sharedSource: bad, relaxedSource: null }), /^StateError: wasm: cannot compile the kernel module \(bytes\): CompileError/);
});

describe('wasm memory pool', () => {
  test('size classes: multiples of 64 bytes up to 1 KiB, then eight per power of two', () => {
    assert.deepEqual([0, 1, 64, 65, 1000, 1024, 1025, 5000, 4096, 1 << 20].map(blockSize),
      [0, 64, 64, 128, 1024, 1024, 1152, 5120, 4096, 1 << 20]);
    for (let bytes = 1; bytes < 1e7; bytes = Math.ceil(bytes * 1.37)) {
      const size = blockSize(bytes);
      assert.ok(size >= bytes && size % 64 === 0 && size <= Math.max(64, bytes * 1.125 + 64), `blockSize(${bytes}) = ${size}`);
    }
  });

  test('allocate/release cycles reuse blocks: the heap stays flat', async () => {
    const backend = await createWasmBackend();
    const cycle = (): void => {
      const held = [100, 4000, 4001, 70000, 3, 1 << 20].map((n) => backend.alloc('float32', n));
      for (const s of held) backend.release(s);
    };
    cycle();
    const after = backend.poolStats();
    for (let i = 0; i < 200; i++) cycle();
    const now = backend.poolStats();
    assert.equal(now.reservedBytes, after.reservedBytes, 'no new memory was reserved');
    assert.equal(now.heapBytes, after.heapBytes, 'the memory did not grow');
    assert.equal(now.freeBlocks, 6);
    // the same size class hands back the same block
    const x = backend.alloc('float32', 1000);
    const offset = x.offset;
    backend.release(x);
    const y = backend.alloc('int32', 1001); // 4004 bytes: the same class as 4000
    assert.equal(y.offset, offset);
  });

  test('growing the memory keeps existing tensors and kernels work on both sides of it', async () => {
    const backend = await createWasmBackend({ initialMemoryMiB: 1, threads: 1 });
    const values = Float32Array.from({ length: 1000 }, (_, i) => i * 0.5 - 7);
    const a = backend.write(values, 'float32');
    const bytesBefore = backend.poolStats().heapBytes;
    const big = backend.alloc('float32', 8 << 20); // 32 MiB: the memory must grow
    assert.ok(backend.poolStats().heapBytes >= 32 << 20 && bytesBefore < 2 << 20, 'the memory grew');
    assert.ok(backend.poolStats().grows >= 1);
    assert.deepEqual(backend.readSync(a), values, 'contents survive the growth');
    const x: TensorInfo = { storage: a, shape: [1000], dtype: 'float32' };
    const out = inferOutput('binary', [x, x], { op: 'add' });
    const sum = getKernel('wasm', 'binary')(backend, [x, x], { op: 'add' }, out);
    assert.deepEqual(Array.from(backend.readSync(sum)), Array.from(values, (v) => 2 * v));
    backend.view(big).fill(3);
    assert.equal(backend.readSync(big)[(8 << 20) - 1], 3);
    for (const s of [a, big, sum]) backend.release(s);
  });
});

/** A float32 matmul on the wasm backend against a float64 reference, within the float32 dot-product bound. */
function checkMatmul(backend: WasmBackend, aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean, seed: number): void {
  const fill = (shape: number[], s: number): Float32Array => Float32Array.from({ length: sizeOf(shape) }, (_, i) => uniformAt(s, i) * 2 - 1);
  const av = fill(aShape, seed);
  const bv = fill(bShape, seed + 1);
  const a: TensorInfo = { storage: backend.write(av, 'float32'), shape: aShape, dtype: 'float32' };
  const b: TensorInfo = { storage: backend.write(bv, 'float32'), shape: bShape, dtype: 'float32' };
  const attrs = { transposeA, transposeB };
  const out = inferOutput('matmul', [a, b], attrs);
  const storage = getKernel('wasm', 'matmul')(backend, [a, b], attrs, out);
  const got = backend.readSync(storage);
  const rank = out.shape.length;
  const [m, n] = [out.shape[rank - 2]!, out.shape[rank - 1]!];
  const k = aShape[transposeA ? aShape.length - 2 : aShape.length - 1]!;
  const batch = sizeOf(out.shape) / (m * n);
  const aBatches = sizeOf(aShape) / (m * k);
  const bBatches = sizeOf(bShape) / (k * n);
  const gamma = (k * 2 ** -24) / (1 - k * 2 ** -24);
  for (let t = 0; t < batch; t++) {
    // Only batch layouts where each operand has all batches or one are used here.
    const ao = (aBatches === 1 ? 0 : t) * m * k;
    const bo = (bBatches === 1 ? 0 : t) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        let abs = 0;
        for (let p = 0; p < k; p++) {
          const x = av[ao + (transposeA ? p * m + i : i * k + p)]! * bv[bo + (transposeB ? j * k + p : p * n + j)]!;
          s += x;
          abs += Math.abs(x);
        }
        const v = got[t * m * n + i * n + j]!;
        const bound = gamma * abs + 2 ** -24 * Math.abs(s);
        if (!(Math.abs(v - s) <= bound)) {
          assert.fail(`matmul ${JSON.stringify({ aShape, bShape, transposeA, transposeB })}: C[${t}][${i},${j}] = ${v}, expected ${s} ± ${bound}`);
        }
      }
    }
  }
  for (const s of [a.storage, b.storage, storage]) backend.release(s);
}

describe('wasm matmul against a float64 reference', () => {
  test('odd sizes 1, 3, 17, 63, 65, 129 in every transpose combination', async () => {
    const backend = await createWasmBackend();
    const sizes = [1, 3, 17, 63, 65, 129];
    let seed = 1;
    for (const m of sizes) {
      for (const k of sizes) {
        for (const n of sizes) {
          if ((m * k * n) % 7 !== 0 && m !== k && k !== n) continue; // a spread subset: keeps the test fast
          for (const ta of [false, true]) {
            for (const tb of [false, true]) checkMatmul(backend, ta ? [k, m] : [m, k], tb ? [n, k] : [k, n], ta, tb, seed++);
          }
        }
      }
    }
    // across the k-blocking (KC = 256), m-blocking (MC = 128) and n panels
    checkMatmul(backend, [130, 600], [600, 70], false, false, seed++);
    checkMatmul(backend, [600, 130], [70, 600], true, true, seed++);
    checkMatmul(backend, [257, 129], [129, 1100], false, false, seed++);
  });

  test('batched: equal batches, broadcast A, broadcast (folded) B, every transpose', async () => {
    const backend = await createWasmBackend();
    let seed = 100;
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const a = (batch: number[], m: number, k: number): number[] => [...batch, ...(ta ? [k, m] : [m, k])];
        const b = (batch: number[], k: number, n: number): number[] => [...batch, ...(tb ? [n, k] : [k, n])];
        checkMatmul(backend, a([3], 17, 63), b([3], 63, 9), ta, tb, seed++);
        checkMatmul(backend, a([], 17, 65), b([4], 65, 3), ta, tb, seed++);
        checkMatmul(backend, a([5], 13, 65), b([], 65, 17), ta, tb, seed++);
        checkMatmul(backend, a([2, 3], 5, 7), b([1], 7, 3), ta, tb, seed++);
      }
    }
  });
});

describe('wasm through the engine', () => {
  test('dispose, tidy and numTensors free storages back to the pool', async () => {
    const backend = await engineWasm();
    const tensorsBefore = tn.numTensors();
    const storagesBefore = backend.memory().storages;
    const x = tn.randn([64, 32]);
    const w = tn.randn([32, 16], { requiresGrad: true });
    const kept = tn.tidy(() => {
      const y = tn.relu(tn.matmul(x, w)).sum();
      y.backward();
      return y;
    });
    assert.equal(tn.numTensors(), tensorsBefore + 4, 'x, w, its grad and the kept result');
    assert.equal(tn.memory().backend, 'wasm');
    tn.dispose([x, kept, w.grad!, w]);
    assert.equal(tn.numTensors(), tensorsBefore);
    assert.equal(backend.memory().storages, storagesBefore, 'every storage was released');
    assert.throws(() => x.dataSync(), /was disposed/);
  });

  test('training allocates nothing new after the first step (300 steps)', async () => {
    const backend = await engineWasm();
    tn.manualSeed(3);
    const model = new tn.models.MLP([20, 32, 3]);
    const x = tn.randn([16, 20]);
    const y = tn.randint(0, 3, [16]);
    const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-3 });
    const step = (): void => tn.tidy(() => {
      optimizer.zeroGrad();
      tn.crossEntropy(model.forward(x), y).backward();
      optimizer.step();
    });
    step();
    step();
    const first = backend.poolStats();
    const storages = backend.memory().storages;
    for (let i = 0; i < 300; i++) step();
    const last = backend.poolStats();
    assert.equal(last.reservedBytes, first.reservedBytes, 'no new blocks after the first steps');
    assert.equal(last.heapBytes, first.heapBytes, 'the memory never grew');
    assert.equal(backend.memory().storages, storages, 'live storages are steady');
    optimizer.zeroGrad();
    tn.dispose([x, y]);
  });

  test('20 Adam steps of an MLP on wasm match the cpu backend', async () => {
    const run = async (backend: string): Promise<{ losses: number[]; params: number[][] }> => {
      await tn.setBackend(backend);
      tn.manualSeed(11);
      const model = new tn.models.MLP([30, 64, 32, 5]);
      const x = tn.randn([48, 30]);
      const y = tn.randint(0, 5, [48]);
      const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-2 });
      const losses: number[] = [];
      for (let i = 0; i < 20; i++) {
        losses.push(tn.tidy(() => {
          optimizer.zeroGrad();
          const loss = tn.crossEntropy(model.forward(x), y);
          loss.backward();
          optimizer.step();
          return loss.item();
        }));
      }
      const params = model.parameters().map((p) => Array.from(p.dataSync()));
      optimizer.zeroGrad();
      tn.dispose([x, y, ...model.parameters()]);
      return { losses, params };
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    assert.ok(cpu.losses[19]! < cpu.losses[0]! * 0.7, `the loss falls: ${cpu.losses[0]} → ${cpu.losses[19]}`);
    cpu.losses.forEach((l, i) => assert.ok(Math.abs(wasm.losses[i]! - l) <= 1e-5 * (1 + Math.abs(l)), `step ${i}: loss ${wasm.losses[i]} on wasm, ${l} on cpu`));
    cpu.params.forEach((p, k) => p.forEach((v, i) => {
      assert.ok(Math.abs(wasm.params[k]![i]! - v) <= 1e-4, `parameter ${k}[${i}]: ${wasm.params[k]![i]} on wasm, ${v} on cpu`);
    }));
  });
});
