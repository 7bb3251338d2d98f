/** The compute backend of the command line: the fastest that loads (as `import 'tasknet'` picks), or the config's. */
// the package entry registers the cpu and wasm backends (the layering rule keeps backends/* out of reach here)
import '../index.js';
import { setBackend, setNumThreads, useBestBackend } from '../tensor/index.js';

let started: Promise<void> | undefined;

/** Start on the best backend here (wasm, else cpu; `TASKNET_BACKEND` chooses), once. */
export function startEngine(): Promise<void> {
  started ??= useBestBackend().then(() => undefined);
  return started;
}

/** Switch to the config's backend and thread count, when it names them. */
export async function setUpEngine(config: { readonly backend?: string; readonly threads?: number }): Promise<void> {
  await startEngine();
  if (config.backend !== undefined) await setBackend(config.backend);
  if (config.threads !== undefined) await setNumThreads(config.threads);
}
