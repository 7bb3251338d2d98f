/** The `cast` kernel: y = x converted to another dtype. */
import { castArray } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import { valuesOf, type CpuBackend } from './cpu-backend.js';

/**
 * `cast` on the CPU, with exactly the rules of core `castArray`: floats truncate toward zero
 * into int32 (NaN → 0, out-of-range values wrap), any non-zero value (NaN included) is true.
 * Casting to the same dtype copies.
 */
export const castKernel: KernelFunc<'cast', CpuBackend> = (backend, [x], _attrs, out) => {
  return backend.adopt(castArray(valuesOf(x.storage), out.dtype));
};
