/** Datasets, collation and the DataLoader: batch counts, seeded shuffling, prefetching, memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { DataLoader, TensorDataset, Subset, ArrayDataset, defaultCollate } = tn.data;

function rows(n: number, width = 3): { x: tn.Tensor; y: tn.Tensor } {
  const x = tn.tensor(Float32Array.from({ length: n * width }, (_, i) => Math.floor(i / width)), { shape: [n, width] });
  const y = tn.tensor(Int32Array.from({ length: n }, (_, i) => i));
  return { x, y };
}

async function collect<B>(loader: AsyncIterable<B>): Promise<B[]> {
  const out: B[] = [];
  for await (const b of loader) out.push(b);
  return out;
}

test('TensorDataset rows, Subset and ArrayDataset', () => {
  const { x, y } = rows(5);
  const ds = new TensorDataset(x, y);
  assert.equal(ds.length, 5);
  const [xi, yi] = ds.get(2);
  assert.deepEqual(xi.shape, [3]);
  assert.deepEqual(xi.tolist(), [2, 2, 2]);
  assert.equal(yi.item(), 2);
  assert.equal(yi.dtype, 'int32');
  assert.throws(() => ds.get(5), /TensorDataset.get: index 5 is out of range for a dataset of length 5/);
  assert.throws(() => new TensorDataset(x, tn.zeros([4])), (e: Error) => e instanceof tn.ShapeError && /\[5,3\].*\[4\]/.test(e.message));
  const sub = new Subset(ds, [4, 0]);
  assert.equal(sub.length, 2);
  assert.equal((sub.get(0) as tn.Tensor[])[1]!.item(), 4);
  assert.throws(() => new Subset(ds, [7]), /index 7 \(at position 0\) is out of range/);
  const held = tn.ones([2]);
  const arr = new ArrayDataset([{ t: held, label: 1 }]);
  arr.get(0).t.dispose(); // a view: the dataset's tensor survives
  assert.equal(held.isDisposed, false);
  tn.dispose([x, y, xi, yi, held]);
});

test('defaultCollate stacks tensors and keeps integer labels int32', () => {
  const [xb, yb, zb, names] = defaultCollate([[tn.ones([2]), 1, 0.5, 'a'], [tn.zeros([2]), 0, 1.5, 'b']] as [tn.Tensor, number, number, string][]);
  assert.deepEqual(xb.shape, [2, 2]);
  assert.equal(yb.dtype, 'int32');
  assert.deepEqual(yb.tolist(), [1, 0]);
  assert.equal(zb.dtype, 'float32');
  assert.deepEqual(names, ['a', 'b']);
  const obj = defaultCollate([{ a: Int32Array.of(1, 2) }, { a: Int32Array.of(3, 4) }]);
  assert.deepEqual(obj.a.tolist(), [[1, 2], [3, 4]]);
  assert.equal(obj.a.dtype, 'int32');
  assert.throws(() => defaultCollate([tn.ones([2]), tn.ones([3])]), /sample 0 is \[2\], sample 1 is \[3\]/);
});

test('batch count, sizes and dropLast', async () => {
  const { x, y } = rows(10);
  const ds = new TensorDataset(x, y);
  const loader = new DataLoader(ds, { batchSize: 4 });
  assert.equal(loader.length, 3);
  const batches = await collect(loader);
  assert.deepEqual(batches.map(([xb]) => xb.shape[0]), [4, 4, 2]);
  assert.deepEqual(batches.map(([, yb]) => yb.tolist()), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  assert.equal(batches[0]![1].dtype, 'int32');
  tn.dispose(batches);
  const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
  assert.equal(dropped.length, 2);
  const b2 = await collect(dropped);
  assert.equal(b2.length, 2);
  tn.dispose(b2);
  assert.throws(() => new DataLoader(ds, { batchSize: 0 }), /batchSize must be an integer ≥ 1, found 0/);
  tn.dispose([x, y]);
});

test('seeded shuffling: reproducible, new order each epoch, every index once', async () => {
  const { x, y } = rows(23);
  const ds = new TensorDataset(x, y);
  const order = async (loader: tn.data.DataLoader<tn.Tensor[]>): Promise<number[]> => {
    const seen: number[] = [];
    for await (const [xb, yb] of loader) {
      seen.push(...(yb!.tolist() as number[]));
      tn.dispose([xb, yb]);
    }
    return seen;
  };
  const a = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 42 });
  const b = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 42 });
  const a0 = await order(a);
  const a1 = await order(a);
  assert.deepEqual(a0, await order(b));
  assert.deepEqual(a1, await order(b));
  assert.notDeepEqual(a0, a1);
  assert.notDeepEqual(a0, Array.from({ length: 23 }, (_, i) => i));
  for (const epoch of [a0, a1]) assert.deepEqual([...epoch].sort((p, q) => p - q), Array.from({ length: 23 }, (_, i) => i));
  // any epoch can be reproduced alone
  const c = new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 42 });
  c.setEpoch(1);
  assert.deepEqual(await order(c), a1);
  assert.notDeepEqual(await order(new DataLoader(ds, { batchSize: 5, shuffle: true, seed: 43 })), a0);
  tn.dispose([x, y]);
});

test('the TensorDataset fast path gives what per-row collation gives', async () => {
  const { x, y } = rows(9, 2);
  const ds = new TensorDataset(x, y);
  const fast = await collect(new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 1 }));
  const slow = await collect(new DataLoader(ds, { batchSize: 4, shuffle: true, seed: 1, collate: (s) => defaultCollate(s) }));
  assert.deepEqual(fast.map((b) => b.map((t) => t.tolist())), slow.map((b) => b.map((t) => t.tolist())));
  const viaSubset = await collect(new DataLoader(new Subset(ds, [8, 7, 6]), { batchSize: 2 }));
  assert.deepEqual(viaSubset.map(([, yb]) => yb!.tolist()), [[8, 7], [6]]);
  tn.dispose([fast, slow, viaSubset, x, y]);
});

test('an async dataset is prefetched one batch ahead and per-sample tensors are freed', async () => {
  const started: number[] = [];
  const ds: tn.data.Dataset<[tn.Tensor, number]> = {
    length: 12,
    async get(i) {
      started.push(i);
      await new Promise((r) => setTimeout(r, 1));
      return [tn.full([2], i), i % 3];
    },
  };
  const before = tn.numTensors();
  const loader = new DataLoader(ds, { batchSize: 4 });
  const seenWhenConsuming: number[] = [];
  let count = 0;
  for await (const [xb, yb] of loader) {
    seenWhenConsuming.push(started.length);
    assert.deepEqual(xb.shape, [4, 2]);
    assert.equal(yb.dtype, 'int32');
    count++;
    tn.dispose([xb, yb]);
  }
  assert.equal(count, 3);
  // while batch 0 is consumed, batch 1 (samples 4..7) has already been requested
  assert.equal(seenWhenConsuming[0], 8);
  assert.equal(tn.numTensors(), before);
  // prefetch: 0 loads on demand
  started.length = 0;
  const lazy = new DataLoader(ds, { batchSize: 4, prefetch: 0 });
  for await (const b of lazy) {
    assert.equal(started.length, 4); // nothing requested beyond the batch being consumed
    tn.dispose(b);
    break;
  }
  assert.equal(started.length, 4);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(tn.numTensors(), before);
});

test('breaking out early frees the batches loaded ahead; errors in get surface', async () => {
  const { x, y } = rows(20);
  const ds = new TensorDataset(x, y);
  const before = tn.numTensors();
  for await (const b of new DataLoader(ds, { batchSize: 4, prefetch: 2 })) {
    tn.dispose(b);
    break;
  }
  await new Promise((r) => setTimeout(r, 1));
  assert.equal(tn.numTensors(), before);
  const failing: tn.data.Dataset<number> = { length: 4, get: (i) => (i === 3 ? Promise.reject(new Error('disk on fire')) : i) };
  await assert.rejects(collect(new DataLoader(failing, { batchSize: 2 })), /disk on fire/);
  tn.dispose([x, y]);
});
