/**
 * The `matmul` kernel in WGSL: a tiled GEMM with workgroup memory and register blocking.
 *
 * A workgroup of 16×16 threads computes one BM×BN tile of C; each thread holds TM×TN outputs in
 * vec4 registers (rows ty·4 + 64g + r, columns tx·4 + 64h + c, so that the 16 threads of a row read
 * 64 consecutive floats of workgroup memory as vec4s and write 64 consecutive floats of C). K is
 * walked in tiles of BK: each thread loads its share of the next A and B tiles (whole vec4s: four
 * rows, or four columns, at one p) into registers while the current ones are multiplied, then stores
 * them into workgroup memory, k-major for both (As[p][i], Bs[p][j]); consecutive threads follow the
 * operand's contiguous axis in global memory, so transposes cost nothing. Two tilings:
 * 64×64×16 (4×4 per thread) and, when there are enough tiles to fill a large GPU, 128×128×8 (8×8 per
 * thread). Edges are bounds-checked (zeros are loaded past m, n or k; writes past m, n are skipped).
 *
 * Everything that varies between calls (m, n, k, batch shape and strides) is read from `params`:
 * a pipeline is compiled once per key (tiling, transposes, dtype). The batch is the grid's z; a
 * batch larger than 65,535 is run in several dispatches with a batch offset. When B has no batch
 * of its own and A is read as is, the batch is folded into A's rows (one product with batch·m rows).
 *
 * float32 accumulates in f32 (the reference accumulates in double: results agree to rounding);
 * int32 wraps like the reference (wrapping sums are exact in any order); bool is OR of ANDs.
 */
import { broadcastStrides, sizeOf, StateError } from '../../core/index.js';
import type { KernelFunc } from '../../backend/index.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { header, MAX_GROUPS_PER_DIM, Meta, wgslType, type WgslType } from './wgsl.js';

/** A tiling: per-thread rows and columns (multiples of 4) and the K tile; threads are 16×16. */
interface Tiling {
  readonly name: string;
  /** Rows of C per thread. */
  readonly tm: number;
  /** Columns of C per thread. */
  readonly tn: number;
  /** Depth of a K tile. */
  readonly bk: number;
}

/** 64×64 tiles, 4×4 per thread, K tiles of 16. */
export const SMALL_TILING: Tiling = { name: '64x64x16', tm: 4, tn: 4, bk: 16 };
/** 128×128 tiles, 8×8 per thread, K tiles of 8 (the classic SGEMM blocking). */
export const LARGE_TILING: Tiling = { name: '128x128x8', tm: 8, tn: 8, bk: 8 };
/** Large tiles are used when the product has at least this many of them (enough to fill the GPU). */
const LARGE_MIN_TILES = 128;
/** Threads per side of a workgroup. */
const SIDE = 16;
const THREADS = SIDE * SIDE;

/** Scalar element type, zero, and the vec4 multiply-accumulate of one dtype. */
function arithmetic(t: WgslType): { zero: string; mac: (acc: string, a: string, b: string) => string } {
  if (t === 'u32') return { zero: '0u', mac: (acc, a, b) => `${acc} = ${acc} | (vec4<u32>(${a}) & ${b});` };
  if (t === 'i32') return { zero: '0i', mac: (acc, a, b) => `${acc} = ${acc} + ${a} * ${b};` };
  return { zero: '0.0', mac: (acc, a, b) => `${acc} = fma(vec4<f32>(${a}), ${b}, ${acc});` };
}

/**
 * The WGSL of one variant. params: [m, n, k, batchBase, batchRank, batchShape…, aBatchStrides…,
 * bBatchStrides…] (batch strides in elements).
 */
