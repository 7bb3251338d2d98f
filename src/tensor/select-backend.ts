/** Choosing the backend that runs kernels. */
import { engine } from './engine.js';

/**
 * Make `name` the active backend (`'cpu'` now; `'wasm'`, `'webgpu'` when registered).
 * Async because a GPU backend must request its device.
 * @example await tn.setBackend('cpu');
 */
export async function setBackend(name: string): Promise<void> {
  await engine.setBackend(name);
}

/** Name of the active backend. */
export function getBackend(): string {
  return engine.backend.name;
}
