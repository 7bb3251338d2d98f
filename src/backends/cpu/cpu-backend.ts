/**
 * The CPU reference backend: every storage is a plain typed array on the host, and every
 * kernel is written for clarity first. Faster backends are tested against this one.
 */
import { allocArray, DTypeError, dtypeOfArray, StateError, type DType, type TypedArray } from '../../core/index.js';
import type { Backend, BackendMemory, Storage } from '../../backend/index.js';

/**
 * A CPU storage: a typed array of the storage dtype (float32 → Float32Array, float64 →
 * Float64Array, int32 → Int32Array, bool → Uint8Array holding 0 or 1).
 */
export class CpuStorage implements Storage {
  /** Always `'cpu'`. */
  readonly backend = 'cpu';
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  #values: TypedArray | undefined;

  /**
   * Wrap `values` without copying; the storage owns the array from now on.
   * Prefer {@link CpuBackend.adopt}, which also counts the storage in `memory()`.
   */
  constructor(values: TypedArray) {
    this.dtype = dtypeOfArray(values);
    this.size = values.length;
    this.#values = values;
  }

  /**
   * The elements, shared (not copied): kernels read and write them in place.
   * @throws StateError when the storage was released.
   */
  get values(): TypedArray {
    if (this.#values === undefined) throw new StateError('cpu', 'storage was used after it was released');
    return this.#values;
  }

  /** True once the storage was released; its elements are gone. */
  get released(): boolean {
    return this.#values === undefined;
  }

  /** Drop the elements so the garbage collector can reclaim them (called by `CpuBackend.release`). */
  markReleased(): void {
    this.#values = undefined;
  }
}

/**
 * The typed array behind a storage, for kernels.
 * @throws StateError when `storage` is not a CPU storage or was released.
 */
export function valuesOf(storage: Storage): TypedArray {
  if (!(storage instanceof CpuStorage)) {
    throw new StateError('cpu', `expected a storage of the cpu backend, found one of backend '${storage.backend}'`);
  }
  return storage.values;
}

/**
 * The CPU reference backend. Storages are typed arrays on the host; reads are copies,
 * so callers can never alias a storage's memory.
 * @example
 * const cpu = new CpuBackend();
 * const s = cpu.write(new Float32Array([1, 2]), 'float32');
 * cpu.readSync(s); // Float32Array [1, 2]
 */
export class CpuBackend implements Backend {
  /** Registry name. */
  readonly name = 'cpu';
  #storages = 0;
  #bytes = 0;

  /**
   * Copy `values` into a new storage of `dtype`; the caller's array is not kept.
   * @throws DTypeError when `values` is not the typed array that stores `dtype`.
   */
  write(values: TypedArray, dtype: DType): CpuStorage {
    const found = dtypeOfArray(values);
    if (found !== dtype || (dtype === 'bool' && !(values instanceof Uint8Array))) {
      throw new DTypeError('write', `expected the typed array of ${dtype}, found ${values.constructor.name}`);
    }
    const copy = allocArray(dtype, values.length);
    copy.set(values);
    return this.adopt(copy);
  }

  /** A copy of the storage's elements. */
  async read(storage: Storage): Promise<TypedArray> {
    return this.readSync(storage);
  }

  /** A copy of the storage's elements, synchronously. */
  readSync(storage: Storage): TypedArray {
    return valuesOf(storage).slice();
  }

  /**
   * Free a storage: it is marked released and its array dropped. Releasing twice is a no-op.
   * @throws StateError when `storage` does not belong to the cpu backend.
   */
  release(storage: Storage): void {
    if (!(storage instanceof CpuStorage)) {
      throw new StateError('cpu', `cannot release a storage of backend '${storage.backend}'`);
    }
    if (storage.released) return;
    this.#storages -= 1;
    this.#bytes -= storage.values.byteLength;
    storage.markReleased();
  }

  /** Storages allocated and not yet released, and their bytes. */
  memory(): BackendMemory {
    return { storages: this.#storages, bytes: this.#bytes };
  }

  /** Make a storage that owns `values` (no copy) and count it; for kernels. */
  adopt(values: TypedArray): CpuStorage {
    this.#storages += 1;
    this.#bytes += values.byteLength;
    return new CpuStorage(values);
  }

  /** A new zero-filled storage of `size` elements of `dtype`; for kernels. */
  alloc(dtype: DType, size: number): CpuStorage {
    return this.adopt(allocArray(dtype, size));
  }
}
