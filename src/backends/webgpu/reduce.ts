/**
 * `reduce` (sum, max, min over any set of axes) in WGSL. Axes are merged into runs of kept and
 * reduced axes; a large reduction gets one workgroup per output (256 threads stride over the
 * reduced elements, then a tree in workgroup memory), a short one a thread per output. Shapes and
 * strides travel in `params`, so one pipeline per (op, dtypes, variant) serves every layout.
 */
import { allocArray, normalizeAxis, sizeOf, stridesOf, type Shape } from '../../core/index.js';
import type { KernelFunc, ReduceOp } from '../../backend/index.js';
import { ELEMENTWISE_MATH, convert } from './elementwise.js';
import { filledStorage, groupGrid } from './fill.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta, stridedOffsets, WORKGROUP_SIZE, wgslType, type WgslType } from './wgsl.js';

/** Reductions at most this long get one thread per output; longer ones a workgroup. */
export const THREAD_REDUCE_MAX = 64;

/** The kept and reduced axes of a reduction after size-1 axes are dropped and neighbours of one kind merged. */
interface ReduceLayout {
  readonly keptShape: number[];
  readonly keptStrides: number[];
  readonly redShape: number[];
  readonly redStrides: number[];
}

/** Split `shape` into merged kept and reduced runs, each with its strides in the row-major input. */
function reduceLayout(shape: Shape, reduced: ReadonlySet<number>): ReduceLayout {
  const dims: number[] = [];
  const kinds: boolean[] = [];
  shape.forEach((size, axis) => {
    if (size === 1) return;
    const isReduced = reduced.has(axis);
    if (dims.length > 0 && kinds[kinds.length - 1] === isReduced) dims[dims.length - 1] = (dims[dims.length - 1] as number) * size;
    else { dims.push(size); kinds.push(isReduced); }
  });
  const strides = stridesOf(dims);
  const layout: ReduceLayout = { keptShape: [], keptStrides: [], redShape: [], redStrides: [] };
  dims.forEach((size, k) => {
    const [s, t] = kinds[k] === true ? [layout.redShape, layout.redStrides] : [layout.keptShape, layout.keptStrides];
    s.push(size);
    t.push(strides[k] as number);
  });
  return layout;
}

/** WGSL of the reduction's neutral element in `t`. */
function initial(op: ReduceOp, t: WgslType): string {
  if (op === 'sum') return `${t}(0)`;
  const isMax = op === 'max';
  if (t === 'f32') return isMax ? '-bitcast<f32>(INF_BITS)' : 'bitcast<f32>(INF_BITS)';
  if (t === 'i32') return isMax ? '(-2147483647 - 1)' : '2147483647';
  return isMax ? '0u' : '1u';
}

/** WGSL of combining accumulators `a` and `b` (NaN wins for f32 max and min). */
function combine(op: ReduceOp, t: WgslType): string {
  if (op === 'sum') return 'a + b';
  if (t === 'f32') return op === 'max' ? 'f_max(a, b)' : 'f_min(a, b)';
  return op === 'max' ? 'max(a, b)' : 'min(a, b)';
}

/**
 * WGSL shared by both variants: `load`, `comb`, and the offsets of output `o` (`kept_offset`) and of
 * reduced element `r` (`red_offset`). params = [count, n, keptRank, redRank, keptShape…,
 * keptStrides…, redShape…, redStrides…].
 */
function reduceFunctions(op: ReduceOp, tIn: WgslType, tAcc: WgslType): string {
  return `${header([{ name: 'X', type: tIn }], [{ name: 'Y', type: tAcc }])}
${ELEMENTWISE_MATH}
fn load(k: u32) -> ${tAcc} { return ${convert('X[k]', tIn, tAcc)}; }
fn comb(a: ${tAcc}, b: ${tAcc}) -> ${tAcc} { return ${combine(op, tAcc)}; }
fn kept_offset(o: u32) -> u32 {
${stridedOffsets('o', '2u', '4u', ['off'], ['(4u + params[2u])'])}
  return off;
}
fn red_offset(r: u32) -> u32 {
${stridedOffsets('r', '3u', '(4u + 2u * params[2u])', ['off'], ['(4u + 2u * params[2u] + params[3u])'])}
  return off;
}`;
}

