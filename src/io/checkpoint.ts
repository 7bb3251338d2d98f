/**
 * Checkpoints: a pair of files, `<path>.safetensors` (model weights and optimiser state tensors) and
 * `<path>.json` (format version, optimiser hyper-parameters and counters, scheduler state, user JSON, and the
 * SHA-256 of the safetensors file). Node.js only: `node:` modules are imported on first use.
 */
import { TasknetError, ValueError } from '../core/index.js';
import { Tensor } from '../tensor/index.js';
import type { OptimizerStateDict, SchedulerStateDict } from '../optim/index.js';
import { fromJson, toJson } from './plain-json.js';
import { checkEncodeArguments, decodeSafetensors, encodeHostTensors } from './safetensors.js';
import { fileError, randomSuffix } from './file-errors.js';

/** The `format` field of every checkpoint JSON. */
export const CHECKPOINT_FORMAT = 'tasknet-checkpoint';
/** The checkpoint format version this tasknet writes and reads. */
export const CHECKPOINT_VERSION = 1;
/** Prefix of the optimiser state tensors in the safetensors file: `optimizer.state.<index>.<name>`. */
export const OPTIMIZER_STATE_PREFIX = 'optimizer.state.';

/** What a checkpoint holds (the argument of {@link saveCheckpoint}). */
export interface CheckpointData {
  /** Model weights by state-dict key (`model.stateDict()`); stored as they are in the safetensors file. */
  readonly weights: Readonly<Record<string, Tensor>>;
  /** An optimiser's `stateDict()`: its tensors go to the safetensors file, the rest to the JSON. */
  readonly optimizer?: OptimizerStateDict;
  /** A scheduler's `stateDict()` (plain data). */
  readonly scheduler?: SchedulerStateDict;
  /**
   * Any JSON data: model config, epoch, step, metrics, seeds … (numbers may be NaN or ±Infinity; typed arrays,
   * tensors, functions and class instances are refused).
   */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** What {@link loadCheckpoint} returns; the caller owns (and should dispose) every tensor. */
export interface LoadedCheckpoint {
  /** Model weights by key. */
  readonly weights: Record<string, Tensor>;
  /** The optimiser state dict (for `optimizer.loadStateDict`), or undefined when none was saved. */
  readonly optimizer: OptimizerStateDict | undefined;
  /** The scheduler state dict, or undefined when none was saved. */
  readonly scheduler: SchedulerStateDict | undefined;
  /** The `extra` JSON given to saveCheckpoint (`{}` when none). */
  readonly extra: Record<string, unknown>;
}

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions {
  /** Flush both files (and the folder) to disk before and after renaming them into place (default true). */
  readonly fsync?: boolean;
}

/** Why a checkpoint could not be loaded. */
export type CheckpointProblem = 'missing' | 'incomplete' | 'corrupt' | 'mismatch' | 'version';

/**
 * A checkpoint is missing, incomplete (one file of the pair), corrupt, mismatched (the two files come from
 * different saves) or of an unknown format version. `problem` says which; `path` is the checkpoint's base path.
 */
export class CheckpointError extends TasknetError {
  /**
   * @param op - the operation (`loadCheckpoint`)
   * @param problem - what is wrong
   * @param path - the checkpoint's base path (without extension)
   * @param message - what was expected and what was found
   */
  constructor(op: string, readonly problem: CheckpointProblem, readonly path: string, message: string) {
    super(op, message);
    this.name = 'CheckpointError';
  }
}

/** The JSON file's layout (version 1). */
interface CheckpointJson {
  format: string;
  version: number;
  safetensors: { file: string; bytes: number; sha256: string };
  weights: string[];
  optimizerTensors: string[];
  optimizer: { paramGroups: unknown[]; state: Record<string, Record<string, unknown>> } | null;
  scheduler: unknown;
  extra: unknown;
}

/** `<base>.safetensors` and `<base>.json` for a path given with or without one of those extensions. */
export function checkpointPaths(path: string): { base: string; safetensors: string; json: string } {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError('checkpoint', `path must be a non-empty string, found ${typeof path === 'string' ? "''" : typeof path}`);
  }
  const base = path.replace(/\.(?:safetensors|json)$/, '');
  return { base, safetensors: `${base}.safetensors`, json: `${base}.json` };
}


type Fs = typeof import('node:fs/promises');

/** Write `bytes` to a new file `tmp` (which must not exist), flushed to disk when `fsync`. */
async function writeTemp(fs: Fs, tmp: string, bytes: Uint8Array, fsync: boolean): Promise<void> {
  const handle = await fs.open(tmp, 'wx');
  try {
    let written = 0;
    while (written < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, written);
      written += bytesWritten;
    }
    if (fsync) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flush a folder's entries (the renames) to disk; not every platform allows it, so failures are ignored. */
async function syncFolder(fs: Fs, folder: string): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try { await handle.sync(); } finally { await handle.close(); }
  } catch (_) {
    // Windows cannot open a folder; the renames are still atomic.
  }
}

