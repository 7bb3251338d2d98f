/** Tokenisers, vocabularies and padding. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

test('wordTokenize: unicode words, inner apostrophes, no punctuation', () => {
  assert.deepEqual(tn.data.wordTokenize("Don't panic — it's 42°C in Zürich!"), ["don't", 'panic', "it's", '42', 'c', 'in', 'zürich']);
  assert.deepEqual(tn.data.wordTokenize('Hello, WORLD', { lower: false }), ['Hello', 'WORLD']);
  assert.deepEqual(tn.data.wordTokenize("'quoted' rock’n’roll Привет мир 東京"), ['quoted', 'rock’n’roll', 'привет', 'мир', '東京']);
  // combining marks stay inside the word; NFC makes e + ◌́ one letter
  assert.deepEqual(tn.data.wordTokenize('cafe\u0301 naïve'), ['café', 'naïve']);
  assert.deepEqual(tn.data.wordTokenize('...  !!'), []);
});

test('Vocabulary: specials first, frequency order, minFreq, maxSize, unknown tokens', () => {
  const texts = [['the', 'cat', 'sat'], ['the', 'dog', 'sat'], ['the', 'end']];
  const vocab = tn.data.Vocabulary.build(texts);
  assert.deepEqual(vocab.tokens, ['<pad>', '<unk>', 'the', 'sat', 'cat', 'dog', 'end']);
  assert.equal(vocab.size, 7);
  assert.deepEqual(vocab.encode(['the', 'bird', 'sat']), [2, 1, 3]);
  assert.deepEqual(vocab.decode([2, 4]), ['the', 'cat']);
  assert.throws(() => vocab.decode([9]), /id 9 is out of range for a vocabulary of size 7/);
  const frequent = tn.data.Vocabulary.build(texts, { minFreq: 2 });
  assert.deepEqual(frequent.tokens, ['<pad>', '<unk>', 'the', 'sat']);
  assert.deepEqual(tn.data.Vocabulary.build(texts, { maxSize: 3 }).tokens, ['<pad>', '<unk>', 'the']);
  const strict = tn.data.Vocabulary.build(texts, { specials: [] });
  assert.throws(() => strict.encode(['bird']), /token 'bird' is not in the vocabulary and there is no unknown token/);
  const copy = tn.data.Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocab)) as tn.data.VocabularyJSON);
  assert.deepEqual(copy.tokens, vocab.tokens);
  assert.equal(copy.encode(['zebra'])[0], 1);
  assert.throws(() => new tn.data.Vocabulary(['a', 'a']), /duplicate token 'a' at ids 0 and 1/);
});

test('padSequences pads and truncates at either end and reports lengths', () => {
  const seqs = [[5, 6, 7], [8], []];
  const post = tn.data.padSequences(seqs);
  assert.equal(post.ids.dtype, 'int32');
  assert.deepEqual(post.ids.tolist(), [[5, 6, 7], [8, 0, 0], [0, 0, 0]]);
  assert.deepEqual(post.lengths.tolist(), [3, 1, 0]);
  const pre = tn.data.padSequences(seqs, { maxLen: 2, padding: 'pre', truncating: 'pre', padValue: 9 });
  assert.deepEqual(pre.ids.tolist(), [[6, 7], [9, 8], [9, 9]]);
  assert.deepEqual(pre.lengths.tolist(), [2, 1, 0]);
  assert.deepEqual(tn.data.padSequences(seqs, { maxLen: 2 }).ids.tolist(), [[5, 6], [8, 0], [0, 0]]);
  assert.throws(() => tn.data.padSequences([[1.5]]), /sequence 0 has a non-integer id 1.5 at position 0/);
});

test('CharTokenizer round-trips text by code points', () => {
  const tok = tn.data.CharTokenizer.build(['hello', 'wörld 🙂']);
  assert.equal(tok.decode(tok.encode('hello wörld 🙂')), 'hello wörld 🙂');
  assert.equal(tok.encode('z')[0], tok.vocabulary.indexOf('<unk>'));
  assert.equal(tok.tokenize('🙂a').length, 2);
  const copy = tn.data.CharTokenizer.fromJSON(tok.toJSON());
  assert.deepEqual(copy.encode('low'), tok.encode('low'));
  assert.equal(tn.data.CharTokenizer.build(['AB'], { lower: true }).size, 4);
});

test('NgramVectorizer counts words and word pairs of the fitted vocabulary', () => {
  const vec = new tn.data.NgramVectorizer({ ngramRange: [1, 2] }).fit([['a', 'b', 'a'], ['b', 'c']]);
  // frequencies: a 2, b 2, c 1, 'a b' 1, 'b a' 1, 'b c' 1 (ties keep first appearance)
  assert.deepEqual([...vec.vocabulary.keys()], ['a', 'b', 'a b', 'b a', 'c', 'b c']);
  assert.deepEqual(vec.transform([['a', 'b', 'z'], []]).tolist(), [[1, 1, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0]]);
  assert.equal(new tn.data.NgramVectorizer({ minFreq: 2 }).fit([['a', 'b', 'a'], ['b', 'c']]).size, 2);
  assert.throws(() => new tn.data.NgramVectorizer({ ngramRange: [2, 1] }), /ngramRange must be integers 1 ≤ min ≤ max, found \[2, 1\]/);
  assert.throws(() => new tn.data.NgramVectorizer().transform([['a']]), /the vocabulary is empty: call fit\(texts\) first/);
});
