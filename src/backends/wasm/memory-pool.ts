/**
 * A size-class pool over one WebAssembly.Memory. Blocks are 64-byte aligned; a request is
 * rounded up to its class (multiples of 64 bytes up to 1 KiB, then eight classes per power of
 * two, so at most 12.5% is wasted), freed blocks go to the free list of their size, and a request
 * reuses the most recently freed block of its size before taking new memory from the top of the
 * heap. A training loop that repeats the same shapes therefore stops growing memory after its
 * first step, on that fast path alone.
 *
 * When neither serves a request without growing the memory, the pool first merges
 * address-adjacent free blocks (lowering the top of the heap when free blocks end there) and
 * splits the best-fitting larger free block, remainder back on the free list of its own size;
 * only then does the memory grow. Live memory, not the history of sizes, thus bounds the heap.
 * Until the memory would grow, blocks are handed out exactly as a pure size-class pool would.
 * The memory itself never shrinks (WebAssembly cannot).
 */
import { StateError } from '../../core/index.js';
import { WASM_MAX_PAGES, WASM_PAGE_BYTES, type WasmMemory } from './webassembly.js';

/** Alignment of every block, in bytes (a cache line; also enough for every SIMD load). */
export const BLOCK_ALIGN = 64;

/** Counters for tests and diagnostics. */
export interface PoolStats {
  /** Size of the WebAssembly memory in bytes. */
  readonly heapBytes: number;
  /** Bytes between the pool's base and the top of the heap (live and free blocks). */
  readonly reservedBytes: number;
  /** Bytes in blocks on the free lists. */
  readonly freeBytes: number;
  /** Blocks on the free lists. */
  readonly freeBlocks: number;
  /** Times the memory grew. */
  readonly grows: number;
  /** Times the free blocks were merged by address (each time a request would otherwise have grown the memory). */
  readonly coalesces: number;
  /** Times a larger free block was split to serve a smaller request. */
  readonly splits: number;
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

/**
 * Free blocks are packed into one float64 each while they are sorted by address:
 * `offset / 64 · SIZE_SPAN + size / 64`. Offsets and sizes below 4 GiB are below 2^26 units of
 * 64 bytes, so the packed value stays an exact integer below 2^52 and sorts by offset.
 */
const SIZE_SPAN = 2 ** 26;

/**
 * The allocator of a backend's WebAssembly memory: see the module comment for the policy.
 * @example
 * const pool = new MemoryPool(new WebAssembly.Memory({ initial: 1 }), 0);
 * const a = pool.allocate(blockSize(100)); // 0
 * pool.free(a, blockSize(100));
 * pool.allocate(128); // 0 again: the block just freed
 */
export class MemoryPool {
  readonly #memory: WasmMemory;
  /** Free blocks by size (any multiple of 64): a stack of offsets each. */
  readonly #free = new Map<number, number[]>();
  #top: number;
  readonly #base: number;
  #freeBytes = 0;
  #freeBlocks = 0;
  /** Whether no two free blocks are adjacent (true after a merge, until the next `free`). */
  #merged = true;
  #grows = 0;
  #coalesces = 0;
  #splits = 0;

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
   * A block of `size` bytes (a positive multiple of 64, normally a `blockSize` value): its byte
   * offset, 64-byte aligned. Grows the memory only when no free block, merged or split, fits and
   * the heap is full; existing blocks keep their offsets.
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
    if (end > this.#memory.buffer.byteLength) return this.#allocateSlow(size);
    this.#top = end;
    return offset;
  }

  /** Return the block of `size` bytes at `offset` (as allocated) to the free list of its size. */
  free(offset: number, size: number): void {
    if (size === 0) return;
    this.#push(offset, size);
    this.#merged = false;
  }

  /** Current counters. */
  stats(): PoolStats {
    return {
      heapBytes: this.#memory.buffer.byteLength,
      reservedBytes: this.#top - this.#base,
      freeBytes: this.#freeBytes,
      freeBlocks: this.#freeBlocks,
      grows: this.#grows,
      coalesces: this.#coalesces,
      splits: this.#splits,
    };
  }

  /** A request that would grow the memory: merge free blocks, split the best fit, and only then grow. */
  #allocateSlow(size: number): number {
    if (this.#freeBlocks > 0) {
      this.#coalesce();
      const fit = this.#bestFit(size);
      if (fit > 0) {
        const offset = this.#free.get(fit)!.pop()!;
        this.#freeBytes -= fit;
        this.#freeBlocks -= 1;
        if (fit > size) {
          this.#push(offset + size, fit - size);
          this.#splits += 1;
        }
        return offset;
      }
    }
    const offset = this.#top;
    const end = offset + size;
    if (end > this.#memory.buffer.byteLength) this.#grow(end);
    this.#top = end;
    return offset;
  }

  /** Put a block on the free list of its size. */
  #push(offset: number, size: number): void {
    let list = this.#free.get(size);
    if (list === undefined) {
      list = [];
      this.#free.set(size, list);
    }
    list.push(offset);
    this.#freeBytes += size;
    this.#freeBlocks += 1;
  }

  /**
   * Merge address-adjacent free blocks into one each and give free blocks at the top of the heap
   * back to it (lowering the top). The free lists are rebuilt; nothing happens when no block was
   * freed since the last merge (splits leave no adjacent free blocks behind).
   */
  #coalesce(): void {
    if (this.#merged) return;
    const packed = new Float64Array(this.#freeBlocks);
    let n = 0;
    for (const [size, list] of this.#free) {
      for (const offset of list) packed[n++] = (offset / BLOCK_ALIGN) * SIZE_SPAN + size / BLOCK_ALIGN;
    }
    packed.sort();
    this.#free.clear();
    this.#freeBytes = 0;
    this.#freeBlocks = 0;
    let start = -1;
    let end = -1;
    for (const p of packed) {
      const offset = Math.floor(p / SIZE_SPAN) * BLOCK_ALIGN;
      const size = (p % SIZE_SPAN) * BLOCK_ALIGN;
      if (offset === end) {
        end += size;
        continue;
      }
      if (start >= 0) this.#push(start, end - start);
      start = offset;
      end = offset + size;
    }
    if (start >= 0) {
      if (end === this.#top) this.#top = start;
      else this.#push(start, end - start);
    }
    this.#merged = true;
    this.#coalesces += 1;
  }

  /** The smallest size of a free block of at least `size` bytes, or 0 when there is none. */
  #bestFit(size: number): number {
    let best = 0;
    for (const [candidate, list] of this.#free) {
      if (candidate >= size && list.length > 0 && (best === 0 || candidate < best)) best = candidate;
    }
    return best;
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