/** Split an optimiser state dict into its tensors (by safetensors key) and its JSON part. */
function splitOptimizer(sd: OptimizerStateDict, op: string): { tensors: [string, Tensor][]; json: CheckpointJson['optimizer'] } {
  if (sd === null || typeof sd !== 'object' || !Array.isArray(sd.paramGroups) || sd.state === null || typeof sd.state !== 'object') {
    throw new ValueError(op, 'optimizer must be an optimizer state dict ({state, paramGroups}) from optimizer.stateDict()');
  }
  const tensors: [string, Tensor][] = [];
  const state: Record<string, Record<string, unknown>> = {};
  for (const [index, entry] of Object.entries(sd.state)) {
    if (!/^(?:0|[1-9]\d*)$/.test(index)) throw new ValueError(op, `optimizer.state has key '${index}' (expected parameter indices 0, 1, …)`);
    const rest: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(entry)) {
      if (value instanceof Tensor) tensors.push([`${OPTIMIZER_STATE_PREFIX}${index}.${name}`, value]);
      else rest[name] = toJson(value, `optimizer.state.${index}.${name}`, op);
    }
    state[index] = rest;
  }
  const paramGroups = sd.paramGroups.map((g, i) => toJson(g, `optimizer.paramGroups[${i}]`, op));
  return { tensors, json: { paramGroups, state } };
}

/**
 * Save a checkpoint as two files written atomically, safetensors first and JSON last: each is written to a
 * temporary file and flushed, then `<path>.safetensors` and `<path>.json` are renamed into place in that order,
 * so a complete JSON means a complete checkpoint. A crash before the renames leaves a previous checkpoint at
 * `path` untouched; a crash between them leaves a pair whose checksum does not match, which
 * {@link loadCheckpoint} reports. Tensor values are read with `await t.data()` (any backend); the caller keeps
 * ownership of every tensor given.
 * @param path - base path; `.safetensors` and `.json` are appended (an extension given is replaced)
 * @param data - `weights`, and optionally `optimizer` (a state dict), `scheduler` (a state dict), `extra` (JSON)
 * @param options - `fsync` (default true)
 * @throws ValueError for data that cannot be stored (a weight key under `optimizer.state.`, non-JSON extra);
 *   TasknetError naming the file when writing fails (the system error is its `cause`).
 * @example
 * await tn.io.saveCheckpoint('runs/ckpt', {weights: model.stateDict(), optimizer: opt.stateDict(),
 *   extra: {config: model.config, epoch: 3}});
 */
export async function saveCheckpoint(path: string, data: CheckpointData, options: SaveCheckpointOptions = {}): Promise<void> {
  const op = 'saveCheckpoint';
  const paths = checkpointPaths(path);
  if (data === null || typeof data !== 'object') throw new ValueError(op, `expected {weights, optimizer?, scheduler?, extra?}, found ${data === null ? 'null' : typeof data}`);
  const weights = data.weights;
  if (weights === null || typeof weights !== 'object') throw new ValueError(op, `weights must be an object mapping names to tensors, found ${weights === null ? 'null' : typeof weights}`);
  const weightKeys = Object.keys(weights);
  for (const key of weightKeys) {
    if (key.startsWith(OPTIMIZER_STATE_PREFIX)) throw new ValueError(op, `weight key '${key}' starts with '${OPTIMIZER_STATE_PREFIX}', which checkpoints reserve for optimizer state`);
  }
  const optimizer = data.optimizer === undefined ? undefined : splitOptimizer(data.optimizer, op);
  const all: Record<string, Tensor> = {};
  for (const key of weightKeys) Object.defineProperty(all, key, { value: weights[key], enumerable: true, writable: true, configurable: true });
  for (const [key, t] of optimizer?.tensors ?? []) all[key] = t;
  const metadata = { format: 'pt' };
  const entries = checkEncodeArguments(all, metadata, op);
  const items = [];
  for (const [name, t] of entries) items.push({ name, dtype: t.dtype, shape: t.shape, values: await t.data() });
  const bytes = encodeHostTensors(items, metadata);

  const [fs, nodePath, { createHash }, { pid }] = await Promise.all([
    import('node:fs/promises'), import('node:path'), import('node:crypto'), import('node:process'),
  ]);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const json: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    safetensors: { file: nodePath.basename(paths.safetensors), bytes: bytes.length, sha256 },
    weights: weightKeys,
    optimizerTensors: (optimizer?.tensors ?? []).map(([key]) => key),
    optimizer: optimizer?.json ?? null,
    scheduler: data.scheduler === undefined ? null : toJson(data.scheduler, 'scheduler', op),
    extra: data.extra === undefined ? {} : toJson(data.extra, 'extra', op),
  };
  const jsonBytes = new TextEncoder().encode(`${JSON.stringify(json, null, 1)}\n`);

  const fsync = options.fsync ?? true;
  const suffix = `.tmp-${pid}-${randomSuffix()}`;
  const tmpSt = paths.safetensors + suffix;
  const tmpJson = paths.json + suffix;
  let current = paths.safetensors;
  try {
    await writeTemp(fs, tmpSt, bytes, fsync);
    current = paths.json;
    await writeTemp(fs, tmpJson, jsonBytes, fsync);
    current = paths.safetensors;
    await fs.rename(tmpSt, paths.safetensors);
    current = paths.json;
    await fs.rename(tmpJson, paths.json);
  } catch (error) {
    await fs.rm(tmpSt, { force: true }).catch(() => undefined);
    await fs.rm(tmpJson, { force: true }).catch(() => undefined);
    throw fileError(op, current, error);
  }
  if (fsync) await syncFolder(fs, nodePath.dirname(paths.json));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Whether a file exists (any error other than "not found" counts as existing, so that it gets reported). */
