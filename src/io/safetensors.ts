/**
 * safetensors, the format of Hugging Face and `safetensors.torch`: an 8-byte little-endian header length N,
 * N bytes of UTF-8 JSON (`{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, …,
 * "__metadata__": {…}}`, padded with spaces to a multiple of 8), then the tensors' bytes, little-endian and
 * row-major, back to back. Pure functions on byte arrays: they run in browsers too.
 */
import { formatShape, sizeOf, ValueError, type DType, type TypedArray } from '../core/index.js';
import { Tensor, tensor } from '../tensor/index.js';
import {
  decodeElements, isSafetensorsDType, LITTLE_ENDIAN, READABLE, SAFETENSORS_DTYPES, WRITE_DTYPE, type SafetensorsDType,
} from './safetensors-dtypes.js';

/** The reference implementation refuses headers above 100 MB; so does tasknet. */
export const MAX_HEADER_BYTES = 100_000_000;

/** One tensor's entry in the header. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: number[];
  /** [begin, end) in bytes, relative to the start of the data section. */
  readonly dataOffsets: [number, number];
}

/** A parsed, validated header. */
export interface SafetensorsHeader {
  /** Tensor entries in the order of their data. */
  readonly entries: SafetensorsEntry[];
  /** The `__metadata__` map, or null when the file has none. */
  readonly metadata: Record<string, string> | null;
  /** Byte offset of the data section in the file (8 + N). */
  readonly dataStart: number;
}

/** Options of the decoding functions. */
export interface DecodeOptions {
  /** Where the bytes came from (a file path), for error messages. */
  readonly source?: string;
}

/** What {@link decodeSafetensors} returns. */
export interface DecodedSafetensors {
  /** The tensors by name, in the order of their data. */
  readonly tensors: Record<string, Tensor>;
  /** The `__metadata__` map, or null when there is none. */
  readonly metadata: Record<string, string> | null;
  /** The dtype each tensor had in the file (F16, I64 … are converted on load). */
  readonly dtypes: Record<string, SafetensorsDType>;
}

