/** Text pretraining: the MLM masking rule, skip-gram pairs and negative sampling, and the SGNS loss decreasing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { transfer } = tn;

test('maskTokens: 15% of the real tokens, split 80/10/10, specials never touched, seeded', () => {
  const n = 40000;
  const ids = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 0 : 3 + (i % 17))); // id 0 = padding, 10%
  const options = { vocabSize: 20, maskId: 2, specialIds: [0, 1, 2], seed: 5 };
  const { inputs, labels } = transfer.maskTokens(ids, options);
  let selected = 0; let masked = 0; let replaced = 0; let kept = 0;
  for (let i = 0; i < n; i++) {
    if (ids[i] === 0) {
      assert.equal(inputs[i], 0);
      assert.equal(labels[i], transfer.IGNORE_INDEX);
      continue;
    }
    if (labels[i] === transfer.IGNORE_INDEX) {
      assert.equal(inputs[i], ids[i]);
      continue;
    }
    selected++;
    assert.equal(labels[i], ids[i]);
    if (inputs[i] === 2) masked++;
    else if (inputs[i] === ids[i]) kept++;
    else replaced++;
    assert.ok(inputs[i]! >= 3 && inputs[i]! < 20 || inputs[i] === 2, 'replacements are never special ids');
  }
  const real = n * 0.9;
  assert.ok(Math.abs(selected / real - 0.15) < 0.01, `selected ${selected / real}`);
  assert.ok(Math.abs(masked / selected - 0.8) < 0.02, `masked ${masked / selected}`);
  // random replacements may draw the same id (1 in 17): kept ≈ 0.1 + 0.1/17
  assert.ok(Math.abs(replaced / selected - 0.1 * 16 / 17) < 0.02, `replaced ${replaced / selected}`);
  assert.ok(Math.abs(kept / selected - (0.1 + 0.1 / 17)) < 0.02, `kept ${kept / selected}`);
  const again = transfer.maskTokens(ids, options);
  assert.deepEqual(again.inputs, inputs);
  assert.deepEqual(again.labels, labels);
  assert.notDeepEqual(transfer.maskTokens(ids, { ...options, seed: 6 }).labels, labels);
  assert.throws(() => transfer.maskTokens(ids, { ...options, rate: 1.5 }), /rate must be in \[0, 1\], found 1.5/);
});

test('skipGramPairs: symmetric pairs within the window, skipped ids dropped; UnigramSampler follows count^0.75', () => {
  const { centers, contexts } = transfer.skipGramPairs([[5, 0, 6, 7]], { window: 1, skipIds: [0] });
  const pairs = Array.from(centers, (c, i) => `${c}-${contexts[i]}`).sort();
  assert.deepEqual(pairs, ['5-6', '6-5', '6-7', '7-6']);
  const sampler = new transfer.UnigramSampler([0, 16, 1]);
  const draws = sampler.sample(9000, new tn.Generator(1));
  const share = draws.filter((d) => d === 1).length / draws.length;
  assert.ok(draws.every((d) => d === 1 || d === 2));
  assert.ok(Math.abs(share - 8 / 9) < 0.02, `16^0.75 / (16^0.75 + 1) = 8/9, found ${share}`);
});

test('trainSkipGram: the loss decreases on a tiny corpus and words of the same context end up closer', () => {
  // two "topics": ids 2-5 co-occur, ids 6-9 co-occur
  const gen = new tn.Generator(0);
  const sentences = Array.from({ length: 200 }, (_, s) => Array.from({ length: 6 }, () => (s % 2 === 0 ? 2 : 6) + gen.integers(0, 4)));
  const { model, losses } = transfer.trainSkipGram(sentences, { vocabSize: 10, dim: 8, epochs: 4, window: 2, batchSize: 256, lr: 0.05, seed: 0 });
  assert.ok(losses[3]! < 0.8 * losses[0]!, `losses ${losses.map((l) => l.toFixed(3)).join(' ')}`);
  const w = model.inEmbedding.weight.dataSync();
  const cos = (a: number, b: number): number => {
    let ab = 0; let aa = 0; let bb = 0;
    for (let d = 0; d < 8; d++) { ab += w[a * 8 + d]! * w[b * 8 + d]!; aa += w[a * 8 + d]! ** 2; bb += w[b * 8 + d]! ** 2; }
    return ab / Math.sqrt(aa * bb);
  };
  assert.ok(cos(2, 3) > cos(2, 7), `same topic ${cos(2, 3).toFixed(2)} vs other ${cos(2, 7).toFixed(2)}`);
  const again = transfer.trainSkipGram(sentences, { vocabSize: 10, dim: 8, epochs: 1, window: 2, batchSize: 256, lr: 0.05, seed: 0 });
  assert.equal(again.losses[0], losses[0], 'seeded');
});
