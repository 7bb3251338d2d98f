/**
 * `reduce` (sum, max, min over any set of axes) in WGSL. Axes are merged into runs of kept and
 * reduced axes; a short reduction gets a thread per output, a long one a workgroup per output
 * (threads stride over the reduced elements, then a tree in workgroup memory). With few outputs and
 * many elements (a sum of 1M, a batch axis) the elements are split into chunks reduced by separate
 * workgroups, and the partial results reduced again. Float32 sums are compensated per thread.
 * Shapes and strides travel in `params`, so one pipeline per (op, dtypes, variant) serves every layout.
 */
import { allocArray, normalizeAxis, sizeOf, stridesOf, type DType, type Shape } from '../../core/index.js';
import type { KernelFunc, ReduceOp } from '../../backend/index.js';
import { ELEMENTWISE_MATH, convert } from './elementwise.js';
import { filledStorage } from './fill.js';
import type { WebGpuBackend, WebGpuStorage } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, groupGrid, header, Meta, stridedOffsets, WORKGROUP_SIZE, wgslType, type WgslType } from './wgsl.js';

/** Reductions at most this long get one thread per output; longer ones a workgroup. */
export const THREAD_REDUCE_MAX = 64;
/** Workgroup size for reductions (or chunks) of at most GROUP_SMALL_MAX elements; longer ones get WORKGROUP_SIZE. */
const GROUP_SMALL = 64;
const GROUP_SMALL_MAX = 1024;

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
 * reduced element `r` (`red_offset`). params = [count, n, keptRank, redRank, chunks, chunk,
 * keptShape…, keptStrides…, redShape…, redStrides…].
 */
function reduceFunctions(op: ReduceOp, tIn: WgslType, tAcc: WgslType): string {
  return `${header([{ name: 'X', type: tIn }], [{ name: 'Y', type: tAcc }])}
${ELEMENTWISE_MATH}
fn load(k: u32) -> ${tAcc} { return ${convert('X[k]', tIn, tAcc)}; }
fn comb(a: ${tAcc}, b: ${tAcc}) -> ${tAcc} { return ${combine(op, tAcc)}; }
fn kept_offset(o: u32) -> u32 {
${stridedOffsets('o', '2u', '6u', ['off'], ['(6u + params[2u])'])}
  return off;
}
fn red_offset(r: u32) -> u32 {
${stridedOffsets('r', '3u', '(6u + 2u * params[2u])', ['off'], ['(6u + 2u * params[2u] + params[3u])'])}
  return off;
}`;
}

/**
 * A thread's share of the reduced elements r = first, first + step, … below end, folded into `acc`
 * (float32 sums are compensated, so a thread's thousands of additions lose no more than a few).
 */
function threadFold(op: ReduceOp, tAcc: WgslType, first: string, end: string, step: string): string {
  if (op === 'sum' && tAcc === 'f32') {
    return `  var comp = 0.0;
  for (var r = ${first}; r < ${end}; r += ${step}) {
    let y = load(base + red_offset(r)) - comp;
    let t = acc + y;
    comp = (t - acc) - y;
    acc = t;
  }
  acc = acc - comp;`;
  }
  return `  for (var r = ${first}; r < ${end}; r += ${step}) { acc = comb(acc, load(base + red_offset(r))); }`;
}

/**
 * One workgroup of `size` threads per output (or per chunk of an output's reduced elements, when
 * params[4] = chunks > 1: output o = kept · chunks + chunk index): threads stride over the elements,
 * then a tree in workgroup memory.
 */
function groupShader(op: ReduceOp, tIn: WgslType, tAcc: WgslType, size: number): string {
  return `${reduceFunctions(op, tIn, tAcc)}
var<workgroup> part: array<${tAcc}, ${size}>;
@compute @workgroup_size(${size})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * groups.x;
  let valid = o < params[0];
  let chunks = params[4];
  let start = (o % chunks) * params[5];
  let end = select(0u, min(params[1], start + params[5]), valid);
  let base = select(0u, kept_offset(o / chunks), valid);
  var acc: ${tAcc} = ${initial(op, tAcc)};
${threadFold(op, tAcc, 'start + lid', 'end', `${size}u`)}
  part[lid] = acc;
  workgroupBarrier();
  for (var s = ${size / 2}u; s > 0u; s = s >> 1u) {
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
${threadFold(op, tAcc, '0u', 'params[1]', '1u')}
  Y[i] = acc;`)}`;
}

/** Reductions this long or longer are split into chunks when there are too few outputs to fill the device. */
const SPLIT_MIN = 8192;
/** Elements per chunk of a split reduction (at most). */
const CHUNK = 2048;
/** Workgroups a split reduction aims for. */
const SPLIT_GROUPS = 1024;

/**
 * Record the reduction of `x` (a GPU storage of `tIn`) laid out as `layout` into a new storage of
 * `dtype`: per thread, per workgroup, or in chunks whose partial results are reduced again.
 */
function reduceInto(backend: WebGpuBackend, op: ReduceOp, x: WebGpuStorage, tIn: WgslType, dtype: DType, layout: ReduceLayout): WebGpuStorage {
  const count = sizeOf(layout.keptShape);
  const n = sizeOf(layout.redShape);
  const tAcc = wgslType(dtype);
  const chunks = n >= SPLIT_MIN ? Math.min(Math.ceil(n / CHUNK), Math.max(1, Math.floor(SPLIT_GROUPS / count))) : 1;
  const chunk = Math.ceil(n / chunks);
  const outputs = count * chunks;
  const meta = new Meta().u32(outputs, n, layout.keptShape.length, layout.redShape.length, chunks, chunk,
    ...layout.keptShape, ...layout.keptStrides, ...layout.redShape, ...layout.redStrides).toArray();
  const y = backend.createStorage(dtype, outputs);
  const perThread = n <= THREAD_REDUCE_MAX;
  const size = chunk <= GROUP_SMALL_MAX ? GROUP_SMALL : WORKGROUP_SIZE;
  backend.run({
    key: `reduce/${op}/${tIn}/${tAcc}/${perThread ? 'thread' : `group${size}`}`,
    code: () => (perThread ? threadShader(op, tIn, tAcc) : groupShader(op, tIn, tAcc, size)),
    inputs: [x.buffer],
    outputs: [y.buffer],
    meta,
    workgroups: perThread ? grid1d(outputs) : groupGrid(outputs),
  });
  if (chunks === 1) return y;
  const partials = { keptShape: [count], keptStrides: [chunks], redShape: [chunks], redStrides: [1] };
  const result = reduceInto(backend, op, y, tAcc, dtype, partials);
  backend.release(y);
  return result;
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
  const xs = gpuStorage(x.storage);
  if (n === 1) { // the elements are already in output order (a bool sum's 0/1 words read the same as int32)
    const y = backend.createStorage(out.dtype, count);
    backend.copy(xs, 0, y, 0, count);
    return y;
  }
  return reduceInto(backend, attrs.op, xs, wgslType(x.dtype), out.dtype, reduceLayout(x.shape, reduced));
};