function failure(op: string, source: string | undefined): (message: string) => never {
  return (message) => {
    throw new ValueError(op, `${source === undefined ? '' : `${source}: `}${message}`);
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parseEntry(name: string, raw: unknown, fail: (m: string) => never): SafetensorsEntry {
  const what = `tensor '${name}'`;
  if (!isPlainObject(raw)) fail(`${what}: expected an object {dtype, shape, data_offsets}, found ${JSON.stringify(raw)}`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== 'string') fail(`${what}: dtype must be a string, found ${JSON.stringify(dtype)}`);
  if (!isSafetensorsDType(dtype)) fail(`${what}: unknown dtype '${dtype}' (tasknet reads ${READABLE.join(', ')})`);
  if (SAFETENSORS_DTYPES[dtype].reads === undefined) {
    fail(`${what}: dtype ${dtype} is not supported (tasknet reads ${READABLE.join(', ')})`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    fail(`${what}: shape must be an array of non-negative integers, found ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    fail(`${what}: data_offsets must be [begin, end] with non-negative integers, found ${JSON.stringify(offsets)}`);
  }
  const [begin, end] = offsets as [number, number];
  if (end < begin) fail(`${what}: data_offsets [${begin},${end}] end before they begin`);
  const dims = shape as number[];
  const bytes = sizeOf(dims) * SAFETENSORS_DTYPES[dtype].size;
  if (end - begin !== bytes) {
    fail(`${what}: shape ${formatShape(dims)} of ${dtype} needs ${bytes} bytes, but data_offsets [${begin},${end}] span ${end - begin}`);
  }
  return { name, dtype, shape: [...dims], dataOffsets: [begin, end] };
}

/**
 * Parse and validate the header of a safetensors file: length, UTF-8, JSON, every entry's dtype, shape and
 * offsets, and that the tensors tile the data section exactly (no gap, overlap, or byte past the end).
 * @param bytes - the whole file (or at least everything up to the end of the data section)
 * @param options - `source`, a name for error messages (the file path)
 * @throws ValueError naming the source and, where there is one, the tensor at fault.
 * @example
 * const {entries, metadata} = tn.io.parseSafetensorsHeader(bytes);
 * entries.map((e) => `${e.name} ${e.dtype} [${e.shape}]`);
 */
export function parseSafetensorsHeader(bytes: Uint8Array, options: DecodeOptions = {}): SafetensorsHeader {
  const fail: (message: string) => never = failure('decodeSafetensors', options.source);
  if (!(bytes instanceof Uint8Array)) fail(`expected the file's bytes as a Uint8Array, found ${typeof bytes}`);
  if (bytes.length < 8) fail(`the file has ${bytes.length} bytes, fewer than the 8 of the header length`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(bytes.length - 8)) {
    fail(`the header length is ${declared} bytes, but only ${bytes.length - 8} bytes follow it (truncated file?)`);
  }
  const n = Number(declared);
  if (n > MAX_HEADER_BYTES) fail(`the header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    return fail(`the ${n}-byte header is not valid UTF-8`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail(`the header is not valid JSON (${(e as Error).message}): ${JSON.stringify(text.slice(0, 80))}${text.length > 80 ? '…' : ''}`);
  }
  if (!isPlainObject(json)) fail(`the header must be a JSON object, found ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  let metadata: Record<string, string> | null = null;
  const entries: SafetensorsEntry[] = [];
  for (const [key, value] of Object.entries(json)) {
    if (key === '__metadata__') {
      if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
        fail(`__metadata__ must map strings to strings, found ${JSON.stringify(value)}`);
      }
      metadata = Object.fromEntries(Object.entries(value)) as Record<string, string>;
      continue;
    }
    entries.push(parseEntry(key, value, fail));
  }
  entries.sort((a, b) => a.dataOffsets[0] - b.dataOffsets[0] || a.dataOffsets[1] - b.dataOffsets[1]);
  const dataLength = bytes.length - 8 - n;
  let covered = 0;
  let previous: SafetensorsEntry | undefined;
  for (const entry of entries) {
    const [begin, end] = entry.dataOffsets;
    if (end > dataLength) {
      fail(`tensor '${entry.name}' needs data bytes [${begin},${end}), but the data section has only ${dataLength} bytes (truncated file?)`);
    }
    if (begin > covered) {
      fail(`data bytes [${covered},${begin}) belong to no tensor (gap before tensor '${entry.name}')`);
    }
    if (begin < covered && previous !== undefined) {
      fail(`tensor '${entry.name}' data_offsets [${begin},${end}] overlap tensor '${previous.name}' ` +
        `[${previous.dataOffsets[0]},${previous.dataOffsets[1]}]`);
    }
    covered = end;
    previous = entry;
  }
  if (covered !== dataLength) {
    fail(`the data section has ${dataLength} bytes, but the tensors cover only ${covered} (${dataLength - covered} trailing bytes)`);
  }
  return { entries, metadata, dataStart: 8 + n };
}

/**
 * Decode a safetensors file held in memory. F32, F64, I32 and BOOL load as they are; F16 and BF16 become
 * float32; I8, U8, I16, U16 become int32; I32-range values of I64, U32 and U64 become int32 (a value outside
 * it is an error naming the tensor).
 * @param bytes - the whole file
 * @param options - `source`, a name for error messages (the file path)
 * @returns the tensors, the `__metadata__` map (null when absent) and each tensor's dtype in the file
 * @throws ValueError for every malformed input: short file, bad header length, invalid UTF-8 or JSON, unknown
 *   dtype, offsets out of range, overlapping or leaving gaps, shape and byte span disagreeing, truncated data.
 * @example
 * const {tensors, metadata} = tn.io.decodeSafetensors(bytes);
 */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeOptions = {}): DecodedSafetensors {
  const header = parseSafetensorsHeader(bytes, options);
  const fail: (message: string) => never = failure('decodeSafetensors', options.source);
  const tensors: [string, Tensor][] = [];
  const dtypes: [string, SafetensorsDType][] = [];
  try {
    for (const entry of header.entries) {
      const info = SAFETENSORS_DTYPES[entry.dtype];
      const count = sizeOf(entry.shape);
      const values = decodeElements(entry.dtype, bytes, header.dataStart + entry.dataOffsets[0], count);
      if (!ArrayBuffer.isView(values)) {
        fail(`tensor '${entry.name}' (${entry.dtype}): value ${values.value} at flat index ${values.index} does not fit in int32`);
      }
      tensors.push([entry.name, tensor(values, { shape: entry.shape, dtype: info.reads as DType })]);
      dtypes.push([entry.name, entry.dtype]);
    }
  } catch (e) {
    for (const [, t] of tensors) t.dispose();
    throw e;
  }
  // Object.fromEntries defines own properties, so a tensor named `__proto__` stays a tensor.
  return { tensors: Object.fromEntries(tensors), metadata: header.metadata, dtypes: Object.fromEntries(dtypes) };
}

const encoder = new TextEncoder();

/** Compare two strings by their UTF-8 bytes (the order of Rust's `String::cmp`). */
function compareUtf8(a: string, b: string): number {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** A tensor's dtype, shape and host elements, ready to be written. */
export interface HostTensor {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly values: TypedArray;
}

/** A UTF-16 surrogate not part of a pair: such strings have no UTF-8 encoding. */
const LONE_SURROGATE = /\p{Cs}/u;

/** @internal Check the arguments of the encoders; returns the `[name, tensor]` pairs. */
export function checkEncodeArguments(
  tensors: Record<string, Tensor>, metadata: Record<string, string> | undefined, op: string,
): [string, Tensor][] {
  if (!isPlainObject(tensors)) throw new ValueError(op, `tensors must be an object mapping names to tensors, found ${typeof tensors}`);
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new ValueError(op, "'__metadata__' is reserved for the metadata and cannot name a tensor");
    if (LONE_SURROGATE.test(name)) throw new ValueError(op, `tensor name ${JSON.stringify(name)} has a lone surrogate (not valid UTF-8)`);
    if (!(t instanceof Tensor)) throw new ValueError(op, `tensors['${name}'] must be a Tensor, found ${t === null ? 'null' : typeof t}`);
    if (t.isDisposed) throw new ValueError(op, `tensors['${name}'] was disposed`);
  }
  if (metadata !== undefined) {
    if (!isPlainObject(metadata)) throw new ValueError(op, `metadata must be an object mapping strings to strings, found ${typeof metadata}`);
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string') throw new ValueError(op, `metadata['${key}'] must be a string, found ${typeof value}`);
      if (LONE_SURROGATE.test(key) || LONE_SURROGATE.test(value)) {
        throw new ValueError(op, `metadata entry ${JSON.stringify(key)} has a lone surrogate (not valid UTF-8)`);
      }
    }
  }
  return entries;
}

/**
 * @internal Serialise host tensors exactly as the reference writer does: tensors sorted by dtype rank
 * (descending), then name (UTF-8 bytes); compact JSON with `__metadata__` first (its keys sorted: the
 * reference writes them in hash-map order, which is unspecified); spaces to a multiple of 8 bytes.
 */
export function encodeHostTensors(items: readonly HostTensor[], metadata: Record<string, string> | undefined): Uint8Array {
  const sorted = items.map((item) => ({ ...item, st: WRITE_DTYPE[item.dtype] }));
  sorted.sort((a, b) => SAFETENSORS_DTYPES[b.st].rank - SAFETENSORS_DTYPES[a.st].rank || compareUtf8(a.name, b.name));
  const parts: string[] = [];
  if (metadata !== undefined) {
    const keys = Object.keys(metadata).sort(compareUtf8);
    parts.push(`"__metadata__":{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(metadata[k])}`).join(',')}}`);
  }
  let offset = 0;
  for (const item of sorted) {
    const bytes = item.values.byteLength;
    parts.push(`${JSON.stringify(item.name)}:{"dtype":"${item.st}","shape":[${item.shape.join(',')}],"data_offsets":[${offset},${offset + bytes}]}`);
    offset += bytes;
  }
  const json = encoder.encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const item of sorted) {
    const v = item.values;
    const raw = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    out.set(raw, at);
    if (!LITTLE_ENDIAN && v.BYTES_PER_ELEMENT > 1) {
      for (let i = at; i < at + raw.length; i += v.BYTES_PER_ELEMENT) out.subarray(i, i + v.BYTES_PER_ELEMENT).reverse();
    }
    at += raw.length;
  }
  return out;
}

/**
 * Serialise tensors to the safetensors format, byte for byte as the Python `safetensors` package writes them
 * (float32 → F32, float64 → F64, int32 → I32, bool → BOOL; metadata keys in sorted order).
 * @param tensors - tensors by name (`stateDict()` keys such as `layer1.0.conv1.weight`)
 * @param metadata - optional string map stored as `__metadata__` (e.g. `{format: 'pt'}`)
 * @returns the file's bytes
 * @throws ValueError for a tensor named `__metadata__`, a non-tensor value, a disposed tensor, or metadata
 *   values that are not strings; StateError on backends that cannot read synchronously (use saveSafetensors).
 * @example
 * const bytes = tn.io.encodeSafetensors({'fc.weight': w, 'fc.bias': b}, {format: 'pt'});
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const entries = checkEncodeArguments(tensors, metadata, 'encodeSafetensors');
  const items = entries.map(([name, t]) => ({ name, dtype: t.dtype, shape: t.shape, values: t.dataSync() }));
  return encodeHostTensors(items, metadata);
}
