/**
 * The WebGPU backend's storages and device state: GPU buffers (pooled), uploads and async reads, and
 * the command encoder kernels record their compute passes into. Passes are submitted in batches:
 * when enough are recorded, before a read, and by `flush()`.
 */
import { DTypeError, StateError, dtypeOfArray, type DType, type TypedArray } from '../../core/index.js';
import type { Backend, BackendMemory, Storage } from '../../backend/index.js';
import { BufferPool } from './buffer-pool.js';
import { PipelineCache, type Dispatch } from './pipelines.js';

/** Every element takes 4 bytes on the GPU: f32, i32, and u32 (0 or 1) for bool. */
export const GPU_BYTES_PER_ELEMENT = 4;
/** Recorded passes after which the encoder is submitted without waiting for a read. */
const PASSES_PER_SUBMIT = 32;

/** A storage of the webgpu backend: a GPU buffer holding `size` 4-byte elements. */
export class WebGpuStorage implements Storage {
  /** Always `'webgpu'`. */
  readonly backend = 'webgpu';
  #buffer: GPUBuffer | undefined;

  /** Wrap `buffer` (at least `size` · 4 bytes); kernels get storages from `WebGpuBackend.createStorage`. */
  constructor(readonly dtype: DType, readonly size: number, buffer: GPUBuffer) {
    this.#buffer = buffer;
  }

  /**
   * The buffer.
   * @throws StateError when the storage was released.
   */
  get buffer(): GPUBuffer {
    if (this.#buffer === undefined) throw new StateError('webgpu', 'storage was used after it was released');
    return this.#buffer;
  }

  /** True once released. */
  get released(): boolean {
    return this.#buffer === undefined;
  }

  /** Drop the buffer reference (the backend pools the buffer). */
  markReleased(): void {
    this.#buffer = undefined;
  }
}

/**
 * The storage behind `storage`, checked to belong to the webgpu backend.
 * @throws StateError for another backend's storage.
 */
export function gpuStorage(storage: Storage): WebGpuStorage {
  if (!(storage instanceof WebGpuStorage)) {
    throw new StateError('webgpu', `expected a storage of the webgpu backend, found one of backend '${storage.backend}'`);
  }
  return storage;
}

/** Keep Node's event loop alive while `promise` is pending (a GPU promise alone does not). */
async function keepingAlive<T>(promise: Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, 1000);
  try {
    return await promise;
  } finally {
    clearInterval(timer);
  }
}

/**
 * The WebGPU backend: storages are GPU buffers, reads are async (`await t.data()`), kernels are
 * WGSL compute shaders. Create it with `createWebGpuBackend` (or `tn.setBackend('webgpu')`).
 */
export class WebGpuBackend implements Backend {
  /** Registry name. */
  readonly name = 'webgpu';
  /** The device kernels run on. */
  readonly device: GPUDevice;
  /** The adapter's description. */
  readonly adapterDescription: string;
  readonly #pool: BufferPool;
  readonly #pipelines: PipelineCache;
  #encoder: GPUCommandEncoder | null = null;
  #recorded = 0;
  #afterSubmit: GPUBuffer[] = [];
  #storages = 0;
  #bytes = 0;
  #failure: string | undefined;
  /** The read whose mapping is pending (see `read`). */
  #mapping: Promise<void> = Promise.resolve();
  #disposed = false;

  /** Objects the device needs alive, held as long as the backend (see `WebGpuDevice.owners`). */
  readonly owners: readonly unknown[];

