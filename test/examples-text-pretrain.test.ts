// examples/text-pretrain.mjs on a small slice: GloVe and skip-gram starts reach the fine-tuning, and every start
// learns the training sentences' sentiment well enough to beat chance on the 500 held-out IMDB sentences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './helpers/repo.js';

interface Row { labels: number; init: string; mean: number; std: number; accs: number[] }
type Run = (options: object) => Promise<Row[]>;
const { runTextPretrain } = (await import(pathToFileURL(path.join(repoRoot(), 'examples/text-pretrain.mjs')).href)) as { runTextPretrain: Run };

test('examples/text-pretrain.mjs: random, GloVe and skip-gram starts fine-tuned on 200 IMDB labels', async () => {
  const lines: string[] = [];
  const rows = await runTextPretrain({ labels: [200], epochs: 10, pretrainEpochs: 1, seeds: [0], spam: 300, log: (l: string) => lines.push(l) });
  assert.deepEqual(rows.map((r) => r.init), ['random', 'glove', 'sgns']);
  assert.match(lines.join('\n'), /GloVe coverage: \d+\/\d+ = 9\d\.\d%/);
  for (const r of rows) {
    assert.equal(r.accs.length, 1);
    // 500 balanced test sentences: 0.5 is a constant prediction (the bug this example once had); 200 labels do better
    assert.ok(r.mean > 0.55, `${r.init}: ${r.mean}`);
  }
});