async function exists(fs: Fs, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT';
  }
}

/**
 * Load a checkpoint written by {@link saveCheckpoint}: the JSON is read and checked (format, version,
 * structure), the safetensors file decoded and its SHA-256 compared with the one the JSON recorded. A reader
 * racing a save (which replaces the safetensors file, then the JSON) reads the pair again when the JSON changed
 * meanwhile; only a read that falls between the save's two renames reports a `mismatch`.
 * @param path - base path (with or without `.json`/`.safetensors`)
 * @returns `{weights, optimizer, scheduler, extra}`; the caller owns the tensors
 * @throws CheckpointError with `problem` `missing` (neither file), `incomplete` (one file of the pair),
 *   `corrupt` (unreadable JSON or safetensors, truncated data: the decoder's error is the `cause`),
 *   `mismatch` (the safetensors file is not the one the JSON describes) or `version` (an unknown format version);
 *   TasknetError naming the file for other read failures.
 * @example
 * const {weights, optimizer, extra} = await tn.io.loadCheckpoint('runs/ckpt');
 * model.loadStateDict(weights); opt.loadStateDict(optimizer!);
 */
export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const paths = checkpointPaths(path);
  const [fs, crypto] = await Promise.all([import('node:fs/promises'), import('node:crypto')]);
  // A reader racing a writer can read the old JSON and the new safetensors file: when the JSON has changed
  // since it was read, read the pair again (a few times) before reporting a mismatch.
  for (let attempt = 1; ; attempt++) {
    const seen: { text?: string } = {};
    try {
      return await loadOnce(paths, fs, crypto.createHash, seen);
    } catch (error) {
      if (!(error instanceof CheckpointError) || error.problem !== 'mismatch' || attempt >= 3) throw error;
      const now = await fs.readFile(paths.json, 'utf8').catch(() => undefined);
      if (now === seen.text) throw error;
    }
  }
}

