/**
 * A size-class pool over one WebAssembly.Memory. Blocks are 64-byte aligned; a request is
 * rounded up to its class (multiples of 64 bytes up to 1 KiB, then eight classes per power of
 * two, so at most 12.5% is wasted), freed blocks go to their class's free list, and a request
 * reuses a free block of its class before taking new memory from the top of the heap. A
 * training loop that repeats the same shapes therefore stops growing memory after its first
 * step. Blocks are never split or merged and memory never shrinks (WebAssembly cannot).
 */
import { StateError } from '../../core/index.js';
import { WASM_MAX_PAGES, WASM_PAGE_BYTES, type WasmMemory } from './webassembly.js';

/** Alignment of every block, in bytes (a cache line; also enough for every SIMD load). */
export const BLOCK_ALIGN = 64;

/** Counters for tests and diagnostics. */
export interface PoolStats {
  /** Size of the WebAssembly memory in bytes. */
  readonly heapBytes: number;
  /** Bytes handed out from the top of the heap so far (live and free blocks). */
  readonly reservedBytes: number;
  /** Bytes in blocks on the free lists. */
  readonly freeBytes: number;
  /** Blocks on the free lists. */
  readonly freeBlocks: number;
  /** Times the memory grew. */
  readonly grows: number;
}

/**
 * The block size that serves a request of `bytes`: 0 for 0, multiples of 64 up to 1024, then
 * eight steps per power of two.
 * @example blockSize(100) → 128; blockSize(5000) → 5120
 */
export function blockSize(bytes: number): number {
  if (bytes <= 0) return 0;
  const units = Math.ceil(bytes / BLOCK_ALIGN) * BLOCK_ALIGN;
  if (units <= 1024) return units;
  const step = 2 ** (Math.floor(Math.log2(units)) - 3);
  return Math.ceil(units / step) * step;
}

/** The allocator of a backend's WebAssembly memory. */
export class MemoryPool {
  readonly #memory: WasmMemory;
  readonly #free = new Map<number, number[]>();
  #top: number;
  readonly #base: number;
  #freeBytes = 0;
  #freeBlocks = 0;
  #grows = 0;

  /**
   * @param memory - the memory to allocate from
   * @param base - the first byte the pool may use (after the module's static data)
   */
  constructor(memory: WasmMemory, base: number) {
    this.#memory = memory;
    this.#base = Math.ceil(base / BLOCK_ALIGN) * BLOCK_ALIGN;
    this.#top = this.#base;
  }

  /**
   * A block of `size` bytes (a `blockSize` value, > 0): its byte offset. Grows the memory when
   * no free block fits and the heap is full; existing blocks keep their offsets.
   * @throws StateError when the memory cannot grow that far.
   */
  allocate(size: number): number {
    const list = this.#free.get(size);
    if (list !== undefined && list.length > 0) {
      this.#freeBytes -= size;
      this.#freeBlocks -= 1;
      return list.pop()!;
    }
    const offset = this.#top;
    const end = offset + size;
    if (end > this.#memory.buffer.byteLength) this.#grow(end);
    this.#top = end;
    return offset;
  }

  /** Return a block of `size` bytes at `offset` to its free list. */
  free(offset: number, size: number): void {
    if (size === 0) return;
    let list = this.#free.get(size);
    if (list === undefined) {
      list = [];
      this.#free.set(size, list);
    }
    list.push(offset);
    this.#freeBytes += size;
    this.#freeBlocks += 1;
  }

  /** Current counters. */
  stats(): PoolStats {
    return {
      heapBytes: this.#memory.buffer.byteLength,
      reservedBytes: this.#top - this.#base,
      freeBytes: this.#freeBytes,
      freeBlocks: this.#freeBlocks,
      grows: this.#grows,
    };
  }

  /** Grow the memory to at least `end` bytes, by a quarter of its size or more to keep grows rare. */
  #grow(end: number): void {
    const current = this.#memory.buffer.byteLength / WASM_PAGE_BYTES;
    const needed = Math.ceil(end / WASM_PAGE_BYTES) - current;
    if (current + needed > WASM_MAX_PAGES) {
      throw new StateError('wasm', `out of memory: ${end} bytes needed, more than the 4 GiB a WebAssembly memory can hold`);
    }
    const generous = Math.min(WASM_MAX_PAGES - current, Math.max(needed, Math.ceil(current / 4)));
    try {
      this.#memory.grow(generous);
    } catch {
      try {
        this.#memory.grow(needed);
      } catch (error) {
        throw new StateError('wasm', `out of memory: cannot grow the WebAssembly memory from ${current * WASM_PAGE_BYTES} to ${end} bytes (${String(error)})`);
      }
    }
    this.#grows += 1;
  }
}
