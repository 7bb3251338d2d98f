/** examples/bert-spam.mjs runs end to end on SpamAssassin with a tiny model (the measured run takes minutes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface Summary { n: number; init: string; epochs: number; seeds: number; accuracy: { mean: number }; f1: { mean: number } }
interface Result { summary: Summary[]; unigramEntropy: number; firstMlmLoss: number; vocabSize: number }

test('bert-spam: MLM pretraining (gathered loss = ignoreIndex loss), then pretrained and random fine-tuning, scored on the test split', async () => {
  const file = pathToFileURL(path.join(repoRoot(), 'examples', 'bert-spam.mjs')).href;
  const { runBertSpam } = (await import(file)) as { runBertSpam: (o: object) => Promise<Result> };
  const r = await runBertSpam({
    pretrainSteps: 4, warmup: 1, pretrainBatch: 8, sizes: [20], seeds: [0], epochs: { 20: 1 }, hidden: 16, heads: 2, intermediate: 32, layers: 1, vocab: 2000,
  });
  assert.equal(r.vocabSize, 2000);
  assert.ok(Math.abs(r.firstMlmLoss - Math.log(2000)) < 0.1, `an untrained MLM predicts uniformly: ${r.firstMlmLoss} vs ln 2000`);
  assert.ok(r.unigramEntropy > 5 && r.unigramEntropy < Math.log(2000), `unigram entropy ${r.unigramEntropy}`);
  assert.deepEqual(r.summary.map((s) => [s.n, s.init, s.epochs, s.seeds]), [[20, 'pretrained', 1, 1], [20, 'random', 1, 1]]);
  for (const s of r.summary) assert.ok(s.accuracy.mean > 0.2 && s.accuracy.mean <= 1 && Number.isFinite(s.f1.mean));
});
