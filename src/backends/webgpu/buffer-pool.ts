/** Reusing GPU buffers: released storages return their buffer here, keyed by byte size. */

/** Buffers are rounded up to these many bytes, so near sizes share a pool entry. */
const GRANULE = 256;

/** Storage buffers of one usage, pooled by (rounded) byte size. */
export class BufferPool {
  readonly #device: GPUDevice;
  readonly #usage: number;
  readonly #free = new Map<number, GPUBuffer[]>();
  #pooledBytes = 0;
  #allocatedBytes = 0;

  constructor(device: GPUDevice, usage: number) {
    this.#device = device;
    this.#usage = usage;
  }

  /** The byte size a request of `bytes` gets (at least 4, rounded up to the granule). */
  static roundedSize(bytes: number): number {
    return Math.max(GRANULE, Math.ceil(bytes / GRANULE) * GRANULE);
  }

  /** A buffer of at least `bytes` bytes: a pooled one when there is one, else a new one. */
  acquire(bytes: number): GPUBuffer {
    const size = BufferPool.roundedSize(bytes);
    const reused = this.#free.get(size)?.pop();
    if (reused !== undefined) {
      this.#pooledBytes -= size;
      return reused;
    }
    this.#allocatedBytes += size;
    return this.#device.createBuffer({ size, usage: this.#usage });
  }

  /** Give a buffer back for reuse. */
  release(buffer: GPUBuffer): void {
    const list = this.#free.get(buffer.size);
    if (list === undefined) this.#free.set(buffer.size, [buffer]);
    else list.push(buffer);
    this.#pooledBytes += buffer.size;
  }

  /** Destroy every pooled buffer (PyTorch `torch.cuda.empty_cache`). */
  emptyCache(): void {
    for (const list of this.#free.values()) for (const buffer of list) buffer.destroy();
    this.#allocatedBytes -= this.#pooledBytes;
    this.#pooledBytes = 0;
    this.#free.clear();
  }

  /** Bytes of every buffer this pool made and has not destroyed (live and pooled). */
  get allocatedBytes(): number {
    return this.#allocatedBytes;
  }
}
