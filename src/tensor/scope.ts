/** Memory scopes: `tidy`, `keep`, `dispose` and the live-tensor count. */
import { ValueError } from '../core/index.js';
import { engine, type Disposable } from './engine.js';
import { Tensor } from './tensor.js';

function collectTensors(value: unknown, into: Set<Disposable>, seen = new Set<unknown>()): void {
  if (value instanceof Tensor) { into.add(value); return; }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  const items = value instanceof Map ? value.values() : Array.isArray(value) ? value : Object.values(value);
  for (const item of items) collectTensors(item, into, seen);
}

/**
 * Run `fn` and dispose every tensor it created except those it returns (in an array,
 * object or Map) and those passed to `keep`. Gradients stored by `backward()` are kept.
 * @example const loss = tn.tidy(() => model.forward(x).sub(y).pow(2).mean());
 */
export function tidy<R>(fn: () => R): R {
  engine.startScope();
  let result: R | undefined;
  try {
    result = fn();
    if (result instanceof Promise) {
      throw new ValueError('tidy', 'the function returned a Promise; tidy only supports synchronous functions');
    }
  } finally {
    const survivors = new Set<Disposable>();
    collectTensors(result, survivors);
    engine.endScope(survivors);
  }
  return result;
}

/** Exclude `t` from disposal by enclosing `tidy` calls; returns `t`. */
export function keep<T extends Tensor>(t: T): T {
  return engine.keep(t);
}

/**
 * Undo `keep`: `t` belongs to the innermost enclosing `tidy` again, which disposes it unless it is returned.
 * For carrying a tensor out of a scope that is left by an exception (a stopped forward pass).
 * @example const t = tn.tidy(() => { let out; try { out = tn.keep(compute()); throw stop; } catch { } return tn.unkeep(out); });
 */
export function unkeep<T extends Tensor>(t: T): T {
  return engine.unkeep(t);
}

/** Whether `t` was passed to `keep` (and not to `unkeep` since). */
export function isKept(t: Tensor): boolean {
  return engine.isKept(t);
}

/** Every tensor in a value: a tensor, or arrays, objects and Maps of them (each once). */
export function tensorsIn(value: unknown): Tensor[] {
  const found = new Set<Disposable>();
  collectTensors(value, found);
  return [...found] as Tensor[];
}

/** Dispose a tensor, or every tensor in an array or object. */
export function dispose(value: unknown): void {
  for (const t of tensorsIn(value)) t.dispose();
}

/** Number of tensors created and not yet disposed. */
export function numTensors(): number {
  return engine.liveTensors;
}

/** What `memory()` reports. */
export interface MemoryInfo {
  /** Tensors created and not yet disposed. */
  numTensors: number;
  /** The active backend's live storages (views share one). */
  numStorages: number;
  /** Bytes of those storages' elements. */
  numBytes: number;
  /** Bytes the backend has reserved from the host, live or pooled (wasm's heap); absent on cpu. */
  numReservedBytes?: number;
  /** The active backend's name. */
  backend: string;
}

/** Live tensors and the active backend's storage count and bytes. */
export function memory(): MemoryInfo {
  const backend = engine.backend;
  const m = backend.memory();
  const info: MemoryInfo = { numTensors: engine.liveTensors, numStorages: m.storages, numBytes: m.bytes, backend: backend.name };
  if (m.reservedBytes !== undefined) info.numReservedBytes = m.reservedBytes;
  return info;
}

function anyRequiresGrad(value: unknown): boolean {
  if (value instanceof Tensor) return value.requiresGrad;
  return Array.isArray(value) && value.some(anyRequiresGrad);
}

/**
 * Run `fn`, the body of a composite operation over `inputs` (tensors, arrays of them, or anything
 * else), disposing the intermediates it creates when nothing records them — as TF.js does per op.
 * While recording they belong to the graph and are freed by the caller's `tidy`.
 */
export function scoped<R>(inputs: readonly unknown[], fn: () => R): R {
  if (engine.gradEnabled && inputs.some(anyRequiresGrad)) return fn();
  return tidy(fn);
}
