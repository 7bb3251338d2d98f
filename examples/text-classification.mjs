// Text classification on real data (issue #3): SpamAssassin e-mails (spam/ham) and the sentiment sentences of the
// npm package `sentiment` (IMDB, Amazon and Yelp reviews, 1000 each), with a bag of embeddings (default), an LSTM,
// or the IMDB model of the articles (scenario 4), which is then reused as the starting point of another text task.
//
// Pipeline: load texts and labels → stratified 80/20 split of the indices (trainTestSplit, seed 0) → wordTokenize →
// Vocabulary built on the training split only → padSequences (maxLen: 95th percentile of the training lengths,
// capped at 400 tokens) → fit with a DataLoader → test accuracy and F1 on the held-out 20%.
// The split (token lists and labels) is written to runs/text-split-<dataset>.json; tools/reference/sklearn_text.py
// fits scikit-learn's bag-of-words LogisticRegression on exactly those tokens for comparison.
//
//   node examples/text-classification.mjs --dataset sentiment [--model bag|lstm] [--epochs 4] [--seed 0] [--limit 0]
//   node examples/text-classification.mjs --dataset spam
//   node examples/text-classification.mjs --model imdb-article [--dir path/to/aclImdb] [--transfer yelp --targetTrain 200]
//   node examples/text-classification.mjs --dataset sentiment --model ngram-logistic   (words + word pairs, L-BFGS)
//
// Measured on a 2-core AMD EPYC (Node 20, CPU backend), split seed 0, model seed 0 unless said:
//   spam        bag, 6 epochs: test accuracy 98.35%, F1 0.973 (4836/1210 e-mails, 38 s in all); scikit-learn 97.60%
//   sentiment   bag, 4 epochs: 83.17%, F1 0.831 (2400/600 sentences, 2 s); seeds 0-4: 82.37% on average;
//               scikit-learn 83.33%. lstm, 4 epochs: 80.67% (31 s). ngram-logistic (words + pairs): 84.17%
//   imdb        imdb-article, 10 epochs: 65.50% (800/200 sentences); scikit-learn 81.50%
//   --transfer yelp (200 Yelp training sentences, 10 epochs, seeds 0-4 on average): fine-tuned from the IMDB model
//               68.8%, trained from scratch 60.5%, the IMDB model as it is 63.9%
//
// The IMDB model of the articles (SCENARIOS.md, scenario 4): Embedding(10000, 300) → Linear(300, 100) → ReLU →
// Linear(100, 1), BCE with logits, SGD lr 0.01 momentum 0.9, 10 epochs, batch 32, vocabulary min frequency 5.
// Corrected here:
//  - As written, nothing sits between Embedding and Linear: the Linear layers then map each token [B, L, 300] to a
//    logit per token [B, L, 1], which cannot be compared with one label per review. What was meant is one vector
//    per review: the embeddings are averaged over the real tokens (padding excluded), an EmbeddingBag in mean mode,
//    i.e. `BagOfEmbeddings` with embeddingDim 300, hiddenDim 100 and one output.
//  - Embedding(10000, ...) is fixed while the vocabulary comes from a minimum frequency: a larger vocabulary indexes
//    past the table, a smaller one leaves rows unused. Here the vocabulary keeps at most 10000 tokens (min frequency
//    5) and the table has exactly its size.
//  - Reusing the model for another task needs the same vocabulary (embedding rows are indexed by it): the target
//    texts are encoded with the source vocabulary, and the from-scratch baseline uses that vocabulary too, so the
//    only difference between the two is the starting weights.
// (BCE with logits takes float targets of the output's shape: the int32 labels are cast, the [B, 1] output flattened.)
// With 800 sentences these settings underfit (train accuracy 72.5% after 10 epochs; 30 epochs reach 72.5% on test).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Buffer } from 'node:buffer';
import * as tn from 'tasknet';

const { datasets, wordTokenize, Vocabulary, padSequences, trainTestSplit, DataLoader, TensorDataset } = tn.data;

// ---------------------------------------------------------------------------------------------------------------
// E-mails: the SpamAssassin messages are raw RFC 822 files (headers, then a body that may be MIME multipart,
// base64 or quoted-printable, HTML or plain text). The routing headers give the answer away (every ham message
// passed through the same list servers), so the text we classify is what a reader sees: subject + body text.

