/**
 * The binary cache of word vectors (`.tnwv`): load in milliseconds what takes seconds to parse as JSON.
 * Layout (little-endian): the 8 bytes `TNWVEC01`, a uint32 header length, a UTF-8 JSON header
 * `{rows, dim, wordsBytes, source}`, the words joined by '\n' (UTF-8), zero padding to a multiple of 4 bytes,
 * then the float32 matrix `[rows, dim]`.
 */
import { DataFormatError } from '../errors.js';
import { WordVectors } from './word-vectors.js';

/** The magic bytes that open a word-vector cache file. */
export const WORD_VECTORS_MAGIC = 'TNWVEC01';

/** What the header of a cache file records. */
export interface WordVectorFileHeader {
  readonly rows: number;
  readonly dim: number;
  readonly wordsBytes: number;
  /** Free-form provenance (e.g. the source file's size and mtime, to notice a changed source). */
  readonly source: Record<string, unknown>;
}

/**
 * Serialise `wv` into the cache layout, as parts to write one after the other.
 * @throws DataFormatError when a word contains '\n' (the separator).
 * @example const parts = tn.data.wordVectors.encodeWordVectors(wv, {name: 'demo'});
 */
export function encodeWordVectors(wv: WordVectors, source: Record<string, unknown> = {}): Uint8Array[] {
  const bad = wv.words.findIndex((w) => w.includes('\n'));
  if (bad >= 0) throw new DataFormatError('wordVectors.encode', {}, `expected words without '\\n', found one at row ${bad}`);
  const words = new TextEncoder().encode(wv.words.join('\n'));
  const header = new TextEncoder().encode(JSON.stringify({ rows: wv.size, dim: wv.dim, wordsBytes: words.length, source }));
  const prefix = new Uint8Array(12);
  prefix.set(new TextEncoder().encode(WORD_VECTORS_MAGIC));
  new DataView(prefix.buffer).setUint32(8, header.length, true);
  const padding = new Uint8Array((4 - ((12 + header.length + words.length) % 4)) % 4);
  const matrix = new Uint8Array(wv.vectors.buffer, wv.vectors.byteOffset, wv.vectors.byteLength);
  return [prefix, header, words, padding, matrix];
}

/**
 * Read a cache file's header only (to check its provenance before loading it).
 * @throws DataFormatError on a wrong magic or a truncated header.
 */
export function decodeWordVectorHeader(bytes: Uint8Array, file = '<bytes>'): WordVectorFileHeader {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== WORD_VECTORS_MAGIC) throw new DataFormatError('wordVectors.load', { file, offset: 0 }, `expected magic '${WORD_VECTORS_MAGIC}', found '${magic}'`);
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + length > bytes.length) throw new DataFormatError('wordVectors.load', { file, offset: 8 }, `expected a ${length}-byte header, found ${bytes.length - 12} bytes`);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as WordVectorFileHeader;
}

/**
 * Word vectors from the bytes of a cache file (the matrix is a view when the bytes are 4-byte aligned).
 * @throws DataFormatError on a wrong magic or a size that disagrees with the header.
 * @example const wv = tn.data.wordVectors.decodeWordVectors(bytes);
 */
export function decodeWordVectors(bytes: Uint8Array, file = '<bytes>'): WordVectors {
  const header = decodeWordVectorHeader(bytes, file);
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const wordsAt = 12 + headerLength;
  const matrixAt = wordsAt + header.wordsBytes + ((4 - ((wordsAt + header.wordsBytes) % 4)) % 4);
  const expected = matrixAt + header.rows * header.dim * 4;
  if (bytes.length !== expected) throw new DataFormatError('wordVectors.load', { file }, `expected ${expected} bytes for ${header.rows}×${header.dim} vectors, found ${bytes.length}`);
  const text = new TextDecoder().decode(bytes.subarray(wordsAt, wordsAt + header.wordsBytes));
  const words = header.rows === 0 ? [] : text.split('\n');
  const offset = bytes.byteOffset + matrixAt;
  const vectors = offset % 4 === 0
    ? new Float32Array(bytes.buffer, offset, header.rows * header.dim)
    : new Float32Array(bytes.slice(matrixAt).buffer);
  return new WordVectors(words, header.dim, vectors);
}
