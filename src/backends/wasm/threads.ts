/** Thread-count settings of the wasm backend. */
import { ValueError } from '../../core/index.js';

/** The most threads a backend starts. */
export const MAX_THREADS = 16;

/** Whether this is Node.js, where worker threads and V8 flags are available. */
export function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/**
 * The default thread count: `TASKNET_NUM_THREADS` when set, else the logical CPU count (Node),
 * at most MAX_THREADS; 1 where worker threads are not available.
 * @throws ValueError when `TASKNET_NUM_THREADS` is not a positive integer.
 */
export async function defaultThreadCount(): Promise<number> {
  if (!isNode() || typeof SharedArrayBuffer !== 'function') return 1;
  const variable = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TASKNET_NUM_THREADS;
  if (variable !== undefined && variable !== '') return checkThreads(Number(variable), 'TASKNET_NUM_THREADS');
  const os = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:os');
  return Math.min(MAX_THREADS, Math.max(1, os.availableParallelism()));
}

/**
 * `threads` when it is an integer in 1..MAX_THREADS.
 * @throws ValueError naming `what` otherwise.
 */
export function checkThreads(threads: number, what = 'threads'): number {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new ValueError('wasm', `${what} must be an integer from 1 to ${MAX_THREADS}, found ${String(threads)}`);
  }
  return threads;
}
