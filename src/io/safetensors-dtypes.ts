/**
 * The safetensors element types: their sizes, the order the reference writer sorts them in, and the
 * conversion of each one tasknet reads into a tasknet dtype.
 */
import type { DType, TypedArray } from '../core/index.js';

/** Every dtype name the safetensors format defines (tasknet reads the first ten of them). */
export type SafetensorsDType =
  | 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL'
  | 'U16' | 'U32' | 'U64' | 'F8_E5M2' | 'F8_E4M3' | 'F8_E8M0' | 'C64' | 'F4' | 'F6_E2M3' | 'F6_E3M2';

interface DTypeInfo {
  /** Bytes per element (0 for the sub-byte formats, which tasknet does not read). */
  readonly size: number;
  /** Position in the reference implementation's `Dtype` enum ("increasing alignment order"). */
  readonly rank: number;
  /** The tasknet dtype it is read as, or undefined when tasknet cannot read it. */
  readonly reads?: DType;
}

/**
 * Sizes and sort ranks, following the `Dtype` enum of the reference implementation (huggingface/safetensors,
 * `safetensors/src/tensor.rs`): BOOL < F4 < F6_E2M3 < F6_E3M2 < U8 < I8 < F8_E5M2 < F8_E4M3 < F8_E8M0 < I16 <
 * U16 < F16 < BF16 < I32 < U32 < F32 < C64 < F64 < I64 < U64. Its writer orders tensors by this rank,
 * descending, then by name.
 */
export const SAFETENSORS_DTYPES: Readonly<Record<SafetensorsDType, DTypeInfo>> = {
  BOOL: { size: 1, rank: 0, reads: 'bool' },
  F4: { size: 0, rank: 1 },
  F6_E2M3: { size: 0, rank: 2 },
  F6_E3M2: { size: 0, rank: 3 },
  U8: { size: 1, rank: 4, reads: 'int32' },
  I8: { size: 1, rank: 5, reads: 'int32' },
  F8_E5M2: { size: 1, rank: 6 },
  F8_E4M3: { size: 1, rank: 7 },
  F8_E8M0: { size: 1, rank: 8 },
  I16: { size: 2, rank: 9, reads: 'int32' },
  U16: { size: 2, rank: 10, reads: 'int32' },
  F16: { size: 2, rank: 11, reads: 'float32' },
  BF16: { size: 2, rank: 12, reads: 'float32' },
  I32: { size: 4, rank: 13, reads: 'int32' },
  U32: { size: 4, rank: 14, reads: 'int32' },
  F32: { size: 4, rank: 15, reads: 'float32' },
  C64: { size: 8, rank: 16 },
  F64: { size: 8, rank: 17, reads: 'float64' },
  I64: { size: 8, rank: 18, reads: 'int32' },
  U64: { size: 8, rank: 19, reads: 'int32' },
};

/** The safetensors dtype tasknet writes for each of its dtypes. */
export const WRITE_DTYPE: Readonly<Record<DType, SafetensorsDType>> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  bool: 'BOOL',
};

/** True when `name` is a dtype of the format. */
export function isSafetensorsDType(name: string): name is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(SAFETENSORS_DTYPES, name);
}

/** The dtypes tasknet can read, for error messages. */
export const READABLE = (Object.keys(SAFETENSORS_DTYPES) as SafetensorsDType[]).filter((d) => SAFETENSORS_DTYPES[d].reads !== undefined);

/** True on little-endian hosts (all current ones); typed arrays can then view the file's bytes directly. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let halfTable: Float32Array | undefined;

/** float32 value of every IEEE 754 binary16 bit pattern (built once, 256 KB). */
function halfToFloatTable(): Float32Array {
  if (halfTable !== undefined) return halfTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) table[h] = sign * fraction * 2 ** -24;
    else if (exponent === 31) table[h] = fraction === 0 ? sign * Infinity : NaN;
    else table[h] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  halfTable = table;
  return table;
}

