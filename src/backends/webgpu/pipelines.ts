/**
 * Compute pipelines compiled once per kernel variant, and the small read-only "meta" buffers that
 * carry a dispatch's shapes and scalars (cached by content: a training step repeats the same ones).
 */

/**
 * One compute dispatch. Bindings follow one convention, which `wgsl.header` writes: the inputs
 * (read-only storage) from binding 0, then the outputs (read-write storage), then `meta` (read-only
 * `array<u32>`) when given.
 */
export interface Dispatch {
  /** Identifies the WGSL program (and its pipeline) among all kernels. */
  readonly key: string;
  /** The WGSL source; generated only the first time `key` is seen. */
  readonly code: () => string;
  /** Buffers the program only reads. */
  readonly inputs: readonly GPUBuffer[];
  /** Buffers the program writes. */
  readonly outputs: readonly GPUBuffer[];
  /** 32-bit words (shapes, strides, bit-cast scalars) bound after the outputs. */
  readonly meta?: Uint32Array;
  /** Workgroups per dimension. */
  readonly workgroups: readonly [number, number?, number?];
}

/** Meta buffers kept before the cache is emptied (right after a submit, when no pass can still need them). */
const META_CACHE_LIMIT = 4096;

/** Pipelines by key, layouts by binding pattern, meta buffers by content. */
export class PipelineCache {
  readonly #device: GPUDevice;
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  readonly #layouts = new Map<string, GPUBindGroupLayout>();
  #meta = new Map<string, GPUBuffer>();

  constructor(device: GPUDevice) {
    this.#device = device;
  }

  /** The pipeline and a bind group for `dispatch`. */
  prepare(dispatch: Dispatch): { pipeline: GPUComputePipeline; bindGroup: GPUBindGroup } {
    const hasMeta = dispatch.meta !== undefined;
    const layout = this.layout(dispatch.inputs.length, dispatch.outputs.length, hasMeta);
    const pipeline = this.pipeline(dispatch, layout);
    const buffers = [...dispatch.inputs, ...dispatch.outputs];
    if (dispatch.meta !== undefined) buffers.push(this.metaBuffer(dispatch.meta));
    const bindGroup = this.#device.createBindGroup({
      layout,
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return { pipeline, bindGroup };
  }

  /** Called after each submit: the meta cache may be emptied now. */
  afterSubmit(): void {
    if (this.#meta.size < META_CACHE_LIMIT) return;
    for (const buffer of this.#meta.values()) buffer.destroy();
    this.#meta = new Map();
  }

  /** Destroy the meta buffers. */
  dispose(): void {
    for (const buffer of this.#meta.values()) buffer.destroy();
    this.#meta.clear();
  }

  private layout(reads: number, writes: number, meta: boolean): GPUBindGroupLayout {
    const key = `${reads}/${writes}/${meta ? 1 : 0}`;
    let layout = this.#layouts.get(key);
    if (layout === undefined) {
      const types: GPUBufferBindingType[] = [
        ...Array<GPUBufferBindingType>(reads).fill('read-only-storage'),
        ...Array<GPUBufferBindingType>(writes).fill('storage'),
        ...(meta ? ['read-only-storage' as const] : []),
      ];
      layout = this.#device.createBindGroupLayout({
        entries: types.map((type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } })),
      });
      this.#layouts.set(key, layout);
    }
    return layout;
  }

  private pipeline(dispatch: Dispatch, layout: GPUBindGroupLayout): GPUComputePipeline {
    let pipeline = this.#pipelines.get(dispatch.key);
    if (pipeline === undefined) {
      const module = this.#device.createShaderModule({ code: dispatch.code(), label: dispatch.key });
      pipeline = this.#device.createComputePipeline({
        label: dispatch.key,
        layout: this.#device.createPipelineLayout({ bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main' },
      });
      this.#pipelines.set(dispatch.key, pipeline);
    }
    return pipeline;
  }

  private metaBuffer(words: Uint32Array): GPUBuffer {
    const key = words.join(',');
    let buffer = this.#meta.get(key);
    if (buffer === undefined) {
      const size = Math.max(16, words.byteLength);
      buffer = this.#device.createBuffer({ size, usage: GPUBufferUsage.STORAGE, mappedAtCreation: true });
      new Uint32Array(buffer.getMappedRange()).set(words);
      buffer.unmap();
      this.#meta.set(key, buffer);
    }
    return buffer;
  }
}
