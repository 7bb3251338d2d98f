/**
 * Helpers the data-movement and reduction kernels share: the 32-bit pattern of a scalar in a
 * dtype's GPU storage, and a constant fill.
 */
import type { DType } from '../../core/index.js';
import type { WebGpuBackend, WebGpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta } from './wgsl.js';

/**
 * The 4-byte word a GPU storage of `dtype` holds for `value` (already representable in the dtype:
 * f32 bits for float32, two's complement for int32, 0 or 1 for bool).
 */
export function scalarBits(dtype: DType, value: number): number {
  if (dtype === 'float32') return new Meta().f32(value).toArray()[0] as number;
  if (dtype === 'int32') return (value | 0) >>> 0;
  return value !== 0 ? 1 : 0;
}

/** A new storage of `size` elements of `dtype`, every one set to `value` (see `scalarBits`). */
export function filledStorage(backend: WebGpuBackend, dtype: DType, size: number, value: number): WebGpuStorage {
  const y = backend.createStorage(dtype, size);
  backend.run({
    key: 'fill',
    code: () => `${header([], [{ name: 'Y', type: 'u32' }])}
${flatMain('params[0]', '  Y[i] = params[1];')}`,
    inputs: [],
    outputs: [y.buffer],
    meta: new Meta().u32(size, scalarBits(dtype, value)).toArray(),
    workgroups: grid1d(size),
  });
  return y;
}