async function loadOnce(
  paths: ReturnType<typeof checkpointPaths>, fs: Fs, createHash: typeof import('node:crypto').createHash, seen: { text?: string },
): Promise<LoadedCheckpoint> {
  const op = 'loadCheckpoint';
  const fail = (problem: CheckpointProblem, message: string, cause?: unknown): never => {
    const error = new CheckpointError(op, problem, paths.base, message);
    if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
    throw error;
  };

  let text: string;
  try {
    text = await fs.readFile(paths.json, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw fileError(op, paths.json, error);
    if (await exists(fs, paths.safetensors)) {
      return fail('incomplete', `${paths.json} is missing, so ${paths.safetensors} is not a complete checkpoint ` +
        '(the save was interrupted before its JSON was written, or the JSON was deleted)');
    }
    return fail('missing', `no checkpoint at ${paths.base}: neither ${paths.json} nor ${paths.safetensors} exists`);
  }
  seen.text = text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail('corrupt', `${paths.json} is not valid JSON (${error instanceof Error ? error.message : String(error)})`, error);
  }
  if (!isRecord(raw) || raw.format !== CHECKPOINT_FORMAT) {
    return fail('corrupt', `${paths.json} is not a tasknet checkpoint (expected "format": "${CHECKPOINT_FORMAT}", found ${
      isRecord(raw) ? JSON.stringify(raw.format) ?? 'none' : `a JSON ${Array.isArray(raw) ? 'array' : typeof raw}`})`);
  }
  if (raw.version !== CHECKPOINT_VERSION) {
    return fail('version', `${paths.json} has format version ${JSON.stringify(raw.version)}; this tasknet reads version ${CHECKPOINT_VERSION}` +
      (typeof raw.version === 'number' && raw.version > CHECKPOINT_VERSION ? ' (it was written by a newer tasknet)' : ''));
  }
  const json = raw as unknown as CheckpointJson;
  const st = json.safetensors as unknown;
  const problems: string[] = [];
  if (!isRecord(st) || typeof st.sha256 !== 'string' || typeof st.bytes !== 'number') problems.push('"safetensors" must be {file, bytes, sha256}');
  if (!isStringArray(json.weights)) problems.push('"weights" must be a list of keys');
  if (!isStringArray(json.optimizerTensors)) problems.push('"optimizerTensors" must be a list of keys');
  if (json.optimizer !== null && (!isRecord(json.optimizer) || !Array.isArray(json.optimizer.paramGroups) || !isRecord(json.optimizer.state))) {
    problems.push('"optimizer" must be null or {paramGroups, state}');
  }
  if (!isRecord(json.extra)) problems.push('"extra" must be an object');
  if (problems.length > 0) return fail('corrupt', `${paths.json} is malformed: ${problems.join('; ')}`);

  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(paths.safetensors);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      return fail('incomplete', `${paths.safetensors} is missing (${paths.json} expects it, ${json.safetensors.bytes} bytes)`, error);
    }
    throw fileError(op, paths.safetensors, error);
  }
  let tensors: Record<string, Tensor>;
  try {
    tensors = decodeSafetensors(bytes, { source: paths.safetensors }).tensors;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail('corrupt', `${paths.safetensors} is corrupt (${json.safetensors.bytes} bytes expected, ${bytes.length} found): ${detail}`, error);
  }
  const disposeAll = (): void => { for (const t of Object.values(tensors)) t.dispose(); };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== json.safetensors.sha256 || bytes.length !== json.safetensors.bytes) {
    disposeAll();
    return fail('mismatch', `${paths.safetensors} (${bytes.length} bytes, sha256 ${sha256.slice(0, 16)}…) is not the file ${paths.json} ` +
      `describes (${json.safetensors.bytes} bytes, sha256 ${json.safetensors.sha256.slice(0, 16)}…): the pair comes from different ` +
      'saves (an interrupted overwrite, or one file replaced or edited)');
  }
  const expected = new Set([...json.weights, ...json.optimizerTensors]);
  const found = Object.keys(tensors);
  const missing = [...expected].filter((k) => !Object.prototype.hasOwnProperty.call(tensors, k));
  const unexpected = found.filter((k) => !expected.has(k));
  if (missing.length > 0 || unexpected.length > 0) {
    disposeAll();
    return fail('corrupt', `${paths.safetensors} does not hold the tensors ${paths.json} lists` +
      `${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}${unexpected.length > 0 ? `; unexpected: ${unexpected.join(', ')}` : ''}`);
  }

  const weights: Record<string, Tensor> = {};
  for (const key of json.weights) {
    Object.defineProperty(weights, key, { value: tensors[key], enumerable: true, writable: true, configurable: true });
  }
  let optimizer: OptimizerStateDict | undefined;
  if (json.optimizer !== null) {
    const state: Record<number, Record<string, Tensor | number | null>> = {};
    for (const [index, entry] of Object.entries(json.optimizer.state)) state[Number(index)] = fromJson(entry) as Record<string, number | null>;
    for (const key of json.optimizerTensors) {
      const match = /^optimizer\.state\.(0|[1-9]\d*)\.(.+)$/.exec(key);
      if (match === null) {
        disposeAll();
        return fail('corrupt', `${paths.json} lists optimizer tensor '${key}' (expected ${OPTIMIZER_STATE_PREFIX}<index>.<name>)`);
      }
      const index = Number(match[1]);
      (state[index] ??= {})[match[2] as string] = tensors[key] as Tensor;
    }
    optimizer = { state, paramGroups: fromJson(json.optimizer.paramGroups) as OptimizerStateDict['paramGroups'] };
  } else if (json.optimizerTensors.length > 0) {
    disposeAll();
    return fail('corrupt', `${paths.json} lists optimizer tensors but no optimizer state`);
  }
  return {
    weights,
    optimizer,
    scheduler: json.scheduler === null || json.scheduler === undefined ? undefined : fromJson(json.scheduler) as SchedulerStateDict,
    extra: fromJson(json.extra) as Record<string, unknown>,
  };
}
