/**
 * The backends the generic op suites run on: TASKNET_BACKENDS (comma-separated), default every
 * backend that needs no device (`cpu,wasm`). Each gets its own `describe` block whose `before`
 * hook makes it the active backend.
 */
import { before, describe } from 'node:test';
import * as tn from 'tasknet';

/** Names from TASKNET_BACKENDS, default `cpu` and `wasm`. */
export const testBackends: readonly string[] = (process.env.TASKNET_BACKENDS ?? 'cpu,wasm')
  .split(',').map((b) => b.trim()).filter(Boolean);

/** Define `body`'s tests once per backend in `testBackends`, with that backend active. */
export function forEachBackend(body: (backend: string) => void): void {
  for (const backend of testBackends) {
    describe(`backend ${backend}`, () => {
      before(async () => { await tn.setBackend(backend); });
      body(backend);
    });
  }
}