function matmulSource(t: WgslType, tiling: Tiling, transposeA: boolean, transposeB: boolean): string {
  const { tm, tn, bk } = tiling;
  const bm = SIDE * tm;
  const bn = SIDE * tn;
  const gm = tm / 4;
  const gn = tn / 4;
  const sa = bm / 4 + 1; // row stride of As in vec4s (padded against bank conflicts on stores)
  const sb = bn / 4 + 1;
  const loadsA = (bm * bk) / (4 * THREADS); // vec4s of the A tile per thread
  const loadsB = (bn * bk) / (4 * THREADS);
  const { zero, mac } = arithmetic(t);
  const lines: string[] = [];
  const emit = (s: string): void => { lines.push(s); };

  // Each thread loads whole vec4s of the tiles: four consecutive rows i (columns j) at one p, so
  // that workgroup memory is written a vec4 at a time (no stores to single components, which some
  // backends compile into racy read-modify-writes of the whole vector). Consecutive threads follow
  // the operand's contiguous axis in global memory.
  const aCoords = (l: number): string => transposeA
    ? `let e${l} = lid + ${l * THREADS}u; let ai${l} = (e${l} % ${bm / 4}u) * 4u; let ap${l} = e${l} / ${bm / 4}u;`
    : `let e${l} = lid + ${l * THREADS}u; let ai${l} = (e${l} / ${bk}u) * 4u; let ap${l} = e${l} % ${bk}u;`;
  const bCoords = (l: number): string => transposeB
    ? `let f${l} = lid + ${l * THREADS}u; let bp${l} = f${l} % ${bk}u; let bj${l} = (f${l} / ${bk}u) * 4u;`
    : `let f${l} = lid + ${l * THREADS}u; let bj${l} = (f${l} % ${bn / 4}u) * 4u; let bp${l} = f${l} / ${bn / 4}u;`;
  const aIndex = (l: number, r: number): string => transposeA
    ? `aOff + (p0 + ap${l}) * m + row0 + ai${l} + ${r}u`
    : `aOff + (row0 + ai${l} + ${r}u) * k + p0 + ap${l}`;
  const bIndex = (l: number, c: number): string => transposeB
    ? `bOff + (col0 + bj${l} + ${c}u) * k + p0 + bp${l}`
    : `bOff + (p0 + bp${l}) * n + col0 + bj${l} + ${c}u`;

  emit(header([{ name: 'A', type: t }, { name: 'B', type: t }], [{ name: 'C', type: t }]));
  emit(`var<workgroup> As: array<vec4<${t}>, ${bk * sa}>;`);
  emit(`var<workgroup> Bs: array<vec4<${t}>, ${bk * sb}>;`);
  emit(`@compute @workgroup_size(${SIDE}, ${SIDE})`);
  emit('fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) local: vec3u) {');
  emit('  let m = params[0]; let n = params[1]; let k = params[2];');
  emit('  let batch = wg.z + params[3];');
  emit('  let rank = params[4];');
  emit('  var aOff = 0u; var bOff = 0u; var rest = batch;');
  emit('  for (var e = rank; e > 0u; e -= 1u) {');
  emit('    let d = e - 1u; let dim = params[5u + d]; let c = rest % dim; rest = rest / dim;');
  emit('    aOff += c * params[5u + rank + d]; bOff += c * params[5u + 2u * rank + d];');
  emit('  }');
  emit('  let cOff = batch * m * n;');
  emit('  let tx = local.x; let ty = local.y; let lid = ty * 16u + tx;');
  emit(`  let row0 = wg.y * ${bm}u; let col0 = wg.x * ${bn}u;`);
  for (let l = 0; l < loadsA; l++) emit(`  ${aCoords(l)}`);
  for (let l = 0; l < loadsB; l++) emit(`  ${bCoords(l)}`);
  for (let l = 0; l < loadsA; l++) emit(`  var ra${l} = vec4<${t}>(${zero});`);
  for (let l = 0; l < loadsB; l++) emit(`  var rb${l} = vec4<${t}>(${zero});`);
  for (let g = 0; g < gm; g++) {
    for (let r = 0; r < 4; r++) {
      for (let h = 0; h < gn; h++) emit(`  var acc${g}_${r}_${h} = vec4<${t}>(${zero});`);
    }
  }
  // Loads of the K tile starting at p0 into registers (zeros outside A and B).
  const loadBody: string[] = [];
  for (let l = 0; l < loadsA; l++) {
    loadBody.push(`    ra${l} = vec4<${t}>(${zero});`);
    loadBody.push(`    if (p0 + ap${l} < k) {`);
    for (let r = 0; r < 4; r++) loadBody.push(`      if (row0 + ai${l} + ${r}u < m) { ra${l}[${r}] = A[${aIndex(l, r)}]; }`);
    loadBody.push('    }');
  }
  for (let l = 0; l < loadsB; l++) {
    loadBody.push(`    rb${l} = vec4<${t}>(${zero});`);
    loadBody.push(`    if (p0 + bp${l} < k) {`);
    for (let c = 0; c < 4; c++) loadBody.push(`      if (col0 + bj${l} + ${c}u < n) { rb${l}[${c}] = B[${bIndex(l, c)}]; }`);
    loadBody.push('    }');
  }
  emit(`  let tiles = (k + ${bk - 1}u) / ${bk}u;`);
  emit('  {');
  emit('    let p0 = 0u;');
  emit(loadBody.join('\n'));
  emit('  }');
  emit('  for (var tile = 0u; tile < tiles; tile += 1u) {');
  for (let l = 0; l < loadsA; l++) emit(`    As[ap${l} * ${sa}u + ai${l} / 4u] = ra${l};`);
  for (let l = 0; l < loadsB; l++) emit(`    Bs[bp${l} * ${sb}u + bj${l} / 4u] = rb${l};`);
  emit('    workgroupBarrier();');
  emit(`    if (tile + 1u < tiles) {`);
  emit(`      let p0 = (tile + 1u) * ${bk}u;`);
  emit(loadBody.join('\n'));
  emit('    }');
  for (let p = 0; p < bk; p++) {
    for (let g = 0; g < gm; g++) emit(`    let a${p}_${g} = As[${p * sa + 16 * g}u + ty];`);
    for (let h = 0; h < gn; h++) emit(`    let b${p}_${h} = Bs[${p * sb + 16 * h}u + tx];`);
    for (let g = 0; g < gm; g++) {
      for (let r = 0; r < 4; r++) {
        for (let h = 0; h < gn; h++) emit(`    ${mac(`acc${g}_${r}_${h}`, `a${p}_${g}[${r}]`, `b${p}_${h}`)}`);
      }
    }
  }
  emit('    workgroupBarrier();');
  emit('  }');
  for (let g = 0; g < gm; g++) {
    for (let r = 0; r < 4; r++) {
      emit(`  { let row = row0 + ty * 4u + ${64 * g + r}u; if (row < m) {`);
      for (let h = 0; h < gn; h++) {
        for (let c = 0; c < 4; c++) {
          emit(`    { let col = col0 + tx * 4u + ${64 * h + c}u; if (col < n) { C[cOff + row * n + col] = acc${g}_${r}_${h}[${c}]; } }`);
        }
      }
      emit('  } }');
    }
  }
  emit('}');
  return lines.join('\n');
}

