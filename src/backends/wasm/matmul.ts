/**
 * `matmul` on wasm: float32 products run the module's packed, cache-blocked GEMM (transposes
 * are read through strides while packing, never materialised); other dtypes use the reference.
 * With worker threads, a large product is cut into blocks of C columns (or rows) and a batch
 * into its matrices, and the threads share them.
 */
import { broadcastStrides, sizeOf, stridesOf } from '../../core/index.js';
import { reference, type KernelFunc } from '../../backend/index.js';
import { fallback } from './fallback.js';
import { TaskKind } from './parallel-tasks.js';
import type { WasmBackend } from './wasm-backend.js';

const referenceMatmul = fallback('matmul');

/** Products below this many multiply-adds run on one thread: waking workers would cost more. */
export const PARALLEL_MIN_MACS = 1 << 18;
/** Column blocks are multiples of the micro-kernel's width, row blocks of its height. */
const NR = 8;
const MR = 4;

/**
 * One GEMM call: C (m×n, row stride ldc) = A·B, A(i,p) at a + 4(i·aRow + p·aCol), B(p,j) at
 * b + 4(p·bRow + j·bCol); the order of `gemmF32`'s arguments before `work`.
 */
type Gemm = [m: number, n: number, k: number, a: number, aRow: number, aCol: number,
  b: number, bRow: number, bCol: number, c: number, ldc: number];

/** Cut one GEMM into at most `parts` blocks: of C's columns when n ≥ m, else of its rows. */
function splitGemm(g: Gemm, parts: number, into: Gemm[]): void {
  const [m, n, k, a, aRow, aCol, b, bRow, bCol, c, ldc] = g;
  if (n >= m) {
    const width = Math.ceil(Math.ceil(n / parts) / NR) * NR;
    for (let j = 0; j < n; j += width) into.push([m, Math.min(width, n - j), k, a, aRow, aCol, b + 4 * j * bCol, bRow, bCol, c + 4 * j, ldc]);
  } else {
    const height = Math.ceil(Math.ceil(m / parts) / MR) * MR;
    for (let i = 0; i < m; i += height) into.push([Math.min(height, m - i), n, k, a + 4 * i * aRow, aRow, aCol, b, bRow, bCol, c + 4 * i * ldc, ldc]);
  }
}

/**
 * Run the GEMMs: on the calling thread when the backend has one or the work is small; else as
 * tasks, one per matrix when there are enough matrices to go round, otherwise blocks of each.
 */
function runGemms(backend: WasmBackend, gemms: Gemm[]): void {
  const threads = backend.threads;
  const macs = gemms.reduce((total, [m, n, k]) => total + m * n * k, 0);
  if (threads === 1 || macs < PARALLEL_MIN_MACS) {
    const work = backend.scratch(backend.kernels.gemmWorkBytes());
    for (const g of gemms) backend.kernels.gemmF32(...g, work);
    return;
  }
  let tasks = gemms;
  if (gemms.length < 2 * threads && gemms.length % threads !== 0) {
    tasks = [];
    for (const g of gemms) splitGemm(g, threads, tasks);
  }
  backend.parallel(tasks.length, (table, at, index) => {
    table[at] = TaskKind.gemm;
    table.set(tasks[index]!, at + 1);
  });
}

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
  backend.scratch(backend.kernels.gemmWorkBytes()); // allocate before taking pointers
  const aRow = attrs.transposeA ? 1 : k;
  const aCol = attrs.transposeA ? m : 1;
  const bRow = attrs.transposeB ? 1 : n;
  const bCol = attrs.transposeB ? k : 1;
  const ap = backend.ptr(a.storage);
  const bp = backend.ptr(b.storage);
  const cp = result.offset;
  const batch = result.size / (m * n);
  const aSize = a.shape[ra - 2]! * a.shape[ra - 1]!;
  const bSize = b.shape[rb - 2]! * b.shape[rb - 1]!;
  if (batch === 1 || (!attrs.transposeA && sizeOf(b.shape) === bSize && sizeOf(a.shape) === batch * aSize)) {
    runGemms(backend, [[m * batch, n, k, ap, aRow, aCol, bp, bRow, bCol, cp, n]]);
    return result;
  }
  const batchShape = out.shape.slice(0, -2);
  const strides = [
    broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * aSize),
    broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * bSize),
    stridesOf(batchShape).map((s) => s * m * n),
  ];
  const gemms: Gemm[] = [];
  reference.forEachRow(batchShape, strides, [0, 0, 0], (offsets, count, s) => {
    for (let t = 0; t < count; t++) {
      gemms.push([m, n, k, ap + 4 * (offsets[0]! + t * s[0]!), aRow, aCol, bp + 4 * (offsets[1]! + t * s[1]!), bRow, bCol,
        cp + 4 * (offsets[2]! + t * s[2]!), n]);
    }
  });
  runGemms(backend, gemms);
  return result;
};
