/**
 * Data movement in WGSL: `permute`, `expand`, `slice` (one strided copy), `pad` and `concat`. The
 * elements are copied as 4-byte words whatever the dtype, so one pipeline serves float32, int32
 * and bool; shapes and strides travel in `params`. Contiguous runs become buffer copies.
 */
import { broadcastStrides, castArray, normalizeAxis, ShapeError, sizeOf, stridesOf, type DType, type Shape } from '../../core/index.js';
import { reference, type KernelFunc } from '../../backend/index.js';
import { scalarBits } from './fill.js';
import type { WebGpuBackend, WebGpuStorage } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta, stridedOffsets } from './wgsl.js';

const WORDS = [{ name: 'X', type: 'u32' as const }];
const OUT_WORDS = [{ name: 'Y', type: 'u32' as const }];

/**
 * A new storage of `shape` whose element at row-major index i is x's element at `offset` plus the
 * coordinates of i times `strides` (any strides: permuted, stride-0 broadcast, a sliced box).
 */
function stridedRead(backend: WebGpuBackend, x: WebGpuStorage, dtype: DType, shape: Shape, strides: readonly number[], offset: number): WebGpuStorage {
  const count = sizeOf(shape);
  const y = backend.createStorage(dtype, count);
  const loop = reference.collapseDims(shape, [strides]);
  if (loop === undefined || count === 0) return y;
  const dims = loop.dims;
  const from = loop.strides[0] as number[];
  if (dims.length === 0 || (dims.length === 1 && from[0] === 1)) {
    backend.copy(x, offset, y, 0, count);
    return y;
  }
  backend.run({
    key: 'strided-read',
    // params = [count, rank, offset, shape…, strides…]
    code: () => `${header(WORDS, OUT_WORDS)}
${flatMain('params[0]', `${stridedOffsets('i', '1u', '3u', ['src'], ['(3u + params[1u])'])}
  Y[i] = X[params[2u] + src];`)}`,
    inputs: [x.buffer],
    outputs: [y.buffer],
    meta: new Meta().u32(count, dims.length, offset, ...dims, ...from).toArray(),
    workgroups: grid1d(count),
  });
  return y;
}

/** `permute`: y.shape[i] = x.shape[perm[i]], x read through permuted strides. */
export const permuteKernel: KernelFunc<'permute', WebGpuBackend> = (backend, [x], attrs, out) => {
  const xStrides = stridesOf(x.shape);
  return stridedRead(backend, gpuStorage(x.storage), out.dtype, out.shape, attrs.perm.map((p) => xStrides[p] as number), 0);
};

/** `expand`: x materialised at a broadcast shape (stride 0 along broadcast axes). */
export const expandKernel: KernelFunc<'expand', WebGpuBackend> = (backend, [x], _attrs, out) => {
  return stridedRead(backend, gpuStorage(x.storage), out.dtype, out.shape, broadcastStrides(x.shape, out.shape), 0);
};

/** `slice`: the box of `out.shape` at `begin`, read with x's strides. */
export const sliceKernel: KernelFunc<'slice', WebGpuBackend> = (backend, [x], attrs, out) => {
  const xStrides = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < xStrides.length; i++) offset += (attrs.begin[i] as number) * (xStrides[i] as number);
  return stridedRead(backend, gpuStorage(x.storage), out.dtype, out.shape, xStrides, offset);
};

/**
 * `pad`: one thread per output element, reading x inside the interior box and `value` (converted
 * like `cast`: truncated for int32, non-zero → true for bool) outside it.
 */
export const padKernel: KernelFunc<'pad', WebGpuBackend> = (backend, [x], attrs, out) => {
  const count = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, count);
  if (count === 0) return y;
  const rank = out.shape.length;
  const fill = scalarBits(out.dtype, castArray([attrs.value], out.dtype)[0] as number);
  const before = attrs.pads.map((p) => p[0]);
  const meta = new Meta().u32(count, rank, fill, ...out.shape).i32(...before).u32(...x.shape, ...stridesOf(x.shape));
  backend.run({
    key: 'pad',
    // params = [count, rank, fill, outShape…, before…, xShape…, xStrides…]
    code: () => `${header(WORDS, OUT_WORDS)}
${flatMain('params[0]', `  let rank = params[1u];
  var rest = i;
  var src = 0u;
  var inside = true;
  for (var e = rank; e > 0u; e -= 1u) {
    let d = e - 1u;
    let dim = params[3u + d];
    let c = i32(rest % dim);
    rest = rest / dim;
    let xc = c - bitcast<i32>(params[3u + rank + d]);
    if (xc < 0 || xc >= i32(params[3u + 2u * rank + d])) { inside = false; }
    src += u32(xc) * params[3u + 3u * rank + d];
  }
  if (inside) { Y[i] = X[src]; } else { Y[i] = params[2u]; }`)}`,
    inputs: [gpuStorage(x.storage).buffer],
    outputs: [y.buffer],
    meta: meta.toArray(),
    workgroups: grid1d(count),
  });
  return y;
};

/**
 * `concat`: viewing the output as [outer, total·inner], each input is an [outer, len] block written
 * into its columns: a buffer copy when outer is 1, else one dispatch per non-empty input.
 * @throws ShapeError for scalars, which have no axis to join along.
 */
export const concatKernel: KernelFunc<'concat', WebGpuBackend> = (backend, inputs, attrs, out) => {
  const rank = out.shape.length;
  if (rank === 0) throw new ShapeError('concat', 'cannot concatenate scalars (shape []): they have no axis');
  const axis = normalizeAxis(attrs.axis, rank, 'concat');
  const { outer, dim: total, inner } = reference.axisView(out.shape, axis);
  const y = backend.createStorage(out.dtype, sizeOf(out.shape));
  const outRow = total * inner;
  let start = 0;
  for (const input of inputs) {
    const len = (input.shape[axis] ?? 0) * inner;
    const count = outer * len;
    if (count > 0) {
      const x = gpuStorage(input.storage);
      if (outer === 1) backend.copy(x, 0, y, start, len);
      else {
        backend.run({
          key: 'concat-block',
          // params = [count, len, outRow, start]
          code: () => `${header(WORDS, OUT_WORDS)}
${flatMain('params[0]', '  Y[(i / params[1u]) * params[2u] + params[3u] + i % params[1u]] = X[i];')}`,
          inputs: [x.buffer],
          outputs: [y.buffer],
          meta: new Meta().u32(count, len, outRow, start).toArray(),
          workgroups: grid1d(count),
        });
      }
    }
    start += len;
  }
  return y;
};