/** The tiling for a product of `tiles128` 128×128 tiles (all batches together). */
function chooseTiling(m: number, n: number, batch: number): Tiling {
  const large = Math.ceil(m / 128) * Math.ceil(n / 128) * batch;
  return m >= 128 && n >= 128 && large >= LARGE_MIN_TILES ? LARGE_TILING : SMALL_TILING;
}

/** `matmul`: batched, broadcast, transposes read through the tile loads. */
export const matmulKernel: KernelFunc<'matmul', WebGpuBackend> = (backend, [a, b], attrs, out) => {
  const rank = out.shape.length;
  const ra = a.shape.length;
  const rb = b.shape.length;
  let m = out.shape[rank - 2]!;
  const n = out.shape[rank - 1]!;
  const k = a.shape[attrs.transposeA ? ra - 2 : ra - 1]!;
  const size = sizeOf(out.shape);
  const c = backend.createStorage(out.dtype, size);
  if (size === 0) return c;
  const t = wgslType(out.dtype);

  let batchShape = out.shape.slice(0, -2);
  let batch = sizeOf(batchShape);
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  // Fold the batch into A's rows: B shared by every batch element, A's batch not broadcast.
  if (batch > 1 && !attrs.transposeA && sizeOf(bBatch) === 1 && sizeOf(aBatch) === batch &&
      Math.ceil((batch * m) / 64) <= MAX_GROUPS_PER_DIM) {
    m *= batch;
    batch = 1;
    batchShape = [];
  }
  const aSize = a.shape[ra - 2]! * a.shape[ra - 1]!;
  const bSize = b.shape[rb - 2]! * b.shape[rb - 1]!;
  const aStrides = batchShape.length === 0 ? [] : broadcastStrides(aBatch, batchShape).map((s) => s * aSize);
  const bStrides = batchShape.length === 0 ? [] : broadcastStrides(bBatch, batchShape).map((s) => s * bSize);

  const tiling = chooseTiling(m, n, batch);
  const bm = SIDE * tiling.tm;
  const bn = SIDE * tiling.tn;
  const groupsX = Math.ceil(n / bn);
  const groupsY = Math.ceil(m / bm);
  if (groupsX > MAX_GROUPS_PER_DIM || groupsY > MAX_GROUPS_PER_DIM) {
    throw new StateError('webgpu', `matmul: a ${m}×${n} product needs more than ${MAX_GROUPS_PER_DIM} workgroups along one axis`);
  }
  const { transposeA, transposeB } = attrs;
  const key = `matmul/${t}/${tiling.name}/${transposeA ? 'T' : 'N'}${transposeB ? 'T' : 'N'}`;
  const inputs = [gpuStorage(a.storage).buffer, gpuStorage(b.storage).buffer];
  for (let base = 0; base < batch; base += MAX_GROUPS_PER_DIM) {
    const count = Math.min(MAX_GROUPS_PER_DIM, batch - base);
    backend.run({
      key,
      code: () => matmulSource(t, tiling, transposeA, transposeB),
      inputs,
      outputs: [c.buffer],
      meta: new Meta().u32(m, n, k, base, batchShape.length, ...batchShape, ...aStrides, ...bStrides).toArray(),
      workgroups: [groupsX, groupsY, count],
    });
  }
  return c;
};

/** The WGSL of a matmul variant, for tests and tools. */
export { matmulSource as matmulWgsl };
