/**
 * Sliding-window kernels on wasm: float32 `im2col`, `col2im`, `maxPoolGather` and `maxPoolScatter`
 * run in the module (wasm/assembly/windows.ts, in the reference kernels' order of additions, so
 * results are identical); other dtypes run the reference kernels.
 */
import { sizeOf } from '../../core/index.js';
import { windowCount, type KernelFunc, type WindowGeometry } from '../../backend/index.js';
import { fallback } from './fallback.js';
import type { WasmBackend } from './wasm-backend.js';

/** The module's geometry arguments after the image pointer: planes, h, w, kh, kw, sh, sw, dh, dw, top, left, outH, outW. */
type GeometryArgs = [number, number, number, number, number, number, number, number, number, number, number, number, number];

/** The geometry arguments for images [N, C, H, W] = `image`. */
function geometryArgs(image: readonly number[], g: WindowGeometry): GeometryArgs {
  const [n, c, h, w] = image as [number, number, number, number];
  return [n * c, h, w, g.kernel[0], g.kernel[1], g.stride[0], g.stride[1], g.dilation[0], g.dilation[1],
    g.pads[0][0], g.pads[1][0], windowCount(h, g, 0), windowCount(w, g, 1)];
}

const referenceIm2col = fallback('im2col');

/** `im2col`: x [N, C, H, W] → columns [N, C·kh·kw, outH·outW]. */
export const im2colKernel: KernelFunc<'im2col', WasmBackend> = (backend, inputs, attrs, out) => {
  if (out.dtype !== 'float32') return referenceIm2col(backend, inputs, attrs, out);
  const [x] = inputs;
  const result = backend.alloc('float32', sizeOf(out.shape));
  if (result.size > 0) {
    backend.kernels.im2colF32(backend.ptr(x.storage), ...geometryArgs(x.shape, attrs), attrs.value, result.offset);
  }
  return result;
};

const referenceCol2im = fallback('col2im');

/** `col2im`: columns [N, C·kh·kw, outH·outW] summed into [N, C, H, W]. */
export const col2imKernel: KernelFunc<'col2im', WasmBackend> = (backend, inputs, attrs, out) => {
  if (out.dtype !== 'float32') return referenceCol2im(backend, inputs, attrs, out);
  const [cols] = inputs;
  const result = backend.alloc('float32', sizeOf(out.shape));
  if (result.size > 0) {
    backend.kernels.col2imF32(backend.ptr(cols.storage), ...geometryArgs(out.shape, attrs), result.offset);
  }
  return result;
};

const referenceMaxPoolGather = fallback('maxPoolGather');

/** `maxPoolGather`: v at each window's first maximum of x ([N, C, outH, outW]). */
export const maxPoolGatherKernel: KernelFunc<'maxPoolGather', WasmBackend> = (backend, inputs, attrs, out) => {
  const [x, v] = inputs;
  if (x.dtype !== 'float32' || v.dtype !== 'float32') return referenceMaxPoolGather(backend, inputs, attrs, out);
  const result = backend.alloc('float32', sizeOf(out.shape));
  if (result.size > 0) {
    backend.kernels.maxPoolGatherF32(backend.ptr(x.storage), backend.ptr(v.storage), ...geometryArgs(x.shape, attrs), result.offset);
  }
  return result;
};

const referenceMaxPoolScatter = fallback('maxPoolScatter');

/** `maxPoolScatter`: u added at each window's first maximum of x, into zeros [N, C, H, W]. */
export const maxPoolScatterKernel: KernelFunc<'maxPoolScatter', WasmBackend> = (backend, inputs, attrs, out) => {
  const [x, u] = inputs;
  if (x.dtype !== 'float32' || u.dtype !== 'float32') return referenceMaxPoolScatter(backend, inputs, attrs, out);
  const result = backend.alloc('float32', sizeOf(out.shape));
  if (result.size > 0) {
    backend.kernels.maxPoolScatterF32(backend.ptr(x.storage), backend.ptr(u.storage), ...geometryArgs(x.shape, attrs), result.offset);
  }
  return result;
};