/** Headers of an entity (unfolded, names lower-cased, first occurrence kept) and its body. */
function splitEntity(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.search(/\n\n/);
  const head = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 2);
  const headers = new Map();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBytes(bytes, charset) {
  try {
    return new TextDecoder(charset || 'latin1').decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

function quotedPrintable(text) {
  const soft = text.replace(/=\n/g, '');
  const bytes = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft.charCodeAt(i);
    if (c === 61 && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c & 0xff);
    }
  }
  return Uint8Array.from(bytes);
}

/** RFC 2047 encoded words in headers: `=?utf-8?B?...?=`, `=?iso-8859-1?Q?...?=`. */
function decodeHeader(value) {
  return value.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, enc, data) => decodeBytes(
    enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : quotedPrintable(data.replace(/_/g, ' ')), charset));
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function htmlToText(html) {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) => {
      if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? ' ';
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
    });
}

function param(value, name) {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  return m === null ? undefined : m[1] ?? m[2];
}

/** The readable text of a MIME entity: text parts decoded, HTML stripped, attachments skipped. */
function entityText(headers, body, depth = 0) {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/') && depth < 8) {
    const boundary = param(headers.get('content-type'), 'boundary');
    if (boundary === undefined) return body;
    const parts = body.split(`--${boundary}`).slice(1);
    return parts
      .filter((p) => !p.startsWith('--'))
      .map((p) => {
        const part = splitEntity(p.replace(/^[ \t]*\n/, ''));
        return entityText(part.headers, part.body, depth + 1);
      })
      .join('\n');
  }
  if (type.startsWith('message/rfc822') && depth < 8) {
    const inner = splitEntity(body);
    return `${decodeHeader(inner.headers.get('subject') ?? '')}\n${entityText(inner.headers, inner.body, depth + 1)}`;
  }
  if (!type.startsWith('text/')) return '';
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  const charset = param(type, 'charset');
  let text = body;
  if (encoding.includes('base64')) text = decodeBytes(Buffer.from(body, 'base64'), charset);
  else if (encoding.includes('quoted-printable')) text = decodeBytes(quotedPrintable(body), charset);
  return type.startsWith('text/html') ? htmlToText(text) : text;
}

/**
 * The subject and body text of a raw e-mail (headers other than the subject dropped, MIME decoded, HTML stripped).
 * @param {string} raw - the message with its headers
 * @returns {string}
 */
