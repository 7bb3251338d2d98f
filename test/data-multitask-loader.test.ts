/** Multi-task data building blocks: the MultiMNIST overlay, dropped labels, and the MultiTaskLoader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { MultiTaskLoader, overlayPair, dropLabels } = tn.data;

/** A float32 [n, width] tensor whose row i is filled with i, and int32 labels [n] equal to offset + i. */
function rowsOf(n: number, width = 2, offset = 0): { x: tn.Tensor; y: tn.Tensor } {
  return {
    x: tn.tensor(Float32Array.from({ length: n * width }, (_, i) => Math.floor(i / width)), { shape: [n, width] }),
    y: tn.tensor(Int32Array.from({ length: n }, (_, i) => offset + i)),
  };
}

const firstColumn = (x: tn.Tensor): number[] => (x.tolist() as number[][]).map((r) => r[0]!);

test('overlayPair: 2×2 images on a 3×3 canvas, shifted by one, overlap takes the maximum', () => {
  const out = overlayPair([1, 0, 0, 2], [3, 0, 0, 4], 2, { canvas: 3, offset: 1, outSize: 3 });
  assert.deepEqual([...out], [1, 0, 0, 0, 3, 0, 0, 0, 4]);
  // the left image wins where it is brighter
  assert.deepEqual([...overlayPair([1, 0, 0, 9], [3, 0, 0, 4], 2, { canvas: 3, offset: 1, outSize: 3 })], [1, 0, 0, 0, 9, 0, 0, 0, 4]);
});

test('overlayPair: nearest-neighbour resize samples the canvas at pixel centres', () => {
  // 2×2 images on a 4×4 canvas (offset 2, no overlap): canvas = [[1,2,0,0],[3,4,0,0],[0,0,5,6],[0,0,7,8]];
  // resized to 2×2 it keeps rows and columns ⌊(i + ½)·4/2⌋ = 1 and 3
  assert.deepEqual([...overlayPair([1, 2, 3, 4], [5, 6, 7, 8], 2, { canvas: 4, offset: 2, outSize: 2 })], [4, 0, 0, 8]);
});

test('overlayPair: the default geometry (Sener & Koltun: 36×36 canvas, offset 6, 28×28 result)', () => {
  const ones = new Float32Array(784).fill(1);
  const zeros = new Float32Array(784);
  const left = overlayPair(ones, zeros, 28);
  const right = overlayPair(zeros, ones, 28);
  const lit = (img: Float32Array, i: number, j: number): number => img[i * 28 + j]!;
  // the left image covers canvas rows/columns 0–27 → result 0–21; the right one 6–33 → result 5–25
  assert.equal(left.reduce((a, b) => a + b, 0), 22 * 22);
  assert.equal(lit(left, 21, 21), 1);
  assert.equal(lit(left, 22, 0), 0);
  assert.equal(right.reduce((a, b) => a + b, 0), 21 * 21);
  assert.equal(lit(right, 5, 5), 1);
  assert.equal(lit(right, 4, 10), 0);
  assert.equal(lit(right, 25, 25), 1);
  assert.equal(lit(right, 26, 10), 0);
  assert.throws(() => overlayPair(ones, zeros, 28, { offset: 9 }), /overlayPair: expected an integer offset .*28 \+ offset ≤ 36.*found offset 9/);
  assert.throws(() => overlayPair([1, 2, 3], zeros, 28), /expected two images of 28×28 = 784 pixels, found 3 \(left\) and 784 \(right\)/);
});

test('dropLabels: exact counts per task, reproducible by seed, independent tasks', () => {
  const masks = dropLabels({ b: 0.3, c: 0.05 }, ['a', 'b', 'c'], 1000, 7, 'test');
  assert.deepEqual(Object.keys(masks), ['b', 'c']);
  const zeros = (m: Float32Array): number => m.filter((v) => v === 0).length;
  assert.equal(zeros(masks.b!), 300);
  assert.equal(zeros(masks.c!), 50);
  assert.ok(masks.b!.every((v) => v === 0 || v === 1));
  assert.deepEqual(dropLabels({ b: 0.3 }, ['a', 'b', 'c'], 1000, 7, 'test').b, masks.b);
  assert.notDeepEqual(dropLabels({ b: 0.3 }, ['a', 'b', 'c'], 1000, 8, 'test').b, masks.b);
  assert.equal(zeros(dropLabels({ a: 1 }, ['a'], 10, 0, 'test').a!), 10);
  assert.throws(() => dropLabels({ d: 0.1 }, ['a', 'b'], 10, 0, 'op'), /op: missing names an unknown task 'd': expected one of a, b/);
  assert.throws(() => dropLabels({ a: 1.5 }, ['a'], 10, 0, 'op'), /op: missing.a must be a fraction in \[0, 1\], found 1.5/);
});

test('MultiTaskLoader, shared input: every task sees the same rows; masks follow', () => {
  const { x, y } = rowsOf(10);
  const mask = tn.tensor(Float32Array.from({ length: 10 }, (_, i) => i % 2));
  const reg = tn.tensor(Float32Array.from({ length: 10 }, (_, i) => i / 10), { shape: [10, 1] });
  const data = { x, targets: { a: y, r: reg }, masks: { a: mask } };
  const loader = new MultiTaskLoader(data, { batchSize: 4 });
  assert.equal(loader.length, 3);
  assert.deepEqual(loader.tasks, ['a', 'r']);
  assert.equal(loader.perTaskInput, false);
  const batches = [...loader];
  assert.equal(batches.length, 3);
  assert.deepEqual(batches.map((b) => (b.x as tn.Tensor).shape), [[4, 2], [4, 2], [2, 2]]);
  const last = batches[2]!;
  assert.deepEqual(last.targets.a!.tolist(), [8, 9]);
  assert.equal(last.targets.a!.dtype, 'int32');
  assert.deepEqual(last.targets.r!.shape, [2, 1]);
  assert.deepEqual(last.masks!.a!.tolist(), [0, 1]);
  assert.equal(last.masks!.a!.dtype, 'float32');
  assert.equal(new MultiTaskLoader(data, { batchSize: 4, dropLast: true }).length, 2);
  tn.dispose([batches, data]);
});

