/**
 * Data movement on wasm, for every dtype (copied by element width): `cast`, `expand`, `permute`,
 * `slice`, `pad`, `concat`, `gather`, and float32 `scatterAdd`. Strided copies go to the module
 * four merged axes at a time; contiguous runs become memory.copy.
 */
import { broadcastStrides, castArray, normalizeAxis, sizeOf, stridesOf, type DType, type Shape } from '../../core/index.js';
import { reference, type KernelFunc } from '../../backend/index.js';
import { forEachBlock } from './blocks.js';
import { fallback } from './fallback.js';
import { BYTES_PER_ELEMENT, type WasmBackend } from './wasm-backend.js';

const DTYPE_CODES: Readonly<Record<DType, number>> = { float32: 0, float64: 1, int32: 2, bool: 3 };

/** Copy the elements of `shape` from `src` (element strides) to `dst` (element strides); offsets are bytes. */
function stridedCopy(
  backend: WasmBackend, width: number, shape: Shape,
  src: number, srcStrides: readonly number[], dst: number, dstStrides: readonly number[],
): void {
  const copy = backend.kernels.copyW;
  forEachBlock(shape, [srcStrides, dstStrides], 4, (o, d, s) => {
    const ss = s[0]!;
    const ds = s[1]!;
    copy(width, src + width * o[0]!, dst + width * o[1]!, d[0]!, d[1]!, d[2]!, d[3]!,
      ss[0]!, ss[1]!, ss[2]!, ss[3]!, ds[0]!, ds[1]!, ds[2]!, ds[3]!);
  });
}

/** `cast`: every pair of dtypes, with the rules of core `castArray`. */
export const castKernel: KernelFunc<'cast', WasmBackend> = (backend, [x], _attrs, out) => {
  const result = backend.alloc(out.dtype, x.storage.size);
  backend.kernels.castAny(DTYPE_CODES[x.dtype], DTYPE_CODES[out.dtype], backend.ptr(x.storage), result.offset, result.size);
  return result;
};

/** `expand`: x read through stride-0 broadcast axes. */
export const expandKernel: KernelFunc<'expand', WasmBackend> = (backend, [x], _attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  stridedCopy(backend, BYTES_PER_ELEMENT[out.dtype], out.shape, backend.ptr(x.storage), broadcastStrides(x.shape, out.shape),
    result.offset, stridesOf(out.shape));
  return result;
};

/** `permute`: the output in order, x read through permuted strides. */
export const permuteKernel: KernelFunc<'permute', WasmBackend> = (backend, [x], attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const xStrides = stridesOf(x.shape);
  stridedCopy(backend, BYTES_PER_ELEMENT[out.dtype], out.shape, backend.ptr(x.storage), attrs.perm.map((p) => xStrides[p]!),
    result.offset, stridesOf(out.shape));
  return result;
};

/** `slice`: the box at `begin`, read with x's strides. */
export const sliceKernel: KernelFunc<'slice', WasmBackend> = (backend, [x], attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const w = BYTES_PER_ELEMENT[out.dtype];
  const xStrides = stridesOf(x.shape);
  let offset = 0;
  for (let i = 0; i < xStrides.length; i++) offset += attrs.begin[i]! * xStrides[i]!;
  stridedCopy(backend, w, out.shape, backend.ptr(x.storage) + w * offset, xStrides, result.offset, stridesOf(out.shape));
  return result;
};

/** `pad`: fill with the value (converted like `cast`), then copy x into the interior. */
export const padKernel: KernelFunc<'pad', WasmBackend> = (backend, [x], attrs, out) => {
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  backend.view(result).fill(castArray([attrs.value], out.dtype)[0]!);
  const w = BYTES_PER_ELEMENT[out.dtype];
  const outStrides = stridesOf(out.shape);
  let offset = 0;
  for (let i = 0; i < outStrides.length; i++) offset += attrs.pads[i]![0] * outStrides[i]!;
  stridedCopy(backend, w, x.shape, backend.ptr(x.storage), stridesOf(x.shape), result.offset + w * offset, outStrides);
  return result;
};

const referenceConcat = fallback('concat');

/** `concat`: each input is a [outer, len] block copied into its columns of the output. */
export const concatKernel: KernelFunc<'concat', WasmBackend> = (backend, inputs, attrs, out) => {
  if (out.shape.length === 0) return referenceConcat(backend, inputs, attrs, out); // raises the reference's error
  const axis = normalizeAxis(attrs.axis, out.shape.length, 'concat');
  const { outer, dim: total, inner } = reference.axisView(out.shape, axis);
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const w = BYTES_PER_ELEMENT[out.dtype];
  let start = 0;
  for (const input of inputs) {
    const len = (input.shape[axis] ?? 0) * inner;
    stridedCopy(backend, w, [outer, len], backend.ptr(input.storage), [len, 1], result.offset + w * start, [total * inner, 1]);
    start += len;
  }
  return result;
};

/** `gather`: indices checked on the host, rows copied in the module. */
export const gatherKernel: KernelFunc<'gather', WasmBackend> = (backend, [x, indices], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, x.shape.length, 'gather');
  const { outer, dim, inner } = reference.axisView(x.shape, axis);
  reference.checkIndexRange(backend.view(indices.storage), dim, axis, 'gather');
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  if (result.size === 0) return result;
  backend.kernels.gatherW(BYTES_PER_ELEMENT[out.dtype], backend.ptr(x.storage), outer, dim, inner,
    backend.ptr(indices.storage), indices.storage.size, result.offset);
  return result;
};

const referenceScatterAdd = fallback('scatterAdd');

/** `scatterAdd`: float32 in the module (same order of additions as the reference), else the reference. */
export const scatterAddKernel: KernelFunc<'scatterAdd', WasmBackend> = (backend, inputs, attrs, out) => {
  const [base, indices, updates] = inputs;
  if (out.dtype !== 'float32') return referenceScatterAdd(backend, inputs, attrs, out);
  const axis = normalizeAxis(attrs.axis, base.shape.length, 'scatterAdd');
  const { outer, dim, inner } = reference.axisView(base.shape, axis);
  reference.checkIndexRange(backend.view(indices.storage), dim, axis, 'scatterAdd');
  const result = backend.alloc('float32', base.storage.size);
  const k = backend.kernels;
  k.castAny(0, 0, backend.ptr(base.storage), result.offset, result.size);
  k.scatterAddF32(result.offset, outer, dim, inner, backend.ptr(indices.storage), indices.storage.size, backend.ptr(updates.storage));
  return result;
};
