/** core: shapes, broadcasting, dtypes and the seeded generators. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  broadcastShapes, broadcastedAxes, castArray, Generator, normalizeAxis, normalizeAxes, normalAt, promoteTypes,
  stridesOf, uniformAt, ShapeError, ValueError,
} from 'tasknet/core';

test('strides and broadcasting follow NumPy', () => {
  assert.deepEqual(stridesOf([2, 3, 4]), [12, 4, 1]);
  assert.deepEqual(stridesOf([]), []);
  assert.deepEqual(broadcastShapes([2, 1, 3], [4, 1], 'add'), [2, 4, 3]);
  assert.deepEqual(broadcastShapes([], [5], 'add'), [5]);
  assert.deepEqual(broadcastShapes([0, 1], [1, 3], 'add'), [0, 3]);
  assert.throws(() => broadcastShapes([2, 3], [4], 'add'), (e: unknown) => e instanceof ShapeError &&
    e.message === 'add: shapes cannot be broadcast: [2,3] and [4] (dimension -1: 3 vs 4)');
  assert.deepEqual(broadcastedAxes([3, 1], [2, 3, 4]), [0, 2]);
});

test('axes are normalised and checked', () => {
  assert.equal(normalizeAxis(-1, 3, 'sum'), 2);
  assert.deepEqual(normalizeAxes([-1, 0], 3, 'sum'), [0, 2]);
  assert.deepEqual(normalizeAxes(undefined, 2, 'sum'), [0, 1]);
  assert.throws(() => normalizeAxis(3, 3, 'sum'), ValueError);
  assert.throws(() => normalizeAxis(0.5, 3, 'sum'), /axis must be an integer, found 0.5/);
});

test('dtype promotion and casting match PyTorch', () => {
  assert.equal(promoteTypes('int32', 'float32'), 'float32');
  assert.equal(promoteTypes('float64', 'float32'), 'float64');
  assert.equal(promoteTypes('bool', 'int32'), 'int32');
  assert.deepEqual(Array.from(castArray([-1.7, 2.9, 0], 'int32')), [-1, 2, 0]);
  assert.deepEqual(Array.from(castArray([-1.7, 0, Number.NaN], 'bool')), [1, 0, 1]);
});

test('the sequential generator is reproducible and well distributed', () => {
  const a = new Generator(42);
  const b = new Generator(42);
  const xs = Array.from({ length: 5 }, () => a.nextUint32());
  assert.deepEqual(xs, Array.from({ length: 5 }, () => b.nextUint32()));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, () => new Generator(43).nextUint32()));
  const g = new Generator(7);
  const n = 20000;
  let sum = 0; let sumSq = 0;
  for (let i = 0; i < n; i++) { const v = g.normal(); sum += v; sumSq += v * v; }
  assert.ok(Math.abs(sum / n) < 0.03, `normal mean ${sum / n}`);
  assert.ok(Math.abs(sumSq / n - 1) < 0.05, `normal variance ${sumSq / n}`);
  const counts = new Array<number>(5).fill(0);
  for (let i = 0; i < n; i++) counts[g.integers(0, 5)]! += 1;
  for (const c of counts) assert.ok(Math.abs(c / n - 0.2) < 0.02, `integers bucket ${c / n}`);
  const perm = Array.from(new Generator(1).permutation(10)).sort((x, y) => x - y);
  assert.deepEqual(perm, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => g.integers(3, 3), /expected integers low < high, found low=3, high=3/);
});

test('counter-based draws depend only on (seed, index)', () => {
  assert.equal(uniformAt(5, 17), uniformAt(5, 17));
  assert.notEqual(uniformAt(5, 17), uniformAt(6, 17));
  let sum = 0;
  for (let i = 0; i < 10000; i++) {
    const u = uniformAt(9, i);
    assert.ok(u >= 0 && u < 1);
    sum += normalAt(9, i);
  }
  assert.ok(Math.abs(sum / 10000) < 0.03);
});

test('a generator state saved and restored replays the same stream', () => {
  const g = new Generator(3);
  g.normal();
  const state = JSON.parse(JSON.stringify(g.getState())) as ReturnType<Generator['getState']>;
  const expected = [g.normal(), g.nextUint32(), g.uniform()];
  const h = new Generator(99);
  h.setState(state);
  assert.deepEqual([h.normal(), h.nextUint32(), h.uniform()], expected);
  assert.throws(() => h.setState({ words: [1, 2], spareNormal: null }), /Generator.setState: expected \{words: four uint32 values/);
});
