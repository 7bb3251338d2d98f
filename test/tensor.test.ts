/** The Tensor class, factories, printing, memory scopes and backend selection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { registerBackend, registerKernel } from 'tasknet/backend';

test('factories give the shapes, dtypes and values PyTorch would', async () => {
  const a = tn.tensor([[1, 2], [3, 4]], { requiresGrad: true });
  assert.deepEqual(a.shape, [2, 2]);
  assert.equal(a.dtype, 'float32');
  assert.equal(a.requiresGrad, true);
  const b = tn.tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2], dtype: 'float64' });
  assert.equal(b.dtype, 'float64');
  assert.deepEqual(Array.from(await b.data()), [1, 2, 3, 4]);
  assert.deepEqual(tn.tensor([true, false]).dtype, 'bool');
  assert.deepEqual(tn.tensor(new Int32Array([1, 2])).dtype, 'int32');
  assert.deepEqual(Array.from(tn.arange(1, 7, 2).dataSync()), [1, 3, 5]);
  assert.equal(tn.arange(0, 1, 0.25).dtype, 'float32');
  assert.deepEqual(Array.from(tn.linspace(0, 1, 5).dataSync()), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(tn.eye(2, 3).tolist(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(tn.full([2], 7, { dtype: 'int32' }).tolist(), [7, 7]);
  assert.deepEqual(tn.zerosLike(b).dtype, 'float64');
  assert.deepEqual(tn.onesLike(a).tolist(), [[1, 1], [1, 1]]);
  assert.equal(tn.tensor(3).item(), 3);
  assert.deepEqual(tn.tensor(3).shape, []);
});

test('random factories repeat after manualSeed', () => {
  tn.manualSeed(0);
  const first = [tn.rand([3]).tolist(), tn.randn([3]).tolist(), tn.randint(0, 10, [4]).tolist()];
  tn.manualSeed(0);
  const second = [tn.rand([3]).tolist(), tn.randn([3]).tolist(), tn.randint(0, 10, [4]).tolist()];
  assert.deepEqual(first, second);
  const many = tn.randn([10000]);
  assert.ok(Math.abs(tn.mean(many).item()) < 0.03);
  assert.ok(Math.abs(tn.std(many).item() - 1) < 0.03);
});

test('bad data is rejected with what was expected and found', () => {
  assert.throws(() => tn.tensor([[1, 2], [3]]), /tensor: ragged nested array: expected length 2 at \[1\], found length 1/);
  assert.throws(() => tn.tensor(new Float32Array(6), { shape: [2, 2] }), /tensor: 6 values cannot fill shape \[2,2\] \(needs 4\)/);
  assert.throws(() => tn.tensor([1], { dtype: 'float16' as tn.DType }), /tensor: unknown dtype 'float16'/);
  assert.throws(() => tn.zeros([2, -1]), /zeros: shape dimensions must be non-negative integers, found \[2,-1\]/);
  assert.throws(() => tn.tensor([1, 2]).item(), /item: expected a tensor with one element, found shape \[2\]/);
});

test('toString prints like PyTorch', () => {
  assert.equal(tn.tensor([[1, 2], [3, 4]]).toString(), 'tensor([[1., 2.],\n        [3., 4.]])');
  assert.equal(tn.tensor([0.5, -1.25]).toString(), 'tensor([ 0.5000, -1.2500])');
  assert.equal(tn.tensor([1, 2], { requiresGrad: true }).toString(), 'tensor([1., 2.], requires_grad=True)');
  assert.equal(tn.tensor([1, 2], { dtype: 'int32' }).toString(), 'tensor([1, 2], dtype=int32)');
  assert.equal(tn.tensor([true, false]).toString(), 'tensor([ True, False])');
  assert.equal(tn.tensor(2.5).toString(), 'tensor(2.5000)');
  assert.match(tn.tensor([1], { requiresGrad: true }).mul(2).toString(), /grad_fn=<MulBackward>/);
  assert.match(tn.zeros([2000]).toString(), /^tensor\(\[0\., 0\., 0\., \.\.\., 0\., 0\., 0\.\]\)$/);
});

test('tidy disposes intermediates, keeps results and gradients', () => {
  const start = tn.numTensors();
  const w = tn.ones([3], { requiresGrad: true });
  const out = tn.tidy(() => {
    const y = w.mul(2).add(1).sum();
    y.backward();
    return y;
  });
  assert.equal(out.item(), 9);
  assert.deepEqual(w.grad?.tolist(), [2, 2, 2]);
  assert.equal(tn.numTensors(), start + 3); // w, its grad, out
  out.dispose();
  out.dispose(); // twice is harmless
  assert.throws(() => out.dataSync(), /dataSync: tensor \d+ \[\] was disposed/);
  const storagesBefore = tn.memory().numStorages;
  const view = w.reshape([3, 1]);
  assert.equal(tn.memory().numStorages, storagesBefore, 'a reshape shares storage');
  view.dispose();
  assert.deepEqual(w.tolist(), [1, 1, 1], 'disposing a view keeps the source alive');
});

test('backend selection and kernel registry', async () => {
  assert.equal(tn.getBackend(), 'wasm', 'the entry point starts on the fastest backend');
  await tn.setBackend('cpu');
  await assert.rejects(tn.setBackend('nope'), /setBackend: unknown backend 'nope' \(registered: wasm, cpu, webgpu\)/);
  assert.throws(() => registerKernel('cpu', 'unary', () => { throw new Error('unused'); }), /registerKernel: kernel 'unary' is already registered for backend 'cpu'/);
  assert.throws(() => registerBackend('cpu', () => { throw new Error('unused'); }), /registerBackend: backend 'cpu' is already registered/);
});

test('useBestBackend: TASKNET_BACKEND wins, else the highest priority that starts', async () => {
  const saved = process.env.TASKNET_BACKEND;
  try {
    process.env.TASKNET_BACKEND = 'cpu';
    assert.equal(await tn.useBestBackend(), 'cpu');
    assert.equal(tn.getBackend(), 'cpu');
    process.env.TASKNET_BACKEND = 'abacus';
    await assert.rejects(tn.useBestBackend(), /setBackend: unknown backend 'abacus'/);
    delete process.env.TASKNET_BACKEND;
    assert.equal(await tn.useBestBackend(), 'wasm');
    // a backend that fails to start is skipped
    registerBackend('broken', () => Promise.reject(new Error('no device')), 99);
    assert.equal(await tn.useBestBackend(), 'wasm');
  } finally {
    if (saved === undefined) delete process.env.TASKNET_BACKEND;
    else process.env.TASKNET_BACKEND = saved;
    await tn.setBackend('cpu');
  }
});
