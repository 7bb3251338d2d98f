/**
 * Data types: float32 (default), float64 (gradient checks), int32 (indices and
 * labels) and bool (masks, stored as one byte per element).
 */
import { DTypeError } from './errors.js';

/** The element types a tensor can hold. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

/** The typed array that stores each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any typed array a tensor can be stored in. */
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Every dtype, in promotion order (bool < int32 < float32 < float64). */
export const DTYPES: readonly DType[] = ['bool', 'int32', 'float32', 'float64'];

/** True when `value` names a dtype. */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && (DTYPES as readonly string[]).includes(value);
}

/** True for float32 and float64: the dtypes that can carry gradients. */
export function isFloatDType(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * Allocate a zero-filled typed array for `size` elements of `dtype`.
 * @example `allocArray('int32', 4)` → `Int32Array [0, 0, 0, 0]`
 */
export function allocArray<D extends DType>(dtype: D, size: number): DTypeArrayMap[D] {
  switch (dtype) {
    case 'float32': return new Float32Array(size) as DTypeArrayMap[D];
    case 'float64': return new Float64Array(size) as DTypeArrayMap[D];
    case 'int32': return new Int32Array(size) as DTypeArrayMap[D];
    case 'bool': return new Uint8Array(size) as DTypeArrayMap[D];
    default: throw new DTypeError('allocArray', `unknown dtype '${String(dtype)}'`);
  }
}

/** The dtype a typed array stores (Uint8Array → bool). */
export function dtypeOfArray(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'bool';
}

/**
 * The dtype two operands promote to, following PyTorch: bool < int32 < float32 < float64.
 * @example `promoteTypes('int32', 'float32')` → `'float32'`
 */
export function promoteTypes(a: DType, b: DType): DType {
  return DTYPES.indexOf(a) >= DTYPES.indexOf(b) ? a : b;
}

/**
 * Copy `source` into a new array of `dtype`, converting each element as PyTorch's
 * cast does (floats truncate toward zero into int32; non-zero → true for bool).
 */
export function castArray(source: ArrayLike<number>, dtype: DType): TypedArray {
  const out = allocArray(dtype, source.length);
  if (dtype === 'bool') {
    for (let i = 0; i < source.length; i++) out[i] = source[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32') {
    for (let i = 0; i < source.length; i++) out[i] = Math.trunc(source[i] as number);
  } else {
    for (let i = 0; i < source.length; i++) out[i] = source[i] as number;
  }
  return out;
}
