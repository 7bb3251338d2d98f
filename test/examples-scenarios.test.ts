/** The articles' small scenarios run end to end with their stated outcomes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

const load = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(repoRoot(), 'examples', file)).href)) as T;

interface ByHand {
  gradientCheck: number; single: { start: number; end: number };
  sharedTrunk: { testA: number; testB: number }; sameParameters: { testA: number; testB: number };
  scratch: number; fineTuned: number; features: number;
}

test('scenario 1: by-hand gradients equal autograd, training lowers the loss, transfer beats scratch', async () => {
  const { runByHand } = await load<{ runByHand: (o: { steps: number }) => ByHand }>('by-hand.mjs');
  const r = runByHand({ steps: 200 });
  assert.ok(r.gradientCheck < 1e-5, `max gradient difference ${r.gradientCheck}`);
  assert.ok(r.single.end < r.single.start / 10, `loss ${r.single.start} → ${r.single.end}`);
  for (const v of [r.sharedTrunk.testA, r.sharedTrunk.testB, r.sameParameters.testA, r.sameParameters.testB]) assert.ok(Number.isFinite(v));
  assert.ok(r.fineTuned < r.scratch && r.features < r.scratch, `scratch ${r.scratch}, fine-tuned ${r.fineTuned}, features ${r.features}`);
});

interface LogisticTransfer {
  separate: { A: number; B: number }; joint: { A: number; B: number };
  transfer: { cold: number; warm: number; coldIterations: number; warmIterations: number };
}

test('scenario 5: per-task and joint logistic models learn both tasks; a warm start converges to the same optimum sooner', async () => {
  const { runLogisticTransfer } = await load<{ runLogisticTransfer: (o: object) => LogisticTransfer }>('logistic-transfer.mjs');
  const r = runLogisticTransfer({ seed: 0 });
  for (const v of [r.separate.A, r.separate.B, r.joint.A, r.joint.B]) assert.ok(v > 0.85, `accuracy ${v}`);
  assert.ok(Math.abs(r.joint.A - r.separate.A) < 0.03 && Math.abs(r.joint.B - r.separate.B) < 0.03);
  assert.ok(Math.abs(r.transfer.warm - r.transfer.cold) < 0.02, `cold ${r.transfer.cold}, warm ${r.transfer.warm}`);
  assert.ok(r.transfer.warmIterations <= r.transfer.coldIterations);
});

interface MnistToFashion { mnist: { accuracy: number }; fashionBefore: { accuracy: number }; fashion: { accuracy: number } }
const hasFashion = (await import('node:fs')).existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');

test('scenario 2: MNIST → save → load → continue on Fashion-MNIST (3,000 images, 1 epoch each)', { skip: hasFashion ? false : 'Debian dataset-fashion-mnist is not installed' }, async () => {
  const { runMnistToFashion } = await load<{ runMnistToFashion: (o: object) => Promise<MnistToFashion> }>('mnist-to-fashion.mjs');
  const { mkdtempSync } = await import('node:fs');
  const dir = mkdtempSync(path.join((await import('node:os')).tmpdir(), 'tasknet-s2-'));
  const r = await runMnistToFashion({ epochs: 1, limit: 3000, seed: 0, path: path.join(dir, 'mnist-mlp') });
  assert.ok(r.mnist.accuracy > 0.75, `MNIST ${r.mnist.accuracy}`);
  assert.ok(r.fashionBefore.accuracy < 0.3, `Fashion before ${r.fashionBefore.accuracy}`); // different classes: near chance
  assert.ok(r.fashion.accuracy > 0.65, `Fashion after ${r.fashion.accuracy}`);
});