/**
 * Bytes in `bytes[start, start + count·size)`, little-endian, as a typed array of `T`: a view when the host is
 * little-endian and the offset is aligned, else an aligned (byte-swapped on big-endian hosts) copy.
 */
function view<T>(
  make: (buffer: ArrayBufferLike, byteOffset: number, length: number) => T, bytes: Uint8Array, start: number, count: number,
  size: number,
): T {
  const offset = bytes.byteOffset + start;
  if (LITTLE_ENDIAN && offset % size === 0) return make(bytes.buffer, offset, count);
  // A fresh copy: `Buffer#slice` would return a view of the caller's memory.
  const copy = new Uint8Array(bytes.subarray(start, start + count * size));
  if (!LITTLE_ENDIAN) for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return make(copy.buffer, 0, count);
}

/** Why an element could not be converted: its index and value. */
export interface RangeFailure {
  readonly index: number;
  readonly value: string;
}

/**
 * Convert `count` elements of `dtype` at `bytes[start…]` to the typed array of the tasknet dtype they are read
 * as. The array may share memory with `bytes` (callers copy it into a tensor). Integers outside int32 give a
 * {@link RangeFailure} instead.
 */
export function decodeElements(
  dtype: SafetensorsDType, bytes: Uint8Array, start: number, count: number,
): TypedArray | RangeFailure {
  switch (dtype) {
    case 'F32': return view((b, o, n) => new Float32Array(b, o, n), bytes, start, count, 4);
    case 'F64': return view((b, o, n) => new Float64Array(b, o, n), bytes, start, count, 8);
    case 'I32': return view((b, o, n) => new Int32Array(b, o, n), bytes, start, count, 4);
    case 'BOOL': {
      const out = new Uint8Array(bytes.subarray(start, start + count));
      for (let i = 0; i < count; i++) if (out[i] !== 0) out[i] = 1;
      return out;
    }
    case 'U8': return Int32Array.from(bytes.subarray(start, start + count));
    case 'I8': return Int32Array.from(new Int8Array(bytes.buffer, bytes.byteOffset + start, count));
    case 'I16': return Int32Array.from(view((b, o, n) => new Int16Array(b, o, n), bytes, start, count, 2));
    case 'U16': return Int32Array.from(view((b, o, n) => new Uint16Array(b, o, n), bytes, start, count, 2));
    case 'U32': {
      const src = view((b, o, n) => new Uint32Array(b, o, n), bytes, start, count, 4);
      for (let i = 0; i < count; i++) if ((src[i] as number) > 0x7fffffff) return { index: i, value: String(src[i]) };
      return Int32Array.from(src);
    }
    case 'I64':
    case 'U64': {
      // Each element is (low, high) 32-bit words; it fits in int32 when high is the sign extension of low.
      const words = LITTLE_ENDIAN ? view((b, o, n) => new Int32Array(b, o, n), bytes, start, count * 2, 4) : undefined;
      const data = new DataView(bytes.buffer, bytes.byteOffset + start, count * 8);
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        const lo = words !== undefined ? (words[2 * i] as number) : data.getInt32(8 * i, true);
        const hi = words !== undefined ? (words[2 * i + 1] as number) : data.getInt32(8 * i + 4, true);
        if (hi !== (dtype === 'I64' ? lo >> 31 : 0) || (dtype === 'U64' && lo < 0)) {
          const big = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
          return { index: i, value: String(dtype === 'I64' ? BigInt.asIntN(64, big) : big) };
        }
        out[i] = lo;
      }
      return out;
    }
    case 'F16': {
      const table = halfToFloatTable();
      const src = view((b, o, n) => new Uint16Array(b, o, n), bytes, start, count, 2);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = table[src[i] as number] as number;
      return out;
    }
    case 'BF16': {
      const src = view((b, o, n) => new Uint16Array(b, o, n), bytes, start, count, 2);
      const out = new Float32Array(count);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = (src[i] as number) << 16;
      return out;
    }
    default:
      throw new Error(`decodeElements: ${dtype} is not readable`);
  }
}
