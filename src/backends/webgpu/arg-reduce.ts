/**
 * `argReduce` (argmax, argmin along one axis) in WGSL. x is viewed as [outer, dim, inner]; a long
 * axis gets one workgroup per output (a tree over (value, index) pairs in workgroup memory), a short
 * one a thread per output. The pair order is total (NaN first, then the better value, then the
 * smaller index), so the tree finds the reference's answer: the first NaN, else the first extreme.
 */
import { normalizeAxis, sizeOf } from '../../core/index.js';
import { reference, type ArgReduceOp, type KernelFunc } from '../../backend/index.js';
import { ELEMENTWISE_MATH } from './elementwise.js';
import { filledStorage } from './fill.js';
import { THREAD_REDUCE_MAX } from './reduce.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, groupGrid, header, Meta, WORKGROUP_SIZE, wgslType, type WgslType } from './wgsl.js';

/**
 * WGSL shared by both variants: `better(av, ai, bv, bi)` (is candidate b preferred to a; index
 * 0xffffffff marks "no candidate yet") and `at(o, d)` (element d of output o's axis).
 * params = [count, dim, inner].
 */
function argFunctions(op: ArgReduceOp, t: WgslType): string {
  const cmp = op === 'argmax' ? '>' : '<';
  const nan = t === 'f32'
    ? `  let na = is_nan(av);
  let nb = is_nan(bv);
  if (na || nb) { return nb && (!na || bi < ai); }\n`
    : '';
  return `${header([{ name: 'X', type: t }], [{ name: 'Y', type: 'i32' }])}
${ELEMENTWISE_MATH}
const NONE: u32 = 0xffffffffu;
fn better(av: ${t}, ai: u32, bv: ${t}, bi: u32) -> bool {
  if (bi == NONE) { return false; }
  if (ai == NONE) { return true; }
${nan}  if (bv ${cmp} av) { return true; }
  return bv == av && bi < ai;
}
fn at(o: u32, d: u32) -> ${t} {
  let inner = params[2];
  return X[(o / inner) * params[1] * inner + d * inner + o % inner];
}`;
}

/** One workgroup per output: a tree over (value, index) pairs. */
function groupShader(op: ArgReduceOp, t: WgslType): string {
  return `${argFunctions(op, t)}
var<workgroup> vals: array<${t}, ${WORKGROUP_SIZE}>;
var<workgroup> idxs: array<u32, ${WORKGROUP_SIZE}>;
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let o = wid.x + wid.y * groups.x;
  let valid = o < params[0];
  let dim = select(0u, params[1], valid);
  var bv: ${t} = ${t}(0);
  var bi = NONE;
  for (var d = lid; d < dim; d += ${WORKGROUP_SIZE}u) {
    let v = at(o, d);
    if (better(bv, bi, v, d)) { bv = v; bi = d; }
  }
  vals[lid] = bv;
  idxs[lid] = bi;
  workgroupBarrier();
  for (var s = ${WORKGROUP_SIZE / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s && better(vals[lid], idxs[lid], vals[lid + s], idxs[lid + s])) {
      vals[lid] = vals[lid + s];
      idxs[lid] = idxs[lid + s];
    }
    workgroupBarrier();
  }
  if (valid && lid == 0u) { Y[o] = i32(idxs[0]); }
}`;
}

/** One thread per output, scanning the axis in order. */
function threadShader(op: ArgReduceOp, t: WgslType): string {
  return `${argFunctions(op, t)}
${flatMain('params[0]', `  var bv: ${t} = ${t}(0);
  var bi = NONE;
  for (var d = 0u; d < params[1]; d += 1u) {
    let v = at(i, d);
    if (better(bv, bi, v, d)) { bv = v; bi = d; }
  }
  Y[i] = i32(bi);`)}`;
}

/**
 * `argReduce`: the int32 index of the first maximum (argmax) or minimum (argmin) along `axis`; the
 * first NaN wins over everything, like `torch.argmax`. An empty axis gives index 0.
 */
export const argReduceKernel: KernelFunc<'argReduce', WebGpuBackend> = (backend, [x], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, x.shape.length, 'argReduce');
  const { dim, inner } = reference.axisView(x.shape, axis);
  const count = sizeOf(out.shape);
  if (count === 0) return backend.createStorage('int32', 0);
  if (dim <= 1) return filledStorage(backend, 'int32', count, 0);
  const y = backend.createStorage('int32', count);
  const t = wgslType(x.dtype);
  const perThread = dim <= THREAD_REDUCE_MAX;
  backend.run({
    key: `argReduce/${attrs.op}/${t}/${perThread ? 'thread' : 'group'}`,
    code: () => (perThread ? threadShader(attrs.op, t) : groupShader(attrs.op, t)),
    inputs: [gpuStorage(x.storage).buffer],
    outputs: [y.buffer],
    meta: new Meta().u32(count, dim, inner).toArray(),
    workgroups: perThread ? grid1d(count) : groupGrid(count),
  });
  return y;
};
