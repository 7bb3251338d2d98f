/**
 * The WebAssembly backend: every storage is a block of one WebAssembly.Memory, allocated from
 * a size-class pool, and kernels run in a SIMD128 module compiled from AssemblyScript
 * (`wasm/assembly`). Kernels the module does not (yet) specialise run the backend layer's
 * reference kernels over views of that memory.
 */
import { allocArray, DTypeError, dtypeOfArray, StateError, type DType, type TypedArray } from '../../core/index.js';
import type { Backend, BackendMemory, Storage } from '../../backend/index.js';
import type { KernelExports } from './kernel-exports.js';
import { blockSize, MemoryPool, type PoolStats } from './memory-pool.js';
import { ThreadPool, type TaskWriter } from './thread-pool.js';
import { checkThreads } from './threads.js';
import type { WasmMemory, WasmModule } from './webassembly.js';

/** Bytes per element of each dtype as stored (bool is one byte holding 0 or 1). */
export const BYTES_PER_ELEMENT: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/**
 * A storage of the wasm backend: `size` elements of `dtype` at byte `offset` of the backend's
 * memory, in a pool block of `capacity` bytes.
 */
export class WasmStorage implements Storage {
  /** Always `'wasm'`. */
  readonly backend = 'wasm';
  #released = false;

  /**
   * @param owner - the backend whose memory holds the elements
   * @param dtype - element type
   * @param size - number of elements
   * @param offset - byte offset of the first element (64-byte aligned; 0 when empty)
   * @param capacity - bytes of the pool block (0 when empty)
   */
  constructor(
    readonly owner: WasmBackend, readonly dtype: DType, readonly size: number,
    readonly offset: number, readonly capacity: number,
  ) {}

  /** True once the storage was released; its block is back in the pool. */
  get released(): boolean {
    return this.#released;
  }

  /** Mark released (called by `WasmBackend.release`). */
  markReleased(): void {
    this.#released = true;
  }
}

/** The typed-array constructor of a dtype. */
type ArrayMaker = new (buffer: ArrayBuffer, byteOffset: number, length: number) => TypedArray;
const ARRAY_OF: Readonly<Record<DType, ArrayMaker>> = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array,
};

/**
 * The WebAssembly backend. Create it with `createWasmBackend` (or `await tn.setBackend('wasm')`).
 * Reads are copies; `view` gives kernels a live view that is valid until the next allocation
 * (growing the memory detaches every earlier view).
 */
export class WasmBackend implements Backend {
  /** Registry name. */
  readonly name = 'wasm';
  /** The kernel module's exports. */
  readonly kernels: KernelExports;
  /** Whether the loaded module uses relaxed-SIMD fused multiply-adds. */
  readonly relaxedSimd: boolean;
  readonly #memory: WasmMemory;
  readonly #pool: MemoryPool;
  readonly #sharedModule: WasmModule | undefined;
  #threadPool: ThreadPool | undefined;
  #workerAreas: number[] = [];
  #storages = 0;
  #bytes = 0;
  #scratchOffset = 0;
  #scratchSize = 0;
  #disposed = false;

  /**
   * @param kernels - the instantiated module's exports
   * @param memory - the memory the module imported
   * @param relaxedSimd - whether the module was built with relaxed SIMD
   * @param sharedModule - the module, when it was built for this (shared) memory: worker
   *   threads instantiate it; undefined keeps the backend on one thread
   */
  constructor(kernels: KernelExports, memory: WasmMemory, relaxedSimd: boolean, sharedModule?: WasmModule) {
    this.kernels = kernels;
    this.#memory = memory;
    this.relaxedSimd = relaxedSimd;
    this.#sharedModule = sharedModule;
    this.#pool = new MemoryPool(memory, kernels.heapBase());
  }

  /** Threads that run GEMM: 1, or the caller's thread plus the workers. */
  get threads(): number {
    return this.#threadPool?.threads ?? 1;
  }