export function emailText(raw) {
  const { headers, body } = splitEntity(raw);
  return `${decodeHeader(headers.get('subject') ?? '')}\n${entityText(headers, body)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Data

const SENTIMENT_DOMAINS = ['imdb', 'amazon', 'yelp'];

/**
 * Texts and labels of a data set: `'spam'` (SpamAssassin, subject + body), `'sentiment'` (the three domains pooled,
 * 3000 sentences), one domain (`'imdb'`, `'amazon'`, `'yelp'`), or, with `dir`, an aclImdb folder (its own
 * train/test split: `testFrom` is the index of the first test text).
 */
export async function loadTexts(dataset, { dir = '', limit = 0 } = {}) {
  if (dir) {
    const limitPerClass = limit > 0 ? Math.ceil(limit / 2) : undefined;
    const train = await datasets.textFolder({ dir, split: 'train', classes: ['neg', 'pos'], limitPerClass });
    const test = await datasets.textFolder({ dir, split: 'test', classes: ['neg', 'pos'], limitPerClass });
    const clean = (t) => t.replace(/<br\s*\/?>/gi, ' ');
    const labels = Int32Array.from([...train.y.dataSync(), ...test.y.dataSync()]);
    return { texts: [...train.texts, ...test.texts].map(clean), labels, classes: train.classes, testFrom: train.texts.length, name: 'aclImdb' };
  }
  let set;
  let texts;
  if (dataset === 'spam') {
    set = await datasets.spamAssassin();
    texts = set.texts.map(emailText);
  } else if (dataset === 'sentiment' || SENTIMENT_DOMAINS.includes(dataset)) {
    set = await datasets.sentiment(dataset === 'sentiment' ? 'all' : dataset);
    texts = set.texts;
  } else {
    throw new Error(`dataset must be 'spam', 'sentiment', ${SENTIMENT_DOMAINS.map((d) => `'${d}'`).join(', ')}, found '${dataset}'`);
  }
  const labels = Int32Array.from(set.y.dataSync());
  set.y.dispose();
  return { texts, labels, classes: set.classes, name: dataset };
}

/** Positions `0 … n-1` split as trainTestSplit splits rows: stratified by `labels`, `testSize` held out. */
export function splitIndices(labels, { testSize = 0.2, seed = 0, trainSize } = {}) {
  const n = labels.length;
  const idx = tn.arange(0, n, 1, { dtype: 'int32' });
  const y = tn.tensor(Array.from(labels), { dtype: 'int32' });
  const s = trainTestSplit(idx, y, trainSize !== undefined ? { trainSize, seed, stratify: true } : { testSize, seed, stratify: true });
  tn.dispose([idx, y, s.xTrain, s.xTest, s.yTrain, s.yTest]);
  return { train: s.trainIndices, test: s.testIndices };
}

/** The `q`-quantile of the lengths (nearest rank). */
function quantile(lengths, q) {
  const sorted = Int32Array.from(lengths).sort();
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Token lists → int32 `[N, maxLen]` ids with a vocabulary (unknown words → `<unk>`, padding id 0 at the end). */
export function encode(vocab, tokenLists, maxLen) {
  const { ids, lengths } = padSequences(tokenLists.map((t) => vocab.encode(t.slice(0, maxLen))), { maxLen });
  lengths.dispose();
  return ids;
}

// ---------------------------------------------------------------------------------------------------------------
// Models and training

/**
 * Settings per model. `bag`: chosen on a validation split carved from the sentiment training split (the test split
 * untouched; 1920/480 sentences, seeds 0-2), where it reached 82.0% against scikit-learn's 81.3%: embeddings started
 * near zero (N(0, 0.01²) instead of N(0, 1)) train faster and generalise better on a few thousand texts (peak 82.0%
 * against 79.4% from N(0, 1) with lr 1e-2, 74.1% with lr 2e-3 after 8 epochs), a narrow 16-d table does as well as 64-d at a quarter of the time, every training word is kept
 * (min frequency 1, as a bag-of-words linear model keeps it), and the validation accuracy peaks at 4 epochs.
 * Dropout, weight decay (AdamW), sum pooling, bigrams, 64-d tables and batches of 64 did not help (80.4-82.0%). `lstm`: the same recipe with a wider
 * table (one validation check: 80.2% at 3 epochs). `imdb-article`: the article's settings (N(0, 1) embeddings).
 */
export const MODEL_DEFAULTS = {
  bag: {
    epochs: 4, batchSize: 32, optimizer: 'adam', lr: 2e-3, weightDecay: 0, minFreq: 1, maxSize: 20000,
    embeddingDim: 16, hiddenDim: 16, dropout: 0, embeddingInitStd: 0.01, maxLenCap: 400,
  },
  lstm: {
    epochs: 4, batchSize: 32, optimizer: 'adam', lr: 3e-3, weightDecay: 0, minFreq: 1, maxSize: 20000,
    embeddingDim: 32, hiddenDim: 32, dropout: 0, embeddingInitStd: 0.1, maxLenCap: 400,
  },
  'imdb-article': {
    epochs: 10, batchSize: 32, optimizer: 'sgd', lr: 0.01, momentum: 0.9, minFreq: 5, maxSize: 10000,
    embeddingDim: 300, hiddenDim: 100, embeddingInitStd: 1, maxLenCap: 400,
  },
};

/** Per data set changes to the `bag` and `lstm` settings (SpamAssassin: chosen on a validation split as above). */
export const DATASET_DEFAULTS = { spam: { epochs: 6 } };

function settingsOf(kind, dataset, overrides) {
  const base = MODEL_DEFAULTS[kind];
  if (base === undefined) throw new Error(`model must be ${Object.keys(MODEL_DEFAULTS).map((k) => `'${k}'`).join(', ')}, found '${kind}'`);
  const settings = { ...base, ...(kind === 'imdb-article' ? {} : DATASET_DEFAULTS[dataset]) };
  for (const [k, v] of Object.entries(overrides)) if (k in base && v !== undefined && v !== '' && !Number.isNaN(v)) settings[k] = v;
  return settings;
}

/** A fresh model of `kind` for a vocabulary of `vocabSize` ids. */
export function buildModel(kind, vocabSize, settings) {
  const { embeddingDim, hiddenDim, dropout = 0, embeddingInitStd = 1 } = settings;
  // 'bag': two logits + cross-entropy; 'imdb-article': one logit + BCE with logits
  const model = kind === 'lstm'
    ? new tn.models.LSTMClassifier({ vocabSize, numClasses: 2, embeddingDim, hiddenDim, dropout })
    : new tn.models.BagOfEmbeddings({ vocabSize, numClasses: kind === 'imdb-article' ? 1 : 2, embeddingDim, hiddenDim, dropout });
  // the layers start their tables at N(0, 1) (PyTorch's default, the padding row 0): scale them to N(0, std²)
  if (embeddingInitStd !== 1) tn.noGrad(() => model.embedding.weight.assign(tn.mul(model.embedding.weight, embeddingInitStd)));
  return model;
}

const isBinaryLogit = (kind) => kind === 'imdb-article';

function lossOf(kind) {
  return isBinaryLogit(kind)
    ? (out, y) => tn.binaryCrossEntropyWithLogits(tn.reshape(out, [-1]), tn.cast(y, 'float32'))
    : (out, y) => tn.crossEntropy(out, y);
}

/** Test accuracy and F1 (positive class 1: spam, positive review) of `model` on ids `x` and labels `y`. */
export function evaluateText(model, kind, x, y) {
  const wasTraining = model.training;
  model.eval();
  const n = x.shape[0];
  const chunks = [];
  for (let start = 0; start < n; start += 256) {
    chunks.push(tn.noGrad(() => tn.tidy(() => model.forward(tn.slice(x, 0, start, Math.min(n, start + 256))))));
  }
  model.train(wasTraining);
  const logits = chunks.length === 1 ? chunks[0] : tn.concat(chunks, 0);
  if (chunks.length > 1) tn.dispose(chunks);
  const options = isBinaryLogit(kind) ? { threshold: 0 } : {};
  const result = { accuracy: tn.train.accuracy(y, logits, options), f1: tn.train.f1Score(y, logits, options) };
  logits.dispose();
  return result;
}

/** Train `model` (Adam or SGD as the settings say) on `xTrain`, `yTrain` for `epochs` epochs. */
export async function trainText(model, kind, settings, xTrain, yTrain, { epochs, seed, progress = false, callbacks = [] }) {
  const optimizer = settings.optimizer === 'sgd'
    ? new tn.optim.SGD(model.parameters(), { lr: settings.lr, momentum: settings.momentum ?? 0 })
    : settings.optimizer === 'adamw'
      ? new tn.optim.AdamW(model.parameters(), { lr: settings.lr, weightDecay: settings.weightDecay })
      : new tn.optim.Adam(model.parameters(), { lr: settings.lr, weightDecay: settings.weightDecay ?? 0 });
  const loader = new DataLoader(new TensorDataset(xTrain, yTrain), { batchSize: settings.batchSize, shuffle: true, seed });
  const start = performance.now();
  const history = await tn.train.fit(model, {
    train: loader, loss: lossOf(kind), optimizer, epochs, progress, callbacks,
    metrics: [() => new tn.train.Accuracy(isBinaryLogit(kind) ? { threshold: 0 } : {})],
  });
  return { history, seconds: (performance.now() - start) / 1000 };
}

/**
 * The whole pipeline on one data set: load, split (stratified 80/20, seed 0), tokenise, vocabulary on the training
 * split, pad, train, test.
 * @param {object} options - dataset ('sentiment'), model ('bag'), epochs (per model), seed (0: weights and batch
 *   order), limit (0: all texts; else a stratified subset of that many texts, drawn with the split seed), dir
 *   (aclImdb folder), splitSeed (0), write (false; true writes the split's tokens and labels to
 *   runs/text-split-<dataset>.json, a string to that file), progress (false), maxLen (default: 95th percentile of
 *   the training lengths, capped at maxLenCap), and any MODEL_DEFAULTS setting (lr, batchSize, minFreq, ...)
 */
export async function runTextTask(options = {}) {
  const t0 = performance.now();
  const dataset = options.dataset ?? (options.model === 'imdb-article' ? 'imdb' : 'sentiment');
  const kind = options.model ?? 'bag';
  const settings = settingsOf(kind, dataset, options);
  const epochs = options.epochs ?? settings.epochs;
  const seed = options.seed ?? 0;
  const splitSeed = options.splitSeed ?? 0;
  const limit = options.limit ?? 0;
  const data = await loadTexts(dataset, { dir: options.dir, limit });
  let { texts, labels } = data;
  let split;
  if (data.testFrom !== undefined) {
    split = { train: Int32Array.from({ length: data.testFrom }, (_, i) => i), test: Int32Array.from({ length: texts.length - data.testFrom }, (_, i) => data.testFrom + i) };
  } else {
    if (limit > 0 && limit < texts.length) {
      const subset = splitIndices(labels, { trainSize: limit, seed: splitSeed }).train;
      texts = Array.from(subset, (i) => texts[i]);
      labels = Int32Array.from(subset, (i) => labels[i]);
    }
    split = splitIndices(labels, { testSize: 0.2, seed: splitSeed });
  }
  const tLoad = performance.now();
  const trainTokens = Array.from(split.train, (i) => wordTokenize(texts[i]));
  const testTokens = Array.from(split.test, (i) => wordTokenize(texts[i]));
  const yTrainArr = Int32Array.from(split.train, (i) => labels[i]);
  const yTestArr = Int32Array.from(split.test, (i) => labels[i]);
  const vocab = Vocabulary.build(trainTokens, { minFreq: settings.minFreq, maxSize: settings.maxSize });
  const maxLen = options.maxLen ?? Math.max(1, Math.min(settings.maxLenCap, quantile(trainTokens.map((t) => t.length), 0.95)));
  const xTrain = encode(vocab, trainTokens, maxLen);
  const xTest = encode(vocab, testTokens, maxLen);
  const yTrain = tn.tensor(Array.from(yTrainArr), { dtype: 'int32' });
  const yTest = tn.tensor(Array.from(yTestArr), { dtype: 'int32' });
  const tPrep = performance.now();
  if (options.write) {
    const file = typeof options.write === 'string' ? options.write : `runs/text-split-${data.name}.json`;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({
      dataset: data.name, splitSeed, testSize: data.testFrom === undefined ? 0.2 : 'aclImdb test folder', limit,
      preprocessing: `${dataset === 'spam' ? 'emailText (subject + body text, MIME decoded, HTML stripped), ' : ''}tn.data.wordTokenize (NFC, lower-case, Unicode words); tokens are untruncated (the model sees the first ${maxLen})`,
      maxLen, minFreq: settings.minFreq, maxSize: settings.maxSize, vocabSize: vocab.size,
      train: { indices: Array.from(split.train), labels: Array.from(yTrainArr), tokens: trainTokens },
      test: { indices: Array.from(split.test), labels: Array.from(yTestArr), tokens: testTokens },
    }));
  }
  tn.manualSeed(seed);
  const model = buildModel(kind, vocab.size, settings);
  const { history, seconds: trainSeconds } = await trainText(model, kind, settings, xTrain, yTrain, { epochs, seed, progress: options.progress ?? false });
  const test = evaluateText(model, kind, xTest, yTest);
  tn.dispose([xTrain, xTest, yTrain, yTest]);
  const t1 = performance.now();
  return {
    dataset: data.name, model: kind, settings, epochs, seed, splitSeed, nTrain: split.train.length, nTest: split.test.length,
    vocab, vocabSize: vocab.size, maxLen, history, net: model, ...test,
    trainAccuracy: history.history.accuracy?.at(-1),
    seconds: { load: (tLoad - t0) / 1000, prepare: (tPrep - tLoad) / 1000, train: trainSeconds, total: (t1 - t0) / 1000 },
  };
}

/**
 * Transfer (scenario 4): train the IMDB model on `source` (default `dataset`, else 'imdb'; an aclImdb folder with
 * `dir`), then reuse it as the starting point for `target`
 * (a sentiment domain) with a small training set of `targetTrain` sentences, and compare with the same model trained
 * from scratch on that set. Both see the target texts through the source vocabulary and train with the same
 * settings, epochs and seed; the target's held-out 20% (stratified, seed 0) is the test set.
 */
export async function runTransfer(options = {}) {
  const kind = 'imdb-article';
  const seed = options.seed ?? 0;
  const source = await runTextTask({ ...options, model: kind, dataset: options.source ?? options.dataset ?? 'imdb', write: false });
  const { vocab, settings } = source;
  const target = await loadTexts(options.target ?? 'yelp');
  const split = splitIndices(target.labels, { testSize: 0.2, seed: 0 });
  const targetTrain = Math.min(options.targetTrain ?? 200, split.train.length);
  const trainPos = targetTrain < split.train.length
    ? splitIndices(Int32Array.from(split.train, (i) => target.labels[i]), { trainSize: targetTrain, seed: 0 }).train
    : Int32Array.from(split.train, (_, k) => k);
  const trainIdx = Array.from(trainPos, (k) => split.train[k]);
  const trainTokens = trainIdx.map((i) => wordTokenize(target.texts[i]));
  const testTokens = Array.from(split.test, (i) => wordTokenize(target.texts[i]));
  const maxLen = Math.max(1, Math.min(settings.maxLenCap, quantile(trainTokens.map((t) => t.length), 0.95)));
  const known = trainTokens.flat().filter((t) => vocab.has(t)).length / Math.max(1, trainTokens.flat().length);
  const xTrain = encode(vocab, trainTokens, maxLen);
  const xTest = encode(vocab, testTokens, maxLen);
  const yTrain = tn.tensor(trainIdx.map((i) => target.labels[i]), { dtype: 'int32' });
  const yTest = tn.tensor(Array.from(split.test, (i) => target.labels[i]), { dtype: 'int32' });
  const epochs = options.fineTuneEpochs ?? settings.epochs;
  const zeroShot = evaluateText(source.net, kind, xTest, yTest);
  const fineTuned = source.net;
  const fineRun = await trainText(fineTuned, kind, settings, xTrain, yTrain, { epochs, seed, progress: options.progress ?? false });
  const fine = evaluateText(fineTuned, kind, xTest, yTest);
  tn.manualSeed(seed);
  const scratchModel = buildModel(kind, vocab.size, settings);
  const scratchRun = await trainText(scratchModel, kind, settings, xTrain, yTrain, { epochs, seed, progress: options.progress ?? false });
  const scratch = evaluateText(scratchModel, kind, xTest, yTest);
  tn.dispose([xTrain, xTest, yTrain, yTest]);
  return {
    source: { dataset: source.dataset, accuracy: source.accuracy, f1: source.f1, nTrain: source.nTrain, nTest: source.nTest, epochs: source.epochs, vocabSize: source.vocabSize, seconds: source.seconds.total },
    target: { dataset: options.target ?? 'yelp', nTrain: targetTrain, nTest: split.test.length, epochs, maxLen, knownTokenShare: known },
    zeroShot, fineTuned: { ...fine, seconds: fineRun.seconds }, scratch: { ...scratch, seconds: scratchRun.seconds },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A linear model on n-gram counts: tasknet's LogisticRegression (L-BFGS, C = 1, scikit-learn's defaults) over
// words and word pairs. On the sentiment split's training part, a validation hold-out (20%, seeds 100-102) preferred
// words + pairs to words alone on 2 of 3 draws (80.97% vs 80.77% on average); the test set was not used to choose.

/**
 * Same load, split and tokens as runTextTask, then NgramVectorizer (ngramRange, default [1, 2]) and LogisticRegression.
 * @param {object} options - dataset ('sentiment'), splitSeed (0), limit (0), ngramRange ([1, 2]), C (1), minFreq (1)
 */
export async function runNgramLogistic(options = {}) {
  const t0 = performance.now();
  const dataset = options.dataset ?? 'sentiment';
  const data = await loadTexts(dataset, { dir: options.dir, limit: 0 });
  const split = splitIndices(data.labels, { testSize: 0.2, seed: options.splitSeed ?? 0 });
  const tokensOf = (indices) => Array.from(indices, (i) => wordTokenize(data.texts[i]));
  const labelsOf = (indices) => tn.tensor(Int32Array.from(indices, (i) => data.labels[i]));
  const vectorizer = new tn.data.NgramVectorizer({ ngramRange: options.ngramRange ?? [1, 2], minFreq: options.minFreq ?? 1 });
  const xTrain = vectorizer.fitTransform(tokensOf(split.train));
  const xTest = vectorizer.transform(tokensOf(split.test));
  const yTrain = labelsOf(split.train);
  const yTest = labelsOf(split.test);
  const clf = new tn.estimators.LogisticRegression({ C: options.C ?? 1, maxIter: 1000 }).fit(xTrain, yTrain);
  const predicted = clf.predict(xTest);
  const result = {
    dataset: data.name, features: vectorizer.size, nTrain: split.train.length, nTest: split.test.length, iterations: clf.nIter,
    accuracy: tn.train.accuracy(yTest, predicted), f1: tn.train.f1Score(yTest, predicted), seconds: (performance.now() - t0) / 1000,
  };
  tn.dispose([xTrain, xTest, yTrain, yTest, predicted]);
  clf.dispose();
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
  const args = {
    dataset: '', model: 'bag', epochs: NaN, seed: 0, splitSeed: 0, limit: 0, dir: '', transfer: '', targetTrain: 200,
    fineTuneEpochs: NaN, optimizer: '', lr: NaN, weightDecay: NaN, batchSize: NaN, minFreq: NaN, maxSize: NaN, maxLen: NaN,
    maxLenCap: NaN, embeddingDim: NaN, hiddenDim: NaN, dropout: NaN, embeddingInitStd: NaN,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!(key in args)) throw new Error(`unknown option --${key} (expected ${Object.keys(args).map((k) => `--${k}`).join(', ')})`);
    args[key] = typeof args[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  for (const [k, v] of Object.entries(args)) if (v === '' || Number.isNaN(v)) delete args[k];
  return args;
}

const pct = (x) => `${(100 * x).toFixed(2)}%`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  if (args.model === 'ngram-logistic') {
    const r = await runNgramLogistic({ ...args, dataset: args.dataset ?? 'sentiment' });
    console.log(`${r.dataset} n-gram logistic regression: ${r.nTrain} train / ${r.nTest} test texts, ${r.features} word and word-pair features, ` +
      `${r.iterations} L-BFGS iterations: test accuracy ${pct(r.accuracy)}   F1 ${r.f1.toFixed(4)}   (${r.seconds.toFixed(1)} s)`);
  } else if (args.transfer) {
    const r = await runTransfer({ ...args, target: args.transfer, progress: true });
    console.log(`source ${r.source.dataset}: ${r.source.nTrain} train / ${r.source.nTest} test texts, vocabulary ${r.source.vocabSize}, ` +
      `${r.source.epochs} epochs: test accuracy ${pct(r.source.accuracy)}, F1 ${r.source.f1.toFixed(4)} (${r.source.seconds.toFixed(1)} s)`);
    console.log(`target ${r.target.dataset}: ${r.target.nTrain} train / ${r.target.nTest} test sentences, ${r.target.epochs} epochs, ` +
      `${pct(r.target.knownTokenShare)} of the training tokens in the source vocabulary`);
    console.log(`  source model as it is     test accuracy ${pct(r.zeroShot.accuracy)}   F1 ${r.zeroShot.f1.toFixed(4)}`);
    console.log(`  fine-tuned from source    test accuracy ${pct(r.fineTuned.accuracy)}   F1 ${r.fineTuned.f1.toFixed(4)}`);
    console.log(`  trained from scratch      test accuracy ${pct(r.scratch.accuracy)}   F1 ${r.scratch.f1.toFixed(4)}`);
  } else {
    const r = await runTextTask({ ...args, write: true, progress: true });
    const s = r.settings;
    console.log(`${r.dataset} ${r.model}: ${r.nTrain} train / ${r.nTest} test texts (stratified, split seed ${r.splitSeed}), ` +
      `vocabulary ${r.vocabSize} (min frequency ${s.minFreq}), maxLen ${r.maxLen}`);
    const optimizer = s.optimizer === 'sgd' ? `SGD lr ${s.lr} momentum ${s.momentum}` : `${s.optimizer === 'adamw' ? 'AdamW' : 'Adam'} lr ${s.lr}`;
    console.log(`${r.epochs} epochs, batch ${s.batchSize}, ${optimizer}, embeddings ${s.embeddingDim}-d (init std ${s.embeddingInitStd}), ` +
      `hidden ${s.hiddenDim}, seed ${r.seed}, backend ${tn.getBackend()}`);
    console.log(`test accuracy ${pct(r.accuracy)}   F1 ${r.f1.toFixed(4)}   (train accuracy ${pct(r.trainAccuracy)})`);
    console.log(`time: load ${r.seconds.load.toFixed(1)} s, prepare ${r.seconds.prepare.toFixed(1)} s, train ${r.seconds.train.toFixed(1)} s, total ${r.seconds.total.toFixed(1)} s`);
    console.log(`split written to runs/text-split-${r.dataset}.json (compare: /usr/bin/python3 tools/reference/sklearn_text.py ${r.dataset})`);
  }
}
