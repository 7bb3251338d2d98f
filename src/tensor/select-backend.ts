/** Choosing the backend that runs kernels. */
import { StateError, ValueError } from '../core/index.js';
import { registeredBackends } from '../backend/index.js';
import { engine } from './engine.js';

/**
 * Make `name` the active backend (`'cpu'`, `'wasm'`, `'webgpu'` when registered).
 * Async because the wasm backend compiles its module and a GPU backend requests its device.
 * @example await tn.setBackend('cpu');
 */
export async function setBackend(name: string): Promise<void> {
  await engine.setBackend(name);
}

/**
 * Activate the best backend that starts: `TASKNET_BACKEND` when that environment variable is set,
 * else the registered backends from the highest priority down (`wasm`, then `cpu`), skipping any
 * whose creation fails (say, a bundle without the `.wasm` files). The `tasknet` entry point runs it
 * on import, so `import * as tn from 'tasknet'` starts on wasm wherever WebAssembly runs.
 * @returns the name of the backend now active
 * @throws the last creation error when no backend starts, or ValueError for an unknown `TASKNET_BACKEND`.
 */
export async function useBestBackend(): Promise<string> {
  const chosen = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.TASKNET_BACKEND;
  if (chosen !== undefined && chosen !== '') {
    await engine.setBackend(chosen);
    return chosen;
  }
  let failure: unknown;
  for (const name of registeredBackends()) {
    try {
      await engine.setBackend(name);
      return name;
    } catch (error) {
      failure = error;
    }
  }
  throw failure ?? new StateError('useBestBackend', 'no backend is registered');
}

/** Name of the active backend. */
export function getBackend(): string {
  return engine.backend.name;
}

/**
 * Threads the active backend runs its kernels on (PyTorch `torch.get_num_threads`): the wasm
 * backend's caller thread plus workers; 1 on single-threaded backends.
 */
export function getNumThreads(): number {
  return engine.backend.threads ?? 1;
}

/**
 * Run the active backend's kernels on `threads` threads (PyTorch `torch.set_num_threads`); async
 * because worker threads start here. A backend that cannot thread ignores it.
 * @throws ValueError when `threads` is not an integer from 1 to 16.
 * @example await tn.setBackend('wasm'); await tn.setNumThreads(1);
 */
export async function setNumThreads(threads: number): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1 || threads > 16) {
    throw new ValueError('setNumThreads', `threads must be an integer from 1 to 16, found ${String(threads)}`);
  }
  await engine.backend.setThreads?.(threads);
}
