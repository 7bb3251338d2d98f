/**
 * The wasm backend's memory pool on a real, small WebAssembly.Memory: the exact-size fast path
 * (most recently freed block first, bump allocation while the heap has room), merging of
 * adjacent free blocks and of free blocks at the top of the heap, splitting with reuse of the
 * remainder, a sequence of ever-new sizes that fits a memory which cannot grow, and a seeded
 * random workload that checks alignment, overlap and how much is reserved against the live peak.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BLOCK_ALIGN, blockSize, MemoryPool } from 'tasknet/backends/wasm';
import { uniformAt } from 'tasknet/core';

const PAGE = 65536;

/** A real `WebAssembly.Memory` of `initial` 64 KiB pages, at most `maximum`. */
function memory(initial: number, maximum?: number): { buffer: ArrayBuffer; grow(pages: number): number } {
  const api = (globalThis as unknown as {
    WebAssembly: { Memory: new (d: { initial: number; maximum?: number }) => { buffer: ArrayBuffer; grow(pages: number): number } };
  }).WebAssembly;
  return new api.Memory(maximum === undefined ? { initial } : { initial, maximum });
}

describe('wasm memory pool', () => {
  test('fast path: the most recently freed block of a size comes back; a miss bumps while the heap has room', () => {
    const pool = new MemoryPool(memory(2), 100); // the base rounds up to 128
    const [a, b, c] = [pool.allocate(128), pool.allocate(128), pool.allocate(128)];
    assert.deepEqual([a, b, c], [128, 256, 384]);
    pool.free(a, 128);
    pool.free(c, 128);
    assert.equal(pool.allocate(128), c, 'last in, first out');
    assert.equal(pool.allocate(128), a);
    pool.free(b, 128);
    // a free 128-byte block does not serve a 64-byte request while the top of the heap has room
    assert.equal(pool.allocate(64), 512);
    assert.equal(pool.allocate(128), b);
    assert.deepEqual(pool.stats(), {
      heapBytes: 2 * PAGE, reservedBytes: 448, freeBytes: 0, freeBlocks: 0, grows: 0, coalesces: 0, splits: 0,
    });
  });

  test('adjacent free blocks merge, free blocks at the top lower it, and a split remainder is reused', () => {
    const pool = new MemoryPool(memory(1, 1), 0); // a memory that cannot grow
    const [a, b, c, d] = [pool.allocate(16384), pool.allocate(16384), pool.allocate(16384), pool.allocate(16384)];
    assert.deepEqual([a, b, c, d], [0, 16384, 32768, 49152], 'the heap is full');
    pool.free(a, 16384);
    pool.free(b, 16384);
    const ab = pool.allocate(32768);
    assert.equal(ab, 0, 'the two free neighbours served one request of twice their size');
    assert.deepEqual(pool.stats(), {
      heapBytes: PAGE, reservedBytes: PAGE, freeBytes: 0, freeBlocks: 0, grows: 0, coalesces: 1, splits: 0,
    });
    pool.free(ab, 32768);
    pool.free(d, 16384);
    // c stays live. Merging leaves [0, 32768) free and gives d back to the top, which drops to 49152.
    assert.equal(pool.allocate(8192), 0, 'split from the merged block');
    assert.deepEqual(pool.stats(), {
      heapBytes: PAGE, reservedBytes: 49152, freeBytes: 24576, freeBlocks: 1, grows: 0, coalesces: 2, splits: 1,
    });
    assert.equal(pool.allocate(24576), 8192, 'the remainder, exactly');
    assert.equal(pool.allocate(16384), 49152, 'bump allocation from the lowered top');
    assert.equal(pool.stats().freeBlocks, 0);
    assert.throws(() => pool.allocate(64), /^StateError: wasm: out of memory: cannot grow the WebAssembly memory from 65536 to 65600 bytes/);
  });

  test('phases of ever-new sizes, large and small alternating, fit a memory that cannot grow', () => {
    // Phase k allocates blocks of two sizes no earlier phase used (2048 + 640k and 64(k + 1) bytes), large and
    // small in turn, up to 48 KiB live, then frees them all. A pool that reuses a block only for its own size
    // reserves the sum of all phases, almost 1.3 MB. Here, at a phase's first request that the top of the heap cannot
    // hold, everything below the phase's own blocks is free and merges into one block, which the rest of the phase
    // splits: 48 KiB live plus less than one block (< 20 KiB) left unused at the top fit in 128 KiB, two pages.
    const pool = new MemoryPool(memory(2, 2), 0);
    let total = 0;
    for (let phase = 0; phase < 30; phase++) {
      const large = 2048 + 640 * phase;
      const small = 64 * (phase + 1);
      const held: [number, number][] = [];
      let live = 0;
      while (live + large + small <= 48 * 1024) {
        for (const size of [large, small]) {
          held.push([pool.allocate(size), size]);
          live += size;
        }
      }
      total += live;
      for (const [offset, size] of held) pool.free(offset, size);
    }
    const stats = pool.stats();
    assert.ok(total > 8 * 2 * PAGE, `the phases together hold ${total} bytes, many times the memory`);
    assert.equal(stats.grows, 0);
    assert.equal(stats.heapBytes, 2 * PAGE);
    assert.ok(stats.reservedBytes <= 2 * PAGE);
    assert.ok(stats.coalesces > 0 && stats.splits > 0);
  });

  test('thousands of random allocations and frees: aligned, never overlapping, reserved bounded by the live peak', () => {
    const pool = new MemoryPool(memory(2), 40); // the base rounds up to 64
    const live: [number, number][] = [];
    let liveBytes = 0;
    let peak = 0;
    let draw = 0;
    const random = (): number => uniformAt(2024, draw++);
    for (let op = 0; op < 20000; op++) {
      // every 1,000 operations the sizes change range (up to 2^8..2^17 bytes) and the live count aims elsewhere
      const phase = Math.floor(op / 1000);
      const maxBits = 8 + Math.floor(uniformAt(7, phase) * 10);
      const target = 10 + Math.floor(uniformAt(8, phase) * 150);
      if (live.length === 0 || random() < (live.length < target ? 0.65 : 0.35)) {
        const size = blockSize(Math.ceil(2 ** (random() * maxBits)));
        const offset = pool.allocate(size);
        assert.equal(offset % BLOCK_ALIGN, 0, `operation ${op}: aligned`);
        assert.ok(offset >= 64 && offset + size <= pool.stats().heapBytes, `operation ${op}: inside the heap`);
        for (const [o, s] of live) {
          assert.ok(offset + size <= o || o + s <= offset, `operation ${op}: [${offset}, +${size}) overlaps live [${o}, +${s})`);
        }
        live.push([offset, size]);
        liveBytes += size;
        peak = Math.max(peak, liveBytes);
      } else {
        const [[offset, size]] = live.splice(Math.floor(random() * live.length), 1) as [[number, number]];
        pool.free(offset, size);
        liveBytes -= size;
      }
      const stats = pool.stats();
      assert.equal(stats.reservedBytes, liveBytes + stats.freeBytes, `operation ${op}: every reserved byte is live or free`);
    }
    const stats = pool.stats();
    assert.ok(stats.coalesces > 0 && stats.splits > 0, 'the slow path ran');
    assert.ok(stats.reservedBytes <= 1.5 * peak, `reserved ${stats.reservedBytes} bytes for a live peak of ${peak}`);
    assert.ok(stats.heapBytes <= 1.5 * peak, `a heap of ${stats.heapBytes} bytes for a live peak of ${peak}`);
  });
});
