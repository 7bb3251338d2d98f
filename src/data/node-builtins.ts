/**
 * Node.js built-ins for the file readers, loaded on first use with `import()`. No module of the data layer imports
 * `node:` statically, so `tasknet` and `tasknet/data` load in a browser; there, the readers throw a clear error and
 * the browser-safe parsers (`parseIdx`, `parseCsv`, ...) take bytes or text that the page fetched itself.
 */
import { StateError } from '../core/index.js';
import { DataFormatError } from './errors.js';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');
type Zlib = typeof import('node:zlib');
type NodeModule = { readonly createRequire: typeof import('node:module').createRequire };
type Crypto = typeof import('node:crypto');
type Url = typeof import('node:url');

/** The Node built-ins the readers use. */
export interface NodeBuiltins {
  readonly fs: Fs;
  readonly path: Path;
  readonly zlib: Zlib;
  readonly module: NodeModule;
  readonly crypto: Crypto;
  readonly url: Url;
}

let loaded: Promise<NodeBuiltins> | undefined;

/**
 * The Node built-ins, loaded once.
 * @param op - the reader asking, for the error message
 * @throws StateError outside Node.js.
 */
export async function nodeBuiltins(op: string): Promise<NodeBuiltins> {
  loaded ??= Promise.all([
    import('node:fs/promises'), import('node:path'), import('node:zlib'), import('node:module'), import('node:crypto'),
    import('node:url'),
  ]).then(([fs, path, zlib, module, crypto, url]) => ({ fs, path, zlib, module, crypto, url }));
  try {
    return await (loaded as Promise<NodeBuiltins>);
  } catch (_) {
    loaded = undefined;
    throw new StateError(op, 'reading files needs Node.js (node:fs); in a browser, fetch the bytes or text and use the parse* functions');
  }
}

/** Read a whole file as bytes. */
export async function readBytes(file: string, op: string): Promise<Uint8Array> {
  const { fs } = await nodeBuiltins(op);
  const buffer = await fs.readFile(file);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** True when `bytes` start with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Read a file, decompressing it when it starts with the gzip magic bytes (whatever its name).
 * @throws DataFormatError when gzip data is truncated or corrupt.
 */
export async function readMaybeGzip(file: string, op: string): Promise<Uint8Array> {
  const bytes = await readBytes(file, op);
  if (!isGzip(bytes)) return bytes;
  const { zlib } = await nodeBuiltins(op);
  try {
    const out = await new Promise<Buffer>((resolve, reject) => zlib.gunzip(bytes, (err, result) => (err ? reject(err) : resolve(result))));
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    throw new DataFormatError(op, { file }, `gzip data (magic 1f 8b) could not be decompressed: ${(err as Error).message}`);
  }
}

/** Whether `file` exists (a file or a directory). */
export async function exists(file: string, op: string): Promise<boolean> {
  const { fs } = await nodeBuiltins(op);
  try {
    await fs.stat(file);
    return true;
  } catch (_) {
    return false;
  }
}
