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
import { TaskKind } from './parallel-tasks.js';
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
  const calls: BinaryCall[] = [];
  forEachBlock(out.shape, strides, 2, (o, dims, s) => {
    calls.push([code, ap + 4 * o[0]!, s[0]![0]!, s[0]![1]!, bp + 4 * o[1]!, s[1]![0]!, s[1]![1]!, op + ow * o[2]!, dims[0]!, dims[1]!]);
  });
  if (backend.threads === 1 || result.size < PARALLEL_MIN_ELEMENTS) {
    for (const call of calls) kernel(...call);
  } else {
    const tasks = calls.flatMap((call) => splitBinary(call, backend.threads, ow));
    const kind = f32 ? TaskKind.binaryF32 : TaskKind.binaryI32;
    backend.parallel(tasks.length, (table, at, index) => {
      table[at] = kind;
      table.set(tasks[index]!, at + 1);
    });
  }
  return result;
};

/** Element-wise kernels over at least this many elements are split across threads. */
export const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Pieces of a contiguous run are multiples of a cache line of float32s. */
const RUN_UNIT = 16;

/** A `binaryF32`/`binaryI32` call: op, a, as0, as1, b, bs0, bs1, o, n0, n1 (o is contiguous, rows of n1). */
type BinaryCall = [op: number, a: number, as0: number, as1: number, b: number, bs0: number, bs1: number, o: number, n0: number, n1: number];

/** [start, length] pieces of `n` for `parts` threads, in multiples of `unit` but the last. */
function pieces(n: number, parts: number, unit: number): [number, number][] {
  const size = Math.ceil(Math.ceil(n / parts) / unit) * unit;
  const out: [number, number][] = [];
  for (let start = 0; start < n; start += size) out.push([start, Math.min(size, n - start)]);
  return out;
}

/** Cut a binary call into about `parts` pieces: by rows, or a single row by columns; `ow` = output bytes per element. */
function splitBinary(call: BinaryCall, parts: number, ow: number): BinaryCall[] {
  const [op, a, as0, as1, b, bs0, bs1, o, n0, n1] = call;
  if (n0 > 1) {
    return pieces(n0, parts, 1).map(([i, rows]) => [op, a + 4 * i * as0, as0, as1, b + 4 * i * bs0, bs0, bs1, o + ow * i * n1, rows, n1]);
  }
  return pieces(n1, parts, RUN_UNIT).map(([j, cols]) => [op, a + 4 * j * as1, as0, as1, b + 4 * j * bs1, bs0, bs1, o + ow * j, 1, cols]);
}

/** `unary`: float32 → float32 functions in the module, the rest through the reference. */
export const unaryKernel: KernelFunc<'unary', WasmBackend> = (backend, inputs, attrs, out) => {
  const [x] = inputs;
  const code = UNARY_CODES[attrs.op];
  if (code === undefined || x.dtype !== 'float32' || out.dtype !== 'float32') return referenceUnary(backend, inputs, attrs, out);
  const result = backend.alloc('float32', x.storage.size);
  const xp = backend.ptr(x.storage);
  if (backend.threads === 1 || result.size < PARALLEL_MIN_ELEMENTS) {
    backend.kernels.unaryF32(code, xp, result.offset, result.size);
    return result;
  }
  const tasks = pieces(result.size, backend.threads, RUN_UNIT);
  backend.parallel(tasks.length, (table, at, index) => {
    const [start, count] = tasks[index]!;
    table[at] = TaskKind.unaryF32;
    table.set([code, xp + 4 * start, result.offset + 4 * start, count], at + 1);
  });
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