test('MultiTaskLoader, shared input: seeded shuffling, a new order each epoch, setEpoch replays', () => {
  const { x, y } = rowsOf(12);
  const data = { x, targets: { a: y } };
  const order = (loader: InstanceType<typeof MultiTaskLoader>): number[] =>
    [...loader].flatMap((b) => {
      const xs = firstColumn(b.x as tn.Tensor);
      assert.deepEqual(b.targets.a!.tolist(), xs);
      tn.dispose(b);
      return xs;
    });
  const loader = new MultiTaskLoader(data, { batchSize: 5, shuffle: true, seed: 3 });
  const epoch0 = order(loader);
  const epoch1 = order(loader);
  assert.deepEqual([...epoch0].sort((a, b) => a - b), Array.from({ length: 12 }, (_, i) => i));
  assert.notDeepEqual(epoch0, epoch1);
  assert.deepEqual(order(new MultiTaskLoader(data, { batchSize: 5, shuffle: true, seed: 3 })), epoch0);
  loader.setEpoch(1);
  assert.deepEqual(order(loader), epoch1);
  assert.notDeepEqual(order(new MultiTaskLoader(data, { batchSize: 5, shuffle: true, seed: 4 })), epoch0);
  tn.dispose(data);
});

test('MultiTaskLoader, per-task input: each task its own rows; smaller tasks cycle until the largest is done', () => {
  const big = rowsOf(10, 2, 100);
  const small = rowsOf(3, 3, 200);
  const data = { x: { big: big.x, small: small.x }, targets: { big: big.y, small: small.y } };
  const plain = new MultiTaskLoader(data, { batchSize: 4 });
  assert.equal(plain.perTaskInput, true);
  assert.equal(plain.length, 3);
  const batches = [...plain];
  const x = (b: tn.data.MultiTaskBatch, t: string): tn.Tensor => (b.x as tn.data.TaskTensors)[t]!;
  assert.deepEqual(batches.map((b) => [x(b, 'big').shape, x(b, 'small').shape]), [[[4, 2], [4, 3]], [[4, 2], [4, 3]], [[2, 2], [2, 3]]]);
  assert.deepEqual(batches.flatMap((b) => firstColumn(x(b, 'small'))), [0, 1, 2, 0, 1, 2, 0, 1, 2, 0]);
  assert.deepEqual(batches.flatMap((b) => b.targets.small!.tolist() as number[]), [200, 201, 202, 200, 201, 202, 200, 201, 202, 200]);
  assert.deepEqual(batches.flatMap((b) => b.targets.big!.tolist() as number[]), Array.from({ length: 10 }, (_, i) => 100 + i));
  tn.dispose(batches);
  // shuffled: each cycle of the small task is a permutation of its rows, and the large task is seen once
  const shuffled = new MultiTaskLoader(data, { batchSize: 4, shuffle: true, seed: 0 });
  const rows = shuffled.batchIndices(0);
  const small3 = rows.flatMap((r) => [...r.small!]);
  const sorted = (a: number[]): number[] => [...a].sort((p, q) => p - q);
  assert.deepEqual(sorted(small3.slice(0, 3)), [0, 1, 2]);
  assert.deepEqual(sorted(small3.slice(3, 6)), [0, 1, 2]);
  assert.deepEqual(sorted(rows.flatMap((r) => [...r.big!])), Array.from({ length: 10 }, (_, i) => i));
  assert.deepEqual(new MultiTaskLoader(data, { batchSize: 4, shuffle: true, seed: 0 }).batchIndices(0), rows);
  for (const b of shuffled) {
    assert.deepEqual(b.targets.small!.tolist(), firstColumn(x(b, 'small')).map((i) => 200 + i));
    tn.dispose(b);
  }
  tn.dispose(data);
});

test('MultiTaskLoader checks rows, masks and inputs, saying what it expected', () => {
  const { x, y } = rowsOf(5);
  const short = tn.tensor(Int32Array.of(0, 1, 2));
  assert.throws(() => new MultiTaskLoader({ x, targets: { a: y, b: short } }),
    (e: Error) => e instanceof tn.ShapeError && /MultiTaskLoader: targets.b is \[3\], expected 5 rows \(the rows of x\)/.test(e.message));
  assert.throws(() => new MultiTaskLoader({ x, targets: { a: y }, masks: { a: tn.ones([5, 1]) } }), /masks.a is \[5,1\], expected \[5\]/);
  assert.throws(() => new MultiTaskLoader({ x, targets: { a: y }, masks: { b: tn.ones([5]) } }), /masks.b names no task of targets \(a\)/);
  assert.throws(() => new MultiTaskLoader({ x: { a: x }, targets: { a: y, b: y } }), /per-task input: expected x.b .*found x with a/);
  assert.throws(() => new MultiTaskLoader({ x, targets: {} }), /expected targets for at least one task, found none/);
  assert.throws(() => new MultiTaskLoader({ x, targets: { a: y } }, { batchSize: 0 }), /batchSize must be an integer ≥ 1, found 0/);
  tn.dispose([x, y, short]);
});
