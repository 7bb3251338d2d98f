/** The `pad` kernel: surround x with a constant on every axis. */
import { castArray, sizeOf, stridesOf } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import { valuesOf, type CpuBackend } from './cpu-backend.js';
import { stridedCopy } from './strided-loop.js';

/**
 * `pad` on the CPU: fill the output with `value` (converted to the dtype like `cast`:
 * truncated for int32, non-zero → true for bool), then copy x into the interior box.
 */
export const padKernel: KernelFunc<'pad', CpuBackend> = (backend, [x], attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const fill = castArray([attrs.value], out.dtype)[0]!;
  if (!Object.is(fill, 0)) result.values.fill(fill);
  const outStrides = stridesOf(out.shape);
  let offset = 0;
  for (let i = 0; i < outStrides.length; i++) offset += attrs.pads[i]![0] * outStrides[i]!;
  stridedCopy(x.shape, valuesOf(x.storage), stridesOf(x.shape), 0, result.values, outStrides, offset);
  return result;
};
