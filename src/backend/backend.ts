/** The interface a compute backend (cpu, wasm, webgpu) implements. */
import type { DType, TypedArray } from '../core/index.js';
import type { Storage } from './storage.js';

/** Memory a backend reports for leak checks. */
export interface BackendMemory {
  /** Storages allocated and not yet released. */
  readonly storages: number;
  /** Bytes held by those storages. */
  readonly bytes: number;
  /**
   * Bytes the backend has taken from the host for storages, live or pooled for reuse (the wasm
   * backend's heap); absent where storages map one-to-one onto host allocations.
   */
  readonly reservedBytes?: number;
}

/**
 * A compute backend. It owns storages and runs the kernels registered for its name
 * (see `registerKernel`). Reads are async; synchronous backends also offer `readSync`.
 */
export interface Backend {
  /** Registry name, e.g. `'cpu'`. */
  readonly name: string;
  /** Copy host values into a new storage of `dtype` (values are already of that dtype). */
  write(values: TypedArray, dtype: DType): Storage;
  /** Copy a storage's elements back to the host. */
  read(storage: Storage): Promise<TypedArray>;
  /** Synchronous read; present only on backends whose memory the host can see. */
  readSync?(storage: Storage): TypedArray;
  /** Free a storage; it must not be used afterwards. */
  release(storage: Storage): void;
  /** Current allocations. */
  memory(): BackendMemory;
  /** Free everything the backend holds (called when it is removed). */
  dispose?(): void;
  /** Threads its kernels run on; absent on single-threaded backends. */
  readonly threads?: number;
  /** Change the thread count; absent on backends that cannot. */
  setThreads?(threads: number): Promise<void>;
}

/** Creates a backend; may be async (a GPU backend requests its device here). */
export type BackendFactory = () => Backend | Promise<Backend>;
