/** The `cast` kernel: y = x converted to another dtype. */
import { castArray } from '../../core/index.js';
import type { ReferenceKernel } from './reference-kernel.js';

/**
 * The reference `cast`, with exactly the rules of core `castArray`: floats truncate toward zero
 * into int32 (NaN → 0, out-of-range values wrap), any non-zero value (NaN included) is true.
 * Casting to the same dtype copies.
 */
export const castKernel: ReferenceKernel<'cast'> = ([x], _attrs, out) => {
  return castArray(x.values, out.dtype);
};
