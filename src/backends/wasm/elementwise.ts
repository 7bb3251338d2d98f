/**
 * `binary`, `unary` and `where` on wasm. float32 arithmetic (add, sub, mul, div, maximum,
 * minimum), the same int32 arithmetic except div, and comparisons of either run in the module
 * over any broadcast, two merged axes per call; float32 unary functions run there too. Other
 * ops and dtypes use the reference kernels.
 */
import { broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import type { BinaryOp, KernelFunc, UnaryOp } from '../../backend/index.js';
import { forEachBlock } from './blocks.js';
import { fallback } from './fallback.js';
import { BYTES_PER_ELEMENT, type WasmBackend } from './wasm-backend.js';

/** The module's codes for binary ops (wasm/assembly/elementwise.ts). */
const BINARY_CODES: Partial<Record<BinaryOp, number>> = {
  add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, eq: 6, ne: 7, lt: 8, le: 9, gt: 10, ge: 11,
};

/** The module's codes for unary ops. */
const UNARY_CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0, abs: 1, sqrt: 2, reciprocal: 3, floor: 4, ceil: 5, round: 6, sign: 7, exp: 8, expm1: 9, log: 10,
  log1p: 11, rsqrt: 12, sin: 13, cos: 14, tanh: 15, sigmoid: 16,
};

const referenceBinary = fallback('binary');
const referenceUnary = fallback('unary');
const referenceWhere = fallback('where');

/** `binary`: float32 operands in the module, the rest through the reference. */
export const binaryKernel: KernelFunc<'binary', WasmBackend> = (backend, inputs, attrs, out) => {
  const [a, b] = inputs;
  const code = BINARY_CODES[attrs.op];
  const f32 = a.dtype === 'float32' && b.dtype === 'float32';
  const i32 = a.dtype === 'int32' && b.dtype === 'int32' && attrs.op !== 'div';
  if (code === undefined || !(f32 || i32)) return referenceBinary(backend, inputs, attrs, out);
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const ap = backend.ptr(a.storage);
  const bp = backend.ptr(b.storage);
  const op = result.offset;
  const ow = BYTES_PER_ELEMENT[out.dtype];
  const kernel = f32 ? backend.kernels.binaryF32 : backend.kernels.binaryI32;
  const strides = [broadcastStrides(a.shape, out.shape), broadcastStrides(b.shape, out.shape), stridesOf(out.shape)];
  forEachBlock(out.shape, strides, 2, (o, dims, s) => {
    kernel(code, ap + 4 * o[0]!, s[0]![0]!, s[0]![1]!, bp + 4 * o[1]!, s[1]![0]!, s[1]![1]!, op + ow * o[2]!, dims[0]!, dims[1]!);
  });
  return result;
};

/** `unary`: float32 → float32 functions in the module, the rest through the reference. */
export const unaryKernel: KernelFunc<'unary', WasmBackend> = (backend, inputs, attrs, out) => {
  const [x] = inputs;
  const code = UNARY_CODES[attrs.op];
  if (code === undefined || x.dtype !== 'float32' || out.dtype !== 'float32') return referenceUnary(backend, inputs, attrs, out);
  const result = backend.alloc('float32', x.storage.size);
  backend.kernels.unaryF32(code, backend.ptr(x.storage), result.offset, result.size);
  return result;
};

/** `where`: a bit-for-bit selection in the module when a, b and the output share a dtype. */
export const whereKernel: KernelFunc<'where', WasmBackend> = (backend, inputs, attrs, out) => {
  const [cond, a, b] = inputs;
  if (a.dtype !== out.dtype || b.dtype !== out.dtype) return referenceWhere(backend, inputs, attrs, out);
  const result = backend.alloc(out.dtype, sizeOf(out.shape));
  const w = BYTES_PER_ELEMENT[out.dtype];
  const cp = backend.ptr(cond.storage);
  const ap = backend.ptr(a.storage);
  const bp = backend.ptr(b.storage);
  const op = result.offset;
  const kernel = backend.kernels.whereW;
  const strides = [
    broadcastStrides(cond.shape, out.shape), broadcastStrides(a.shape, out.shape),
    broadcastStrides(b.shape, out.shape), stridesOf(out.shape),
  ];
  forEachBlock(out.shape, strides, 2, (o, dims, s) => {
    kernel(w, cp + o[0]!, s[0]![0]!, s[0]![1]!, ap + w * o[1]!, s[1]![0]!, s[1]![1]!, bp + w * o[2]!, s[2]![0]!, s[2]![1]!,
      op + w * o[3]!, dims[0]!, dims[1]!);
  });
  return result;
};
