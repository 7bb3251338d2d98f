/** Autograd behaviour beyond single ops: accumulation, reuse, broadcasting, modes, functional API. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const values = (t: tn.Tensor | null) => Array.from(t?.dataSync() ?? []);

test('gradients accumulate across backward calls and over reused tensors', () => {
  const x = tn.tensor([1, 2, 3], { requiresGrad: true });
  tn.mul(x, x).sum().backward(); // d/dx x² = 2x, x used twice in one op
  assert.deepEqual(values(x.grad), [2, 4, 6]);
  x.add(x).sum().backward(); // + 2
  assert.deepEqual(values(x.grad), [4, 6, 8]);
});

test('broadcast dimensions are reduced in the gradient', () => {
  const a = tn.ones([2, 3], { requiresGrad: true });
  const b = tn.ones([3], { requiresGrad: true });
  const c = tn.ones([2, 1], { requiresGrad: true });
  tn.add(tn.mul(a, b), c).sum().backward();
  assert.deepEqual(b.grad?.shape, [3]);
  assert.deepEqual(values(b.grad), [2, 2, 2]);
  assert.deepEqual(c.grad?.shape, [2, 1]);
  assert.deepEqual(values(c.grad), [3, 3]);
});

test('a second backward through a freed graph fails clearly; retainGraph allows it', () => {
  const x = tn.tensor([2], { requiresGrad: true });
  const y = tn.mul(x, x);
  y.backward(undefined, { retainGraph: true });
  y.backward();
  assert.deepEqual(values(x.grad), [8]);
  assert.throws(() => y.backward(), /trying to backward through the graph a second time/);
});

test('noGrad, detach and requiresGrad control recording', () => {
  const x = tn.tensor([1, 2], { requiresGrad: true });
  assert.equal(tn.noGrad(() => x.mul(2)).requiresGrad, false);
  assert.equal(x.detach().requiresGrad, false);
  assert.equal(x.mul(2).requiresGrad, true);
  assert.throws(() => tn.tensor([1], { dtype: 'int32', requiresGrad: true }), /only floating-point tensors can require gradients, found int32/);
  assert.throws(() => tn.tensor([1, 2]).sum().backward(), /does not require grad/);
  assert.throws(() => x.mul(2).backward(), /grad can be implicitly created only for one-element outputs, found shape \[2\]/);
});

test('retainGrad keeps a non-leaf gradient', () => {
  const x = tn.tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3).retainGrad();
  h.pow(2).sum().backward();
  assert.deepEqual(values(h.grad), [6, 12]);
  assert.deepEqual(values(x.grad), [18, 36]);
});

test('grad, valueAndGrad and gradients leave .grad untouched', () => {
  const x = tn.tensor([3], { requiresGrad: true });
  const dx = tn.grad((t) => t.pow(2).sum())(x);
  assert.deepEqual(values(dx), [6]);
  assert.equal(x.grad, null);
  const [value, [da, db]] = tn.valueAndGrad((a: tn.Tensor, b: tn.Tensor) => a.mul(b).sum())(tn.tensor([2]), tn.tensor([5]));
  assert.equal(value.item(), 10);
  assert.deepEqual([values(da ?? null), values(db ?? null)], [[5], [2]]);
});

test('createGraph gives second derivatives', () => {
  const x = tn.tensor([2], { dtype: 'float64', requiresGrad: true });
  const y = x.pow(3).sum();
  const [dy] = tn.gradients(y, [x], { createGraph: true });
  assert.deepEqual(values(dy ?? null), [12]); // 3x²
  const [d2y] = tn.gradients((dy as tn.Tensor).sum(), [x]);
  assert.deepEqual(values(d2y ?? null), [12]); // 6x
});

test('linear regression by plain gradient descent converges, with tidy keeping the tensor count flat', () => {
  tn.manualSeed(3);
  const x = tn.randn([32, 4]);
  const target = tn.sum(x, 1, true);
  let w = tn.zeros([4, 1], { requiresGrad: true });
  const loss = () => tn.mean(tn.pow(tn.sub(tn.matmul(x, w), target), 2));
  const first = loss().item();
  let live = -1;
  for (let i = 0; i < 100; i++) {
    const next = tn.tidy(() => {
      loss().backward();
      return tn.noGrad(() => w.sub(tn.mul(w.grad as tn.Tensor, 0.1)));
    });
    w.grad?.dispose();
    w.dispose();
    w = next.requiresGrad_();
    if (i === 10) live = tn.numTensors();
    if (i > 10) assert.equal(tn.numTensors(), live, `tensor count grew at step ${i}`);
  }
  const last = loss().item();
  assert.ok(last < first * 1e-3, `loss ${first} → ${last}`);
  assert.ok(Array.from(w.dataSync()).every((v) => Math.abs(v - 1) < 0.05));
});
