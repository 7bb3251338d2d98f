/**
 * `matmul` on wasm: float32 products run the module's packed, cache-blocked GEMM (transposes
 * are read through strides while packing, never materialised); other dtypes use the reference.
 */
import { broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import { reference, type KernelFunc } from '../../backend/index.js';
import { fallback } from './fallback.js';
import type { WasmBackend } from './wasm-backend.js';

const referenceMatmul = fallback('matmul');

/**
 * Batch axes broadcast like the reference. When B has no batch axes of its own and A is read
 * as is, the whole batch is one GEMM with m·batch rows (a linear layer on [batch, seq, features]).
 */
export const matmulKernel: KernelFunc<'matmul', WasmBackend> = (backend, inputs, attrs, out) => {
  if (out.dtype !== 'float32') return referenceMatmul(backend, inputs, attrs, out);
  const [a, b] = inputs;
  const rank = out.shape.length;
  const m = out.shape[rank - 2]!;
  const n = out.shape[rank - 1]!;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const k = a.shape[attrs.transposeA ? ra - 2 : ra - 1]!;
  const result = backend.alloc('float32', sizeOf(out.shape));
  if (result.size === 0) return result;
  const work = backend.scratch(backend.kernels.gemmWorkBytes());
  const aRow = attrs.transposeA ? 1 : k;
  const aCol = attrs.transposeA ? m : 1;
  const bRow = attrs.transposeB ? 1 : n;
  const bCol = attrs.transposeB ? k : 1;
  const ap = backend.ptr(a.storage);
  const bp = backend.ptr(b.storage);
  const cp = result.offset;
  const gemm = backend.kernels.gemmF32;
  const batch = result.size / (m * n);
  const aSize = a.shape[ra - 2]! * a.shape[ra - 1]!;
  const bSize = b.shape[rb - 2]! * b.shape[rb - 1]!;
  if (batch === 1 || (!attrs.transposeA && sizeOf(b.shape) === bSize && sizeOf(a.shape) === batch * aSize)) {
    gemm(m * batch, n, k, ap, aRow, aCol, bp, bRow, bCol, cp, work);
    return result;
  }
  const batchShape = out.shape.slice(0, -2);
  const strides = [
    broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * aSize),
    broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * bSize),
    stridesOf(batchShape).map((s) => s * m * n),
  ];
  reference.forEachRow(batchShape, strides, [0, 0, 0], (offsets, count, s) => {
    for (let t = 0; t < count; t++) {
      gemm(m, n, k, ap + 4 * (offsets[0]! + t * s[0]!), aRow, aCol, bp + 4 * (offsets[1]! + t * s[1]!), bRow, bCol,
        cp + 4 * (offsets[2]! + t * s[2]!), work);
    }
  });
  return result;
};
