/**
 * Reading and writing safetensors files (Node.js only: `node:fs` is imported on first use, so importing
 * tasknet in a browser does not pull it in).
 */
import type { Tensor } from '../tensor/index.js';
import { checkEncodeArguments, decodeSafetensors, encodeHostTensors, type DecodedSafetensors } from './safetensors.js';
import { fileError, randomSuffix } from './file-errors.js';

/** Options of {@link saveSafetensors}. */
export interface SaveSafetensorsOptions {
  /**
   * Called after each chunk written (8 MiB) with the bytes written so far and the total; an exception
   * thrown here aborts the save, leaving any previous file untouched.
   */
  readonly onProgress?: (written: number, total: number) => void;
  /** Flush the file to disk before renaming it into place (default true). */
  readonly fsync?: boolean;
}

const CHUNK_BYTES = 8 * 1024 * 1024;


/**
 * Write tensors to a safetensors file atomically: the bytes go to `path.tmp-<pid>-<random>`, are flushed, and
 * the temporary file is renamed over `path`. A failure at any point removes the temporary file and leaves a
 * previous file at `path` as it was. The bytes are those of {@link encodeSafetensors} (byte-identical to the
 * Python `safetensors` package), read with `await t.data()` so any backend works.
 * @param path - the file to write
 * @param tensors - tensors by name
 * @param metadata - optional `__metadata__` string map
 * @param options - `onProgress` callback, `fsync` (default true)
 * @throws TasknetError naming the file when writing fails (the system error is its `cause`); ValueError for
 *   bad arguments.
 * @example await tn.io.saveSafetensors('model.safetensors', model.stateDict(), {format: 'pt'});
 */
export async function saveSafetensors(
  path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>, options: SaveSafetensorsOptions = {},
): Promise<void> {
  const op = 'saveSafetensors';
  const entries = checkEncodeArguments(tensors, metadata, op);
  const items = [];
  for (const [name, t] of entries) items.push({ name, dtype: t.dtype, shape: t.shape, values: await t.data() });
  const bytes = encodeHostTensors(items, metadata);
  const fs = await import('node:fs/promises');
  const { pid } = await import('node:process');
  const tmp = `${path}.tmp-${pid}-${randomSuffix()}`;
  let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
  try {
    handle = await fs.open(tmp, 'wx');
    let written = 0;
    while (written < bytes.length) {
      const length = Math.min(CHUNK_BYTES, bytes.length - written);
      const { bytesWritten } = await handle.write(bytes, written, length, written);
      written += bytesWritten;
      options.onProgress?.(written, bytes.length);
    }
    if (bytes.length === 0) options.onProgress?.(0, 0);
    if (options.fsync ?? true) await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw fileError(op, path, error);
  }
}

/**
 * Read a safetensors file with its metadata and each tensor's dtype in the file (see {@link decodeSafetensors}
 * for the dtypes accepted).
 * @throws TasknetError naming the file when it cannot be read; ValueError naming the file (and the tensor)
 *   when it is malformed.
 * @example const {tensors, metadata} = await tn.io.loadSafetensorsWithMetadata('model.safetensors');
 */
export async function loadSafetensorsWithMetadata(path: string): Promise<DecodedSafetensors> {
  const fs = await import('node:fs/promises');
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    throw fileError('loadSafetensors', path, error);
  }
  return decodeSafetensors(bytes, { source: path });
}

/**
 * Read the tensors of a safetensors file (written by tasknet, `safetensors.torch.save_file`, Hugging Face …).
 * F16/BF16 load as float32; I8/U8/I16/U16 and in-range I64/U32/U64 as int32.
 * @param path - the file
 * @returns tensors by name
 * @throws TasknetError naming the file when it cannot be read; ValueError naming the file (and the tensor)
 *   when it is malformed.
 * @example const sd = await tn.io.loadSafetensors('resnet18.safetensors'); model.loadStateDict(sd);
 */
export async function loadSafetensors(path: string): Promise<Record<string, Tensor>> {
  return (await loadSafetensorsWithMetadata(path)).tensors;
}
