// Scenario 4 of `npm run bench:transfer`: pretrained word vectors vs a random start on few sentiment labels.
//   Data: npm `sentiment` (1,000 labelled sentences each from IMDB, Amazon and Yelp). 500 IMDB sentences (a fixed
//   draw, seed 0) are the test set of every setting; the vocabulary holds every word of the other 2,500 sentences.
//   Settings: 'amazon→imdb' trains on the 1,000 Amazon sentences (cross-domain); '20/50/200 imdb' train on that
//   many sentences drawn (per seed) from the other 500 IMDB ones.
//   Starts: random (the Embedding's N(0, 1)), sgns (skip-gram vectors pretrained here on the 2,500 sentences and
//   the SpamAssassin bodies: unlabelled text only), glove (GloVe 6B 100-d; words it lacks drawn at random),
//   glove-frozen (GloVe, embedding frozen, only the MLP trains).
//   Model: tn.models.BagOfEmbeddings (100-d, hidden 64), Adam lr 0.01, batch 16, about 300 steps.
import * as tn from 'tasknet';
import { meanStd, permutation, selectBudgets } from './common.mjs';

const STEPS = 300;
const BATCH = 16;

async function prepare(quick, log) {
  const { datasets, wordTokenize, Vocabulary, padSequences, wordVectors } = tn.data;
  const all = await datasets.sentiment('all');
  const labels = Array.from(all.y.dataSync());
  const domains = Array.from(all.domain.dataSync()).map((d) => all.domainNames[d]);
  const ofDomain = (name) => labels.flatMap((_, i) => (domains[i] === name ? [i] : []));
  const imdb = ofDomain('imdb');
  const order = permutation(0, imdb.length).map((k) => imdb[k]);
  const testIdx = order.slice(0, 500);
  const poolIdx = order.slice(500);
  const testSet = new Set(testIdx);
  const tokens = all.texts.map((t) => wordTokenize(t));
  const known = tokens.filter((_, i) => !testSet.has(i));
  const vocab = Vocabulary.build(known);
  const encode = (idx) => ({
    x: padSequences(idx.map((i) => vocab.encode(tokens[i])), { maxLen: 40 }).ids,
    y: tn.tensor(Int32Array.from(idx, (i) => labels[i]), { dtype: 'int32' }),
  });

  let t0 = performance.now();
  const glove = await wordVectors.glove100();
  const fromGlove = tn.transfer.embeddingFromVectors(vocab, glove, { oov: 'random', seed: 0 });
  const c = fromGlove.coverage;
  log(`  text: vocabulary ${vocab.size} words; GloVe covers ${(100 * c.ratio).toFixed(1)}% (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  t0 = performance.now();
  const spam = await datasets.spamAssassin();
  const bodies = spam.texts.map((t) => wordTokenize(t.slice(Math.max(0, t.indexOf('\n\n')))).slice(0, 60));
  const corpus = [...known, ...(quick ? bodies.slice(0, 200) : bodies)].map((t) => vocab.encode(t.filter((w) => vocab.has(w))));
  const { model: sgns, losses } = tn.transfer.trainSkipGram(corpus, {
    vocabSize: vocab.size, dim: 100, epochs: quick ? 1 : 3, window: 4, negatives: 5, batchSize: 4096, lr: 0.01, skipIds: [0, 1], seed: 0,
  });
  log(`  text: skip-gram pretraining on ${corpus.length} texts, ${losses.length} epochs in ${((performance.now() - t0) / 1000).toFixed(0)} s, loss ${losses.map((l) => l.toFixed(3)).join(' → ')}`);

  return {
    vocab, encode, test: encode(testIdx), amazon: ofDomain('amazon'), pool: poolIdx,
    starts: { random: null, sgns: sgns.inEmbedding.weight, glove: fromGlove.embedding.weight, 'glove-frozen': fromGlove.embedding.weight },
  };
}

async function runOne(data, start, trainIdx, seed) {
  tn.manualSeed(seed);
  const model = new tn.models.BagOfEmbeddings({ vocabSize: data.vocab.size, numClasses: 2, embeddingDim: 100, hiddenDim: 64 });
  const init = data.starts[start];
  if (init !== null) tn.noGrad(() => model.embedding.weight.assign(tn.clone(init)));
  if (start === 'glove-frozen') tn.transfer.freeze(model, ['embedding.**']);
  const train = data.encode(trainIdx);
  const loader = new tn.data.DataLoader(new tn.data.TensorDataset(train.x, train.y), { batchSize: BATCH, shuffle: true, seed });
  const optimizer = new tn.optim.Adam(model.parameters().filter((p) => p.requiresGrad), { lr: 0.01 });
  const epochs = Math.ceil(STEPS / Math.ceil(trainIdx.length / BATCH));
  await tn.train.fit(model, { train: loader, loss: tn.crossEntropy, optimizer, epochs, progress: false });
  optimizer.dispose();
  model.eval();
  const pred = tn.noGrad(() => tn.argmax(model.forward(data.test.x), 1));
  const got = pred.dataSync();
  const want = data.test.y.dataSync();
  let right = 0;
  for (let i = 0; i < want.length; i++) if (got[i] === want[i]) right++;
  tn.dispose([pred, train.x, train.y]);
  return { accuracy: right / want.length, epochs };
}

/** Run the text scenario: every setting × start × seed not in `done`; `record(row)` after each run. */
export async function runTextScenario(name, { seeds, budgets, quick, done, record, log }) {
  const data = await prepare(quick, log);
  const settings = [
    { label: 'amazon→imdb', rows: () => data.amazon },
    ...[20, 50, 200].map((n) => ({ label: `${n} imdb`, rows: (seed) => permutation(1000 + seed, data.pool.length).slice(0, n).map((k) => data.pool[k]) })),
  ];
  for (const setting of quick ? settings.slice(1, 2) : selectBudgets(name, settings, budgets)) {
    for (const start of Object.keys(data.starts)) {
      const accs = [];
      for (const seed of seeds) {
        if (done.has(`${setting.label}|${start}|${seed}`)) continue;
        const idx = setting.rows(seed);
        const t0 = performance.now();
        const { accuracy, epochs } = await runOne(data, start, idx, seed);
        accs.push(accuracy);
        record({ budget: setting.label, labels: idx.length, epochs, method: start, seed, accuracy, seconds: (performance.now() - t0) / 1000 });
      }
      if (accs.length > 0) {
        const { mean, std } = meanStd(accs);
        log(`  text ${setting.label} ${start}: ${(100 * mean).toFixed(1)} ± ${(100 * std).toFixed(1)} %`);
      }
    }
  }
}
