/** The image-classification example on a small slice of real MNIST (the full runs are in the closing notes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface Result { test: { accuracy: number; loss: number }; history: { history: Record<string, number[]> } }
type Train = (o: Record<string, unknown>) => Promise<Result>;
const { trainImages } = (await import(pathToFileURL(path.join(repoRoot(), 'examples/image-classification.mjs')).href)) as { trainImages: Train };

test('an MLP trained on 3,000 MNIST images for 2 epochs scores > 85% on the 10,000 test images (seed 0)', async () => {
  const r = await trainImages({ dataset: 'mnist', model: 'mlp', epochs: 2, limit: 3000, seed: 0, progress: false });
  const losses = r.history.history.loss ?? [];
  assert.ok((losses[1] ?? 1) < (losses[0] ?? 0), `training loss ${losses.join(' → ')}`);
  assert.ok(r.test.accuracy > 0.85, `test accuracy ${r.test.accuracy}`);
});