  /**
   * Run GEMM on `threads` threads: the caller's plus `threads − 1` workers, which start now
   * (the previous ones stop). Without a shared memory (browsers, `sharedSource: null`) the
   * backend stays on one thread.
   * @throws ValueError when `threads` is not an integer in 1..16; StateError when a worker cannot start.
   */
  async setThreads(threads: number): Promise<void> {
    if (checkThreads(threads) === this.threads) return;
    await this.#stopThreads();
    if (threads === 1 || this.#sharedModule === undefined) return;
    const workBytes = blockSize(this.kernels.gemmWorkBytes());
    this.#workerAreas = Array.from({ length: threads - 1 }, () => this.#pool.allocate(workBytes));
    this.#threadPool = await ThreadPool.start(this.#sharedModule, this.#memory, this.#workerAreas);
  }

  /**
   * Run `count` independent tasks (see parallel-tasks.ts) on every thread; `write` fills their
   * records. Returns when all are done.
   */
  parallel(count: number, write: TaskWriter): void {
    const work = this.scratch(this.kernels.gemmWorkBytes());
    if (this.#threadPool === undefined) throw new StateError('wasm', 'parallel() needs worker threads (setThreads)');
    this.#threadPool.run(this.kernels, work, count, write);
  }

  async #stopThreads(): Promise<void> {
    const pool = this.#threadPool;
    this.#threadPool = undefined;
    if (pool !== undefined) await pool.stop();
    const workBytes = blockSize(this.kernels.gemmWorkBytes());
    for (const offset of this.#workerAreas) this.#pool.free(offset, workBytes);
    this.#workerAreas = [];
  }

  /**
   * Copy `values` into a new storage of `dtype`; the caller's array is not kept.
   * @throws DTypeError when `values` is not the typed array that stores `dtype`.
   */
  write(values: TypedArray, dtype: DType): WasmStorage {
    const found = dtypeOfArray(values);
    if (found !== dtype || (dtype === 'bool' && !(values instanceof Uint8Array))) {
      throw new DTypeError('write', `expected the typed array of ${dtype}, found ${values.constructor.name}`);
    }
    return this.adopt(values);
  }

  /** A copy of the storage's elements. */
  async read(storage: Storage): Promise<TypedArray> {
    return this.readSync(storage);
  }

  /** A copy of the storage's elements, synchronously. */
  readSync(storage: Storage): TypedArray {
    const s = this.#own(storage);
    const copy = allocArray(s.dtype, s.size);
    copy.set(this.view(s));
    return copy;
  }

  /**
   * Free a storage: its block returns to the pool. Releasing twice is a no-op.
   * @throws StateError when `storage` does not belong to this backend.
   */
  release(storage: Storage): void {
    if (!(storage instanceof WasmStorage) || storage.owner !== this) {
      throw new StateError('wasm', `cannot release a storage of backend '${storage.backend}'${storage instanceof WasmStorage ? ' (another wasm backend instance)' : ''}`);
    }
    if (storage.released) return;
    storage.markReleased();
    this.#storages -= 1;
    this.#bytes -= storage.size * BYTES_PER_ELEMENT[storage.dtype];
    this.#pool.free(storage.offset, storage.capacity);
  }

  /** Storages allocated and not yet released, the bytes of their elements, and the pool's reserved bytes. */
  memory(): BackendMemory {
    return { storages: this.#storages, bytes: this.#bytes, reservedBytes: this.#pool.stats().reservedBytes };
  }

  /** Pool counters: heap size, reserved and free bytes, free blocks, grows, merges and splits. */
  poolStats(): PoolStats {
    return this.#pool.stats();
  }

  /** Stop the worker threads and drop the memory; the backend must not be used afterwards. */
  dispose(): void {
    this.#disposed = true;
    void this.#stopThreads();
  }

  /**
   * A new storage of `size` elements of `dtype`, for kernels. Its contents are undefined (a
   * reused block keeps old values): kernels write every element.
   */
  alloc(dtype: DType, size: number): WasmStorage {
    if (this.#disposed) throw new StateError('wasm', 'the backend was disposed');
    const capacity = blockSize(size * BYTES_PER_ELEMENT[dtype]);
    const offset = capacity === 0 ? 0 : this.#pool.allocate(capacity);
    this.#storages += 1;
    this.#bytes += size * BYTES_PER_ELEMENT[dtype];
    return new WasmStorage(this, dtype, size, offset, capacity);
  }

  /** A new storage holding a copy of `values` (its dtype is the array's). */
  adopt(values: TypedArray): WasmStorage {
    const storage = this.alloc(dtypeOfArray(values), values.length);
    this.view(storage).set(values);
    return storage;
  }

  /**
   * The byte offset of a live storage of this backend, for passing to the module.
   * @throws StateError when the storage belongs elsewhere or was released.
   */
  ptr(storage: Storage): number {
    return this.#own(storage).offset;
  }

  /**
   * A live typed-array view of the storage's elements. Valid until the next allocation, which
   * may grow (and so detach) the memory.
   */
  view(storage: Storage): TypedArray {
    const s = this.#own(storage);
    return new ARRAY_OF[s.dtype](this.#memory.buffer, s.offset, s.size);
  }

  /** The current memory buffer (re-read it after any allocation). */
  get buffer(): ArrayBuffer {
    return this.#memory.buffer;
  }

  /**
   * A scratch area of at least `bytes` bytes, 64-byte aligned, kept between calls (for GEMM
   * packing and reduction accumulators). Only one kernel uses it at a time; it may move when a
   * larger one is requested.
   */
  scratch(bytes: number): number {
    if (bytes > this.#scratchSize) {
      if (this.#scratchSize > 0) this.#pool.free(this.#scratchOffset, this.#scratchSize);
      this.#scratchSize = blockSize(bytes);
      this.#scratchOffset = this.#pool.allocate(this.#scratchSize);
    }
    return this.#scratchOffset;
  }

  #own(storage: Storage): WasmStorage {
    if (!(storage instanceof WasmStorage) || storage.owner !== this) {
      throw new StateError('wasm', `expected a storage of this wasm backend, found one of backend '${storage.backend}'`);
    }
    if (storage.released) throw new StateError('wasm', 'storage was used after it was released');
    return storage;
  }
}
