/**
 * Bad indices and probabilities on the GPU: the kernels cannot throw, so the operation records its
 * input's bounds on the device and the next read throws the same ValueError the cpu backend throws
 * at once (less the position), saying it was found later. Valid inputs pass, the evidence is freed,
 * and training with a bad label stops with the loss's message.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { onGpu, webgpuSkipReason } from './helpers/webgpu.js';

const skip = await webgpuSkipReason();
const int = (values: number[]): tn.Tensor => tn.tensor(values, { dtype: 'int32' });
const LATER = /found on the device at a later read/;

/** Each operation with one bad input, and the message the cpu backend gives for it (without its position). */
const BAD: Record<string, { run: () => tn.Tensor; message: RegExp }> = {
  gather: { run: () => tn.gather(tn.tensor([1, 2, 3]), 0, int([0, 5])), message: /^ValueError: gather: index 5 is out of range for a dimension of size 3/ },
  take: { run: () => tn.take(tn.tensor([1, 2, 3]), int([2, 3])), message: /^ValueError: take: index 3 is out of range for axis 0 of size 3/ },
  indexSelect: { run: () => tn.indexSelect(tn.ones([3, 2]), 0, int([-1])), message: /^ValueError: take: index -1 is out of range for axis 0 of size 3/ },
  scatterAdd: { run: () => tn.scatterAdd(tn.zeros([3]), int([7]), tn.ones([1])), message: /^ValueError: scatterAdd: index 7 is out of range for axis 0 of size 3/ },
  oneHot: { run: () => tn.oneHot(int([0, 4]), 3), message: /^ValueError: oneHot: class index 4 is out of range for numClasses 3/ },
  embedding: { run: () => tn.embedding(int([1, 9]), tn.ones([3, 2])), message: /^ValueError: embedding: index 9 is out of range for a dimension of size 3/ },
  crossEntropy: { run: () => tn.crossEntropy(tn.ones([3, 4]), int([0, -100, 12])), message: /^ValueError: crossEntropy: target 12 is out of range for 4 classes/ },
  nllLoss: { run: () => tn.nllLoss(tn.zeros([2, 4]), int([-3, 1])), message: /^ValueError: nllLoss: target -3 is out of range for 4 classes/ },
  binaryCrossEntropy: { run: () => tn.binaryCrossEntropy(tn.tensor([0.5, 1.5]), tn.tensor([0, 1])), message: /^ValueError: binaryCrossEntropy: input values must be probabilities in \[0, 1\], found 1.5/ },
  'binaryCrossEntropy NaN': { run: () => tn.binaryCrossEntropy(tn.tensor([NaN, 0.5]), tn.tensor([0, 1])), message: /found NaN/ },
};

describe('webgpu: bad inputs are reported at the next read', { skip }, () => {
  for (const [name, { run, message }] of Object.entries(BAD)) {
    test(name, () => onGpu(async () => {
      const out = run();
      const other = tn.tensor([42]);
      const error: unknown = await other.data().then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof tn.ValueError, `expected a ValueError, found ${String(error)}`);
      assert.match(String(error), message);
      assert.match(String(error), LATER);
      assert.equal(tn.pendingChecks(), 0);
      assert.deepEqual(Array.from(await other.data()), [42]); // the next read works
      tn.dispose([out, other]);
    }));
  }

  test('valid inputs (ignored targets included) pass, and the evidence is freed at the read', () => onGpu(async () => {
    const before = tn.numTensors();
    const [loss, picked, bce] = tn.tidy(() => [
      tn.crossEntropy(tn.ones([3, 4]), int([0, -100, 3])),
      tn.gather(tn.tensor([1, 2, 3]), 0, int([2, 0])),
      tn.binaryCrossEntropy(tn.tensor([0, 0.5, 1]), tn.tensor([0, 1, 1])),
    ]) as [tn.Tensor, tn.Tensor, tn.Tensor];
    assert.ok(tn.pendingChecks() >= 3);
    assert.ok(Math.abs((await loss.data())[0]! - Math.log(4)) < 1e-6);
    assert.equal(tn.pendingChecks(), 0);
    assert.deepEqual(Array.from(await picked.data()), [3, 1]);
    assert.ok(Number.isFinite((await bce.data())[0]!));
    tn.dispose([loss, picked, bce]);
    assert.equal(tn.numTensors(), before);
  }));

  test('fit stops at the step after a bad label, with the loss\'s message', () => onGpu(async () => {
    tn.manualSeed(0);
    const model = new tn.nn.Linear(4, 3);
    const x = tn.randn([8, 4]);
    const y = int([0, 1, 2, 0, 1, 2, 3, 0]); // 3 is not a class of 3
    const loader = new tn.data.DataLoader(new tn.data.TensorDataset(x, y), { batchSize: 4 });
    await assert.rejects(
      tn.train.fit(model, { train: loader, loss: tn.crossEntropy, optimizer: new tn.optim.SGD(model.parameters(), { lr: 0.1 }), progress: false }),
      /crossEntropy: target 3 is out of range for 3 classes \(found on the device/,
    );
    assert.equal(tn.pendingChecks(), 0);
    tn.dispose([x, y]);
  }));
});
