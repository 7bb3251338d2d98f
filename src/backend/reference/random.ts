/** The `random` kernel: counter-based draws, identical on every backend. */
import { allocArray, normalAt, sizeOf, uniformAt } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';

/**
 * The reference `random`: element i (row-major) is `uniformAt(seed, i)` for 'uniform' and
 * `normalAt(seed, i)` for 'normal', rounded into `out.dtype`.
 */
export const randomKernel: ReferenceKernel<'random'> = (_inputs, attrs, out) => {
  const size = sizeOf(out.shape);
  const result = allocArray(out.dtype, size);
  const values = result;
  const seed = attrs.seed;
  if (attrs.dist === 'uniform') {
    for (let i = 0; i < size; i++) values[i] = uniformAt(seed, i);
  } else {
    for (let i = 0; i < size; i++) values[i] = normalAt(seed, i);
  }
  return result;
};