  /**
   * Wrap a device (see `createWebGpuBackend`).
   * @param owners - objects the device needs alive (its `GPU` and adapter)
   */
  constructor(device: GPUDevice, adapterDescription: string, owners: readonly unknown[] = []) {
    this.device = device;
    this.owners = owners;
    this.adapterDescription = adapterDescription;
    this.#pool = new BufferPool(device, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST);
    this.#pipelines = new PipelineCache(device);
    device.addEventListener('uncapturederror', (event) => {
      this.#failure ??= (event as GPUUncapturedErrorEvent).error.message;
    });
    void device.lost.then((info) => {
      if (!this.#disposed) this.#failure ??= `device lost (${info.reason}): ${info.message}`;
    });
  }

  /**
   * A new storage of `size` elements of `dtype`, contents undefined (kernels write every element).
   * @throws DTypeError for float64, which WGSL cannot hold.
   */
  createStorage(dtype: DType, size: number): WebGpuStorage {
    if (dtype === 'float64') {
      throw new DTypeError('webgpu', 'the webgpu backend has no float64 (WGSL has no 64-bit floats); ' +
        'use float32, or the cpu or wasm backend for float64');
    }
    const bytes = size * GPU_BYTES_PER_ELEMENT;
    const maxBytes = this.device.limits.maxStorageBufferBindingSize;
    if (bytes > maxBytes) {
      throw new StateError('webgpu', `a tensor of ${size} elements needs ${bytes} bytes, more than this device's ` +
        `largest storage buffer (${maxBytes} bytes)`);
    }
    this.#storages += 1;
    this.#bytes += bytes;
    return new WebGpuStorage(dtype, size, this.#pool.acquire(bytes));
  }

  /**
   * Copy host values into a new storage of `dtype` (bool is widened to one u32 per element).
   * @throws DTypeError when `values` is not the typed array of `dtype`, or for float64.
   */
  write(values: TypedArray, dtype: DType): WebGpuStorage {
    if (dtypeOfArray(values) !== dtype) {
      throw new DTypeError('write', `expected the typed array of ${dtype}, found ${values.constructor.name}`);
    }
    const storage = this.createStorage(dtype, values.length);
    if (values.length > 0) this.upload(storage, dtype === 'bool' ? Uint32Array.from(values) : (values as Float32Array | Int32Array));
    return storage;
  }

  /** Copy 4-byte words from the host into `storage` from element 0, in order with recorded passes. */
  upload(storage: WebGpuStorage, words: Float32Array | Int32Array | Uint32Array): void {
    const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
    const staging = this.device.createBuffer({ size: bytes.byteLength, usage: GPUBufferUsage.COPY_SRC, mappedAtCreation: true });
    new Uint8Array(staging.getMappedRange()).set(bytes);
    staging.unmap();
    this.encoder().copyBufferToBuffer(staging, 0, storage.buffer, 0, bytes.byteLength);
    this.#afterSubmit.push(staging);
  }

  /**
   * Read a storage's elements: the copy is recorded now (so later in-place updates do not show),
   * the mapping waits for the passes before it. Mappings run one at a time: with two pending at
   * once, Dawn's Node bindings were seen never to resolve the second.
   */
  async read(storage: Storage): Promise<TypedArray> {
    const s = gpuStorage(storage);
    const bytes = s.size * GPU_BYTES_PER_ELEMENT;
    if (bytes === 0) return readAs(s.dtype, new ArrayBuffer(0));
    const staging = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.encoder().copyBufferToBuffer(s.buffer, 0, staging, 0, bytes);
    this.flush();
    const previous = this.#mapping;
    let finished!: () => void;
    this.#mapping = new Promise<void>((resolve) => { finished = resolve; });
    try {
      await previous;
      await keepingAlive(staging.mapAsync(GPUMapMode.READ));
      this.throwIfFailed();
      return readAs(s.dtype, staging.getMappedRange().slice(0));
    } finally {
      staging.destroy();
      finished();
    }
  }

  /** Return a storage's buffer to the pool. Releasing twice is a no-op. */
  release(storage: Storage): void {
    const s = gpuStorage(storage);
    if (s.released) return;
    this.#storages -= 1;
    this.#bytes -= s.size * GPU_BYTES_PER_ELEMENT;
    this.#pool.release(s.buffer);
    s.markReleased();
  }

  /** Live storages and their bytes; `reservedBytes` adds the pooled buffers. */
  memory(): BackendMemory {
    return { storages: this.#storages, bytes: this.#bytes, reservedBytes: this.#pool.allocatedBytes };
  }

  /** Destroy pooled buffers that no storage uses (PyTorch `torch.cuda.empty_cache`). */
  emptyCache(): void {
    this.flush();
    this.#pool.emptyCache();
  }

  /**
   * Record one compute pass: the pipeline for `dispatch.key` (compiled from `dispatch.code()` on
   * first use) over its bindings.
   * @throws StateError when an earlier pass failed on the device.
   */
  run(dispatch: Dispatch): void {
    this.throwIfFailed();
    const groups = dispatch.workgroups;
    if (groups[0] === 0 || groups[1] === 0 || groups[2] === 0) return;
    const { pipeline, bindGroup } = this.#pipelines.prepare(dispatch);
    const pass = this.encoder().beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups[0], groups[1] ?? 1, groups[2] ?? 1);
    pass.end();
    this.#recorded += 1;
    if (this.#recorded >= PASSES_PER_SUBMIT) this.flush();
  }

  /** Copy `count` elements between storages, recorded in order with the passes. */
  copy(from: WebGpuStorage, fromOffset: number, to: WebGpuStorage, toOffset: number, count: number): void {
    if (count === 0) return;
    const b = GPU_BYTES_PER_ELEMENT;
    this.encoder().copyBufferToBuffer(from.buffer, fromOffset * b, to.buffer, toOffset * b, count * b);
  }

  /** Submit every recorded pass. */
  flush(): void {
    if (this.#encoder === null) return;
    this.device.queue.submit([this.#encoder.finish()]);
    this.#encoder = null;
    this.#recorded = 0;
    for (const buffer of this.#afterSubmit) buffer.destroy();
    this.#afterSubmit = [];
    this.#pipelines.afterSubmit();
  }

  /** Wait until the device has run everything submitted so far (for benchmarks). */
  async sync(): Promise<void> {
    this.flush();
    await keepingAlive(this.device.queue.onSubmittedWorkDone());
    this.throwIfFailed();
  }

  /** Release the device and every buffer. */
  dispose(): void {
    this.#disposed = true;
    this.flush();
    this.#pool.emptyCache();
    this.#pipelines.dispose();
    this.device.destroy();
  }

  private encoder(): GPUCommandEncoder {
    this.#encoder ??= this.device.createCommandEncoder();
    return this.#encoder;
  }

  private throwIfFailed(): void {
    if (this.#failure !== undefined) throw new StateError('webgpu', `the GPU reported an error: ${this.#failure}`);
  }
}

/** The host array of `dtype` over 4-byte words read from the GPU (bool narrowed from u32). */
function readAs(dtype: DType, words: ArrayBuffer): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(words);
    case 'int32': return new Int32Array(words);
    case 'bool': return Uint8Array.from(new Uint32Array(words));
    default: throw new DTypeError('webgpu', `cannot read a ${dtype} storage`);
  }
}
