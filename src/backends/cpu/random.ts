/** The `random` kernel: counter-based draws, identical on every backend. */
import { normalAt, sizeOf, uniformAt } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import type { CpuBackend } from './cpu-backend.js';

/**
 * `random` on the CPU: element i (row-major) is `uniformAt(seed, i)` for 'uniform' and
 * `normalAt(seed, i)` for 'normal', rounded into `out.dtype`.
 */
export const randomKernel: KernelFunc<'random', CpuBackend> = (backend, _inputs, attrs, out) => {
  const size = sizeOf(out.shape);
  const result = backend.alloc(out.dtype, size);
  const values = result.values;
  const seed = attrs.seed;
  if (attrs.dist === 'uniform') {
    for (let i = 0; i < size; i++) values[i] = uniformAt(seed, i);
  } else {
    for (let i = 0; i < size; i++) values[i] = normalAt(seed, i);
  }
  return result;
};
