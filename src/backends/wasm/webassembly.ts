/**
 * The few parts of the WebAssembly JavaScript API the backend uses, typed here because the
 * project compiles without the DOM library (which is where TypeScript declares them).
 */

/** `WebAssembly.Memory`: a resizable ArrayBuffer; `grow` detaches the previous buffer. */
export interface WasmMemory {
  /** The bytes: an ArrayBuffer, or a SharedArrayBuffer for a shared memory (which never detaches). */
  readonly buffer: ArrayBuffer;
  /** Grow by `pages` of 64 KiB; returns the previous size in pages; throws RangeError when it cannot. */
  grow(pages: number): number;
}

/** A compiled `WebAssembly.Module` (opaque). */
export interface WasmModule {
  readonly __wasmModule?: never;
}

/** A `WebAssembly.Instance`. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** Bytes of a module. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: WasmBytes) => WasmModule;
  compile(bytes: WasmBytes): Promise<WasmModule>;
  validate(bytes: WasmBytes): boolean;
  instantiate(module: WasmModule, imports: Record<string, Record<string, unknown>>): Promise<WasmInstance>;
}

/** The global `WebAssembly` object, or undefined where the runtime has none. */
export function webAssembly(): WebAssemblyApi | undefined {
  return (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
}

/** Size of a WebAssembly page in bytes. */
export const WASM_PAGE_BYTES = 65536;
/** The most pages a 32-bit memory can have (4 GiB). */
export const WASM_MAX_PAGES = 65536;
