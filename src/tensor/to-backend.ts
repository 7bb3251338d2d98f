/** Moving tensors between backends (PyTorch `t.to(device)`, `t.cpu()`). */
import { engine } from './engine.js';
import { StorageRef } from './storage-ref.js';
import { Tensor } from './tensor.js';

/**
 * A copy of `t` on backend `name` (the elements read asynchronously, so it works from the GPU), cut
 * off from the graph. The active backend does not change. Reading GPU results on the host, e.g. for
 * metrics that need `dataSync`, is `await tn.toBackend(t, 'cpu')`.
 * @example const host = await tn.toBackend(gpuLogits, 'cpu'); host.dataSync();
 */
export async function toBackend(t: Tensor, name: string): Promise<Tensor> {
  t.assertLive('toBackend');
  const backend = await engine.backendNamed(name);
  const values = await t.data();
  return new Tensor(new StorageRef(backend.write(values, t.dtype), backend), [...t.shape], t.dtype);
}

/** Whether the active backend reads synchronously (`dataSync`, `item`); GPU backends do not. */
export function readsSynchronously(): boolean {
  return engine.backend.readSync !== undefined;
}
