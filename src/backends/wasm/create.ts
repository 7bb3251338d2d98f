/** Loading the kernel module and creating a WasmBackend, in Node and in browsers. */
import { StateError } from '../../core/index.js';
import { KERNEL_EXPORTS, type KernelExports } from './kernel-exports.js';
import { checkThreads, defaultThreadCount, isNode } from './threads.js';
import { WasmBackend } from './wasm-backend.js';
import { WASM_MAX_PAGES, webAssembly, type WasmBytes, type WasmModule } from './webassembly.js';

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
   * default: `tasknet-kernels-relaxed.wasm` next to this file. `null` never uses relaxed SIMD.
   */
  readonly relaxedSource?: WasmSource | null;
  /**
   * The SIMD128 module built for a shared memory, which worker threads need; default:
   * `tasknet-kernels-shared.wasm`. `null` runs single-threaded on the unshared build.
   */
  readonly sharedSource?: WasmSource | null;
  /** The relaxed-SIMD shared-memory build; default: `tasknet-kernels-relaxed-shared.wasm`. */
  readonly relaxedSharedSource?: WasmSource;
  /**
   * Threads for GEMM (the caller's thread plus workers); default: the `TASKNET_NUM_THREADS`
   * environment variable, else the logical CPU count (at most 16). Needs Node's worker threads;
   * elsewhere the backend runs on one thread.
   */
  readonly threads?: number;
  /** Initial memory in MiB (it grows as needed); default 16. */
  readonly initialMemoryMiB?: number;
}

const SOURCES = {
  plain: 'tasknet-kernels.wasm',
  relaxed: 'tasknet-kernels-relaxed.wasm',
  shared: 'tasknet-kernels-shared.wasm',
  relaxedShared: 'tasknet-kernels-relaxed-shared.wasm',
} as const;

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

/**
 * Whether the runtime validates relaxed SIMD. Node 20 has it behind `--experimental-wasm-relaxed-simd`
 * (on by default from Node 22): there the flag is turned on, which affects only the validation
 * of modules compiled afterwards.
 */
async function relaxedSimdSupported(probe: WasmBytes): Promise<boolean> {
  const wasm = webAssembly()!;
  if (wasm.validate(probe)) return true;
  if (!isNode()) return false;
  const v8 = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:v8');
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  return wasm.validate(probe);
}

/** The relaxed-SIMD module when given, present and valid on this runtime; else undefined. */
async function relaxedModule(source: WasmSource): Promise<WasmModule | undefined> {
  try {
    const bytes = await bytesOf(source);
    return (await relaxedSimdSupported(bytes)) ? webAssembly()!.compile(bytes) : undefined;
  } catch {
    return undefined; // missing file or fetch failure: the plain SIMD module serves
  }
}

/** The module at `source`, with errors that say which one failed and how. */
async function requiredModule(source: WasmSource): Promise<WasmModule> {
  let bytes: WasmBytes;
  try {
    bytes = await bytesOf(source);
  } catch (error) {
    throw new StateError('wasm', `cannot load the kernel module ${String(source)}: ${String(error)} (was \`npm run build:wasm\` run?)`);
  }
  try {
    return await webAssembly()!.compile(bytes);
  } catch (error) {
    throw new StateError('wasm', `cannot compile the kernel module ${typeof source === 'string' || source instanceof URL ? String(source) : '(bytes)'}: ${String(error)}`);
  }
}

/** The module to run and how: relaxed SIMD or not, shared memory (threads possible) or not. */
interface ChosenModule {
  readonly module: WasmModule;
  readonly relaxed: boolean;
  readonly shared: boolean;
}

/** Prefer relaxed SIMD, and the shared-memory build where threads can run. */
async function chooseModule(options: WasmBackendOptions): Promise<ChosenModule> {
  const threadsPossible = isNode() && typeof SharedArrayBuffer === 'function' && options.sharedSource !== null;
  const useRelaxed = options.relaxedSource !== null;
  if (threadsPossible) {
    const relaxed = useRelaxed ? await relaxedModule(options.relaxedSharedSource ?? SOURCES.relaxedShared) : undefined;
    if (relaxed !== undefined) return { module: relaxed, relaxed: true, shared: true };
    return { module: await requiredModule(options.sharedSource ?? SOURCES.shared), relaxed: false, shared: true };
  }
  const relaxed = useRelaxed ? await relaxedModule(options.relaxedSource ?? SOURCES.relaxed) : undefined;
  if (relaxed !== undefined) return { module: relaxed, relaxed: true, shared: false };
  return { module: await requiredModule(options.source ?? SOURCES.plain), relaxed: false, shared: false };
}

/**
 * Load the kernel module and create a WasmBackend with its own memory, running GEMM on
 * `options.threads` threads. Prefers the relaxed-SIMD build where the runtime supports it.
 * @throws StateError when the runtime has no WebAssembly or the module cannot be loaded.
 * @throws ValueError when `threads` is not an integer in 1..16.
 * @example
 * const backend = await createWasmBackend({ threads: 2 });
 * backend.readSync(backend.write(new Float32Array([1, 2]), 'float32')); // Float32Array [1, 2]
 */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const wasm = webAssembly();
  if (wasm === undefined) throw new StateError('wasm', 'this runtime has no WebAssembly');
  const threads = options.threads === undefined ? await defaultThreadCount() : checkThreads(options.threads);
  const chosen = await chooseModule(options);
  const pages = Math.max(1, Math.ceil(((options.initialMemoryMiB ?? 16) * 1024 * 1024) / 65536));
  const memory = new wasm.Memory(chosen.shared ? { initial: pages, maximum: WASM_MAX_PAGES, shared: true } : { initial: pages });
  const instance = await wasm.instantiate(chosen.module, { env: { memory } });
  for (const name of KERNEL_EXPORTS) {
    if (typeof instance.exports[name] !== 'function') throw new StateError('wasm', `the kernel module lacks the export '${name}'`);
  }
  const backend = new WasmBackend(instance.exports as unknown as KernelExports, memory, chosen.relaxed,
    chosen.shared ? chosen.module : undefined);
  if (threads > 1 && chosen.shared) {
    try {
      await backend.setThreads(threads);
    } catch (error) {
      if (options.threads !== undefined) throw error; // asked for: say why it cannot be had
      // the default: run on the calling thread where workers cannot start
    }
  }
  return backend;
}
