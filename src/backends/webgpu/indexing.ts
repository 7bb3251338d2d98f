/**
 * `gather` (NumPy take along an axis) and `scatterAdd` (its adjoint) in WGSL. x is viewed as
 * [outer, dim, inner] around the axis. Indices outside [0, dim) — which the op layer rejects — read
 * as 0 in gather and are skipped by scatterAdd, so no thread reads out of bounds. scatterAdd has one
 * thread per output element that scans the indices in order (staged through workgroup memory), so
 * repeated indices accumulate deterministically, in the reference's order, without atomics.
 */
import { normalizeAxis, sizeOf } from '../../core/index.js';
import { reference, type KernelFunc } from '../../backend/index.js';
import { convert, ELEMENTWISE_MATH } from './elementwise.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta, WORKGROUP_SIZE, wgslType, type WgslType } from './wgsl.js';

/**
 * `gather`: out.shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]; output block (o, j) is
 * x's block (o, indices[j]). Elements are copied as 4-byte words, so one pipeline serves every dtype.
 */
export const gatherKernel: KernelFunc<'gather', WebGpuBackend> = (backend, [x, indices], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, x.shape.length, 'gather');
  const { dim, inner } = reference.axisView(x.shape, axis);
  const count = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, count);
  if (count === 0) return y;
  const n = sizeOf(indices.shape);
  backend.run({
    key: 'gather',
    // params = [count, dim, inner, n]
    code: () => `${header([{ name: 'X', type: 'u32' }, { name: 'I', type: 'i32' }], [{ name: 'Y', type: 'u32' }])}
${flatMain('params[0]', `  let dim = params[1u];
  let inner = params[2u];
  let block = params[3u] * inner;
  let o = i / block;
  let j = (i % block) / inner;
  let t = i % inner;
  let index = I[j];
  if (index < 0 || u32(index) >= dim) { Y[i] = 0u; return; }
  Y[i] = X[(o * dim + u32(index)) * inner + t];`)}`,
    inputs: [gpuStorage(x.storage).buffer, gpuStorage(indices.storage).buffer],
    outputs: [y.buffer],
    meta: new Meta().u32(count, dim, inner, n).toArray(),
    workgroups: grid1d(count),
  });
  return y;
};

/** WGSL adding update `u` into accumulator `a` of type `t` (logical OR for bool). */
function addExpression(t: WgslType): string {
  return t === 'u32' ? 'select(0u, 1u, (a | u) != 0u)' : 'a + u';
}

/** The scatterAdd shader: indices staged in tiles of WORKGROUP_SIZE; params = [count, dim, inner, n]. */
function scatterShader(t: WgslType, tu: WgslType): string {
  const W = WORKGROUP_SIZE;
  return `${header([{ name: 'B', type: t }, { name: 'I', type: 'i32' }, { name: 'U', type: tu }], [{ name: 'Y', type: t }])}
${ELEMENTWISE_MATH}
var<workgroup> tile: array<i32, ${W}>;
fn add(a: ${t}, u: ${t}) -> ${t} { return ${addExpression(t)}; }
@compute @workgroup_size(${W})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * ${W}u;
  let valid = i < params[0];
  let dim = params[1u];
  let inner = params[2u];
  let n = params[3u];
  let k = select(0u, i, valid);
  let o = k / (dim * inner);
  let d = i32((k % (dim * inner)) / inner);
  let src = o * n * inner + k % inner;
  var acc = B[k];
  for (var j0 = 0u; j0 < n; j0 += ${W}u) {
    if (j0 + lid < n) { tile[lid] = I[j0 + lid]; }
    workgroupBarrier();
    let m = min(${W}u, n - j0);
    for (var q = 0u; q < m; q += 1u) {
      if (tile[q] == d) { acc = add(acc, ${convert(`U[src + (j0 + q) * inner]`, tu, t)}); }
    }
    workgroupBarrier();
  }
  if (valid) { Y[i] = acc; }
}`;
}

/**
 * `scatterAdd`: y = base, then y[..., indices[j], ...] += updates[..., j, ...] along `axis` for j in
 * order (repeated indices accumulate; int32 wraps; bool is OR). Each output element sums its own
 * updates, so results are deterministic and match the reference's rounding order.
 */
export const scatterAddKernel: KernelFunc<'scatterAdd', WebGpuBackend> = (backend, [base, indices, updates], attrs, out) => {
  const axis = normalizeAxis(attrs.axis, base.shape.length, 'scatterAdd');
  const { dim, inner } = reference.axisView(base.shape, axis);
  const count = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, count);
  if (count === 0) return y;
  const n = sizeOf(indices.shape);
  const b = gpuStorage(base.storage);
  if (n === 0) {
    backend.copy(b, 0, y, 0, count);
    return y;
  }
  const t = wgslType(out.dtype);
  const tu = wgslType(updates.dtype);
  backend.run({
    key: `scatterAdd/${t}/${tu}`,
    code: () => scatterShader(t, tu),
    inputs: [b.buffer, gpuStorage(indices.storage).buffer, gpuStorage(updates.storage).buffer],
    outputs: [y.buffer],
    meta: new Meta().u32(count, dim, inner, n).toArray(),
    workgroups: grid1d(count),
  });
  return y;
};
