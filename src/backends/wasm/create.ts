/** Loading the kernel module and creating a WasmBackend, in Node and in browsers. */
import { StateError } from '../../core/index.js';
import { KERNEL_EXPORTS, type KernelExports } from './kernel-exports.js';
import { WasmBackend } from './wasm-backend.js';
import { webAssembly, type WasmBytes, type WasmModule } from './webassembly.js';

/** Where the kernel module comes from: a URL (file: in Node, http(s): in browsers) or its bytes. */
export type WasmSource = URL | string | WasmBytes;

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * The SIMD128 module; default: `tasknet-kernels.wasm` next to this file
   * (`dist/backends/wasm/`). Give bytes or a URL where bundling moved it.
   */
  readonly source?: WasmSource;
  /**
   * The same module with relaxed-SIMD fused multiply-adds, used when the runtime validates it;
   * default: `tasknet-kernels-relaxed.wasm` next to this file. `null` never uses it.
   */
  readonly relaxedSource?: WasmSource | null;
  /** Initial memory in MiB (it grows as needed); default 16. */
  readonly initialMemoryMiB?: number;
}

const DEFAULT_SOURCE = 'tasknet-kernels.wasm';
const RELAXED_SOURCE = 'tasknet-kernels-relaxed.wasm';

/** The bytes at `source`: read from disk for file: URLs (Node), fetched otherwise. */
async function bytesOf(source: WasmSource): Promise<WasmBytes> {
  if (typeof source !== 'string' && !(source instanceof URL)) return source;
  const url = new URL(source, import.meta.url);
  if (url.protocol === 'file:') {
    // Node only; a lazy import keeps the module loadable in browsers, where URLs are http(s).
    const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
    return fs.readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new StateError('wasm', `cannot load the kernel module from ${url.href}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The relaxed-SIMD module when given, present and valid on this runtime; else undefined. */
async function relaxedModule(source: WasmSource): Promise<WasmModule | undefined> {
  const wasm = webAssembly()!;
  try {
    const bytes = await bytesOf(source);
    return wasm.validate(bytes) ? wasm.compile(bytes) : undefined;
  } catch {
    return undefined; // missing file or fetch failure: the plain SIMD module serves
  }
}

/**
 * Load the kernel module and create a WasmBackend with its own memory. Prefers the relaxed-SIMD
 * build where the runtime supports it (Node 20: `--experimental-wasm-relaxed-simd`).
 * @throws StateError when the runtime has no WebAssembly or the module cannot be loaded.
 * @example
 * const backend = await createWasmBackend();
 * backend.readSync(backend.write(new Float32Array([1, 2]), 'float32')); // Float32Array [1, 2]
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const wasm = webAssembly();
  if (wasm === undefined) throw new StateError('wasm', 'this runtime has no WebAssembly');
  const relaxedSource = options.relaxedSource === undefined ? RELAXED_SOURCE : options.relaxedSource;
  let module = relaxedSource === null ? undefined : await relaxedModule(relaxedSource);
  const relaxed = module !== undefined;
  if (module === undefined) {
    const source = options.source ?? DEFAULT_SOURCE;
    let bytes: WasmBytes;
    try {
      bytes = await bytesOf(source);
    } catch (error) {
      throw new StateError('wasm', `cannot load the kernel module ${String(source)}: ${String(error)} (was \`npm run build:wasm\` run?)`);
    }
    try {
      module = await wasm.compile(bytes);
    } catch (error) {
      throw new StateError('wasm', `cannot compile the kernel module ${typeof source === 'string' || source instanceof URL ? String(source) : '(bytes)'}: ${String(error)}`);
    }
  }
  const pages = Math.max(1, Math.ceil(((options.initialMemoryMiB ?? 16) * 1024 * 1024) / 65536));
  const memory = new wasm.Memory({ initial: pages });
  const instance = await wasm.instantiate(module, { env: { memory } });
  for (const name of KERNEL_EXPORTS) {
    if (typeof instance.exports[name] !== 'function') throw new StateError('wasm', `the kernel module lacks the export '${name}'`);
  }
  return new WasmBackend(instance.exports as unknown as KernelExports, memory, relaxed);
}