/** One workgroup per output: threads stride over the reduced elements, then a tree in workgroup memory. */
function groupShader(op: ReduceOp, tIn: WgslType, tAcc: WgslType): string {
  return `${reduceFunctions(op, tIn, tAcc)}
var<workgroup> part: array<${tAcc}, ${WORKGROUP_SIZE}>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * groups.x;
  let valid = o < params[0];
  let n = select(0u, params[1], valid);
  let base = select(0u, kept_offset(o), valid);
  var acc: ${tAcc} = ${initial(op, tAcc)};
  for (var r = lid; r < n; r += ${WORKGROUP_SIZE}u) { acc = comb(acc, load(base + red_offset(r))); }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { part[lid] = comb(part[lid], part[lid + s]); }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { Y[o] = part[0]; }
}`;
}

/** One thread per output, folding the reduced elements in order. */
function threadShader(op: ReduceOp, tIn: WgslType, tAcc: WgslType): string {
  return `${reduceFunctions(op, tIn, tAcc)}
${flatMain('params[0]', `  let base = kept_offset(i);
  var acc: ${tAcc} = ${initial(op, tAcc)};
  for (var r = 0u; r < params[1]; r += 1u) { acc = comb(acc, load(base + red_offset(r))); }
  Y[i] = acc;`)}`;
}

const INITIAL: Record<ReduceOp, number> = { sum: 0, max: -Infinity, min: Infinity };

/**
 * `reduce`: sum (bool counts into int32, int32 wraps), max and min (NaN propagates) over sorted,
 * distinct axes. An empty reduction gives the reference's value: 0 for sums, ∓∞ for float32
 * max/min, 0 for int32 and bool max/min.
 */
export const reduceKernel: KernelFunc<'reduce', WebGpuBackend> = (backend, [x], attrs, out) => {
  const rank = x.shape.length;
  const reduced = new Set(attrs.axes.map((axis) => normalizeAxis(axis, rank, 'reduce')));
  const count = sizeOf(out.shape);
  const n = sizeOf(x.shape.filter((_, axis) => reduced.has(axis)));
  if (count === 0) return backend.createStorage(out.dtype, 0);
  if (n === 0) {
    const empty = allocArray(out.dtype, 1);
    empty[0] = INITIAL[attrs.op];
    return filledStorage(backend, out.dtype, count, empty[0] as number);
  }
  const y = backend.createStorage(out.dtype, count);
  const xs = gpuStorage(x.storage);
  if (n === 1) { // the elements are already in output order (a bool sum's 0/1 words read the same as int32)
    backend.copy(xs, 0, y, 0, count);
    return y;
  }
  const layout = reduceLayout(x.shape, reduced);
  const meta = new Meta().u32(count, n, layout.keptShape.length, layout.redShape.length,
    ...layout.keptShape, ...layout.keptStrides, ...layout.redShape, ...layout.redStrides).toArray();
  const tIn = wgslType(x.dtype);
  const tAcc = wgslType(out.dtype);
  const perThread = n <= THREAD_REDUCE_MAX;
  backend.run({
    key: `reduce/${attrs.op}/${tIn}/${tAcc}/${perThread ? 'thread' : 'group'}`,
    code: () => (perThread ? threadShader(attrs.op, tIn, tAcc) : groupShader(attrs.op, tIn, tAcc)),
    inputs: [xs.buffer],
    outputs: [y.buffer],
    meta,
    workgroups: perThread ? grid1d(count) : groupGrid(count),
  });
  return y;
};
