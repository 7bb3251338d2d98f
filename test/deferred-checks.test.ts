/**
 * Deferred checks (the tensor layer): evidence recorded by an operation is judged at the next read,
 * the first failure is thrown, every pending check is cleared and its evidence disposed, and reads
 * after a failure work again. Runs on the cpu backend, where `deferCheck` behaves the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const failIfNegative = (name: string) => (values: ArrayLike<number>) =>
  ((values[0] as number) < 0 ? new Error(`${name}: found ${values[0]}`) : undefined);

test('a passing check is judged and disposed at the next read; the read returns the values', async () => {
  const before = tn.numTensors();
  tn.deferCheck(tn.tensor([1, 2], { dtype: 'int32' }), failIfNegative('a'));
  assert.equal(tn.pendingChecks(), 1);
  const x = tn.tensor([7]);
  assert.deepEqual(Array.from(await x.data()), [7]);
  assert.equal(tn.pendingChecks(), 0);
  x.dispose();
  assert.equal(tn.numTensors(), before);
});

test('the first failing check is thrown, later ones are not judged; every pending check is cleared and the next read works', async () => {
  const before = tn.numTensors();
  const judged: string[] = [];
  const verdict = (name: string) => (values: ArrayLike<number>) => { judged.push(name); return failIfNegative(name)(values); };
  tn.deferCheck(tn.tensor([3, 0], { dtype: 'int32' }), verdict('first'));
  tn.deferCheck(tn.tensor([-5, 0], { dtype: 'int32' }), verdict('second'));
  tn.deferCheck(tn.tensor([-6, 0], { dtype: 'int32' }), verdict('third'));
  const x = tn.tensor([1]);
  await assert.rejects(x.data(), /^Error: second: found -5$/);
  assert.deepEqual(judged, ['first', 'second']);
  assert.equal(tn.pendingChecks(), 0);
  assert.deepEqual(Array.from(await x.data()), [1]);
  x.dispose();
  assert.equal(tn.numTensors(), before);
});

test('evidence is kept out of tidy until judged', async () => {
  const before = tn.numTensors();
  tn.tidy(() => tn.deferCheck(tn.tensor([-1]), failIfNegative('inside tidy')));
  assert.equal(tn.numTensors(), before + 1);
  await assert.rejects(tn.tensor([0]).data(), /inside tidy: found -1/);
  assert.equal(tn.numTensors(), before + 1); // only the tensor read above
});

test('checks of different dtypes are read separately and judged in order', async () => {
  const judged: number[] = [];
  tn.deferCheck(tn.tensor([0.5]), (v) => { judged.push(v[0] as number); return undefined; });
  tn.deferCheck(tn.tensor([4], { dtype: 'int32' }), (v) => { judged.push(v[0] as number); return undefined; });
  await tn.tensor([0]).data();
  assert.deepEqual(judged, [0.5, 4]);
});
