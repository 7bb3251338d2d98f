/**
 * Element-wise kernels in WGSL: unary, binary (broadcast), where and cast, with the reference
 * kernels' semantics (NaN propagation, wrapping int32, PyTorch's pow and sign). Transcendentals are
 * computed in f32, so they match the reference (double, then rounded) to a few ulp, not exactly.
 */
import { promoteTypes, type DType } from '../../core/index.js';
import { broadcastStrides, sizeOf, type Shape } from '../../core/index.js';
import { isCompareOp, type BinaryOp, type KernelFunc, type TensorInfo, type UnaryOp } from '../../backend/index.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta, stridedOffsets, WGSL_PRELUDE, wgslType, type WgslType } from './wgsl.js';

/** WGSL functions the element-wise shaders (and reduce, argReduce, gather) share: special values, robust f32 math, casts. */
export const ELEMENTWISE_MATH = `${WGSL_PRELUDE}
// NaN and ∞ are not WGSL constants; private variables keep them out of constant evaluation
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn f_log(x: f32) -> f32 { if (x < 0.0 || is_nan(x)) { return bitcast<f32>(NAN_BITS); } if (x == 0.0) { return -bitcast<f32>(INF_BITS); } return log(x); }
fn f_sqrt(x: f32) -> f32 { if (x < 0.0 || is_nan(x)) { return bitcast<f32>(NAN_BITS); } return sqrt(x); }
fn f_tanh(x: f32) -> f32 { let e = exp(-2.0 * abs(x)); let t = (1.0 - e) / (1.0 + e); return select(t, -t, x < 0.0); }
fn f_sigmoid(x: f32) -> f32 { if (x >= 0.0) { return 1.0 / (1.0 + exp(-x)); } let e = exp(x); return e / (1.0 + e); }
fn f_expm1(x: f32) -> f32 { if (abs(x) < 1e-3) { return x + x * x * 0.5 + x * x * x / 6.0; } return exp(x) - 1.0; }
fn f_log1p(x: f32) -> f32 {
  if (x < -1.0 || is_nan(x)) { return bitcast<f32>(NAN_BITS); }
  if (x == -1.0) { return -bitcast<f32>(INF_BITS); }
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * x / (u - 1.0);
}
fn f_erf(x: f32) -> f32 {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7)
  let a = abs(x);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return select(y, -y, x < 0.0);
}
fn f_sign(x: f32) -> f32 { if (x > 0.0) { return 1.0; } if (x < 0.0) { return -1.0; } return x; }
fn f_pow(a: f32, b: f32) -> f32 {
  if (a == 1.0 || b == 0.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return bitcast<f32>(NAN_BITS); }
  if (a == -1.0 && abs(b) == bitcast<f32>(INF_BITS)) { return 1.0; }
  if (a == 0.0) { return select(0.0, bitcast<f32>(INF_BITS), b < 0.0); }
  let m = pow(abs(a), b);
  if (a > 0.0) { return m; }
  if (trunc(b) != b) { return bitcast<f32>(NAN_BITS); }
  let odd = abs(b) < 16777216.0 && (i32(abs(b)) & 1) == 1;
  return select(m, -m, odd);
}
fn f_max(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return bitcast<f32>(NAN_BITS); } return max(a, b); }
fn f_min(a: f32, b: f32) -> f32 { if (is_nan(a) || is_nan(b)) { return bitcast<f32>(NAN_BITS); } return min(a, b); }
fn i_pow(a: i32, b: i32) -> i32 {
  if (b < 0) { if (a == 1) { return 1; } if (a == -1) { return select(1, -1, (b & 1) == 1); } return 0; }
  var r = 1;
  var base = a;
  var e = u32(b);
  loop { if (e == 0u) { break; } if ((e & 1u) == 1u) { r = r * base; } base = base * base; e = e >> 1u; }
  return r;
}
fn f_to_i32(x: f32) -> i32 {
  if (is_nan(x) || abs(x) == bitcast<f32>(INF_BITS)) { return 0; }
  let t = trunc(x);
  if (t >= -2147483648.0 && t < 2147483648.0) { return i32(t); }
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}
`;

/** WGSL converting `expr` (of `from`) to `to`, with the reference `castArray` rules. */
export function convert(expr: string, from: WgslType, to: WgslType): string {
  if (from === to) return expr;
  if (to === 'u32') return from === 'f32' ? `select(0u, 1u, nonzero_f32(${expr}))` : `select(0u, 1u, ${expr} != 0)`;
  if (to === 'i32') return from === 'f32' ? `f_to_i32(${expr})` : `i32(${expr})`;
  return `f32(${expr})`;
}

const UNARY_F32: Record<UnaryOp, string> = {
  neg: '-x', abs: 'abs(x)', sign: 'f_sign(x)', exp: 'exp(x)', expm1: 'f_expm1(x)', log: 'f_log(x)', log1p: 'f_log1p(x)',
  sqrt: 'f_sqrt(x)', rsqrt: '1.0 / f_sqrt(x)', reciprocal: '1.0 / x', sin: 'sin(x)', cos: 'cos(x)', tanh: 'f_tanh(x)',
  sigmoid: 'f_sigmoid(x)', erf: 'f_erf(x)', floor: 'floor(x)', ceil: 'ceil(x)', round: 'round(x)',
  logicalNot: 'select(0u, 1u, !nonzero_f32(x))', isnan: 'select(0u, 1u, is_nan(x))',
};

/** The expression of a unary op on `x` of type `t` producing `out`. */
function unaryExpression(op: UnaryOp, t: WgslType, out: WgslType): { input: WgslType; expr: string } {
  if (op === 'logicalNot') return t === 'f32' ? { input: 'f32', expr: UNARY_F32.logicalNot } : { input: t, expr: 'select(0u, 1u, x == 0)' };
  if (op === 'isnan') return t === 'f32' ? { input: 'f32', expr: UNARY_F32.isnan } : { input: t, expr: '0u' };
  if (out === 'f32') return { input: 'f32', expr: UNARY_F32[op] };
  if (out === 'i32') {
    const ints: Partial<Record<UnaryOp, string>> = { neg: '-x', abs: 'abs(x)', sign: 'sign(x)' };
    return { input: 'i32', expr: ints[op] ?? 'x' };
  }
  return { input: 'u32', expr: 'x' }; // abs, sign, floor, ceil, round of bool are the identity
}

/** `unary`: one thread per element. */
export const unaryKernel: KernelFunc<'unary', WebGpuBackend> = (backend, [x], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  const tIn = wgslType(x.dtype);
  const tOut = wgslType(out.dtype);
  const { input, expr } = unaryExpression(attrs.op, tIn, tOut);
  backend.run({
    key: `unary/${attrs.op}/${tIn}/${tOut}`,
    code: () => `${header([{ name: 'X', type: tIn }], [{ name: 'Y', type: tOut }])}
${ELEMENTWISE_MATH}
${flatMain('params[0]', `  let x = ${convert('X[i]', tIn, input)};\n  Y[i] = ${expr};`)}`,
    inputs: [gpuStorage(x.storage).buffer],
    outputs: [y.buffer],
    meta: new Meta().u32(size).toArray(),
    workgroups: grid1d(size),
  });
  return y;
};

/** The binary op's expression on `a`, `b` of compute type `t`. */
function binaryExpression(op: BinaryOp, t: WgslType): string {
  const nz = (v: string): string => (t === 'f32' ? `nonzero_f32(${v})` : `${v} != ${t === 'i32' ? '0' : '0u'}`);
  const ordered = t === 'f32' ? '!is_nan(a) && !is_nan(b) && ' : '';
  switch (op) {
    case 'add': return 'a + b';
    case 'sub': return 'a - b';
    case 'mul': return 'a * b';
    case 'div': return 'a / b';
    case 'pow': return t === 'f32' ? 'f_pow(a, b)' : 'i_pow(a, b)';
    case 'maximum': return t === 'f32' ? 'f_max(a, b)' : 'max(a, b)';
    case 'minimum': return t === 'f32' ? 'f_min(a, b)' : 'min(a, b)';
    case 'eq': return `select(0u, 1u, ${ordered}a == b)`;
    case 'ne': return t === 'f32' ? 'select(0u, 1u, is_nan(a) || is_nan(b) || a != b)' : 'select(0u, 1u, a != b)';
    case 'lt': return `select(0u, 1u, ${ordered}a < b)`;
    case 'le': return `select(0u, 1u, ${ordered}a <= b)`;
    case 'gt': return `select(0u, 1u, ${ordered}a > b)`;
    case 'ge': return `select(0u, 1u, ${ordered}a >= b)`;
    case 'logicalAnd': return `select(0u, 1u, ${nz('a')} && ${nz('b')})`;
    case 'logicalOr': return `select(0u, 1u, ${nz('a')} || ${nz('b')})`;
  }
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Offsets of broadcast operands: `direct` (every operand has the output's shape: offset = i) or
 * strided through `meta` = [count, rank, shape…, strides of each operand…].
 */
function broadcastPlan(operands: readonly TensorInfo[], outShape: Shape): { direct: boolean; meta: Uint32Array; walk: string } {
  const size = sizeOf(outShape);
  const names = operands.map((_, k) => `o${k}`);
  if (operands.every((t) => sameShape(t.shape, outShape))) {
    return { direct: true, meta: new Meta().u32(size).toArray(), walk: names.map((n) => `  let ${n} = i;`).join('\n') };
  }
  const rank = outShape.length;
  const meta = new Meta().u32(size, rank, ...outShape);
  for (const t of operands) meta.u32(...broadcastStrides(t.shape, outShape));
  // WGSL expressions, not numbers: one pipeline serves every rank
  const stridesAt = operands.map((_, k) => `(2u + params[1u] * ${k + 1}u)`);
  return { direct: false, meta: meta.toArray(), walk: stridedOffsets('i', '1u', '2u', names, stridesAt) };
}

/** `binary` with NumPy broadcasting; operands are converted to the op's compute type per element. */
export const binaryKernel: KernelFunc<'binary', WebGpuBackend> = (backend, [a, b], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  const ta = wgslType(a.dtype);
  const tb = wgslType(b.dtype);
  const tOut = wgslType(out.dtype);
  const compute = isCompareOp(attrs.op) ? wgslType(promoteTypes(a.dtype, b.dtype)) : tOut;
  const plan = broadcastPlan([a, b], out.shape);
  backend.run({
    key: `binary/${attrs.op}/${ta}/${tb}/${tOut}/${plan.direct ? 'direct' : 'strided'}`,
    code: () => `${header([{ name: 'A', type: ta }, { name: 'B', type: tb }], [{ name: 'Y', type: tOut }])}
${ELEMENTWISE_MATH}
fn op(a: ${compute}, b: ${compute}) -> ${tOut} { return ${binaryExpression(attrs.op, compute)}; }
${flatMain('params[0]', `${plan.walk}
  Y[i] = op(${convert('A[o0]', ta, compute)}, ${convert('B[o1]', tb, compute)});`)}`,
    inputs: [gpuStorage(a.storage).buffer, gpuStorage(b.storage).buffer],
    outputs: [y.buffer],
    meta: plan.meta,
    workgroups: grid1d(size),
  });
  return y;
};

/** `where(cond, a, b)`, all three broadcast. */
export const whereKernel: KernelFunc<'where', WebGpuBackend> = (backend, [cond, a, b], _attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(out.dtype, size);
  const [ta, tb, tOut] = [wgslType(a.dtype), wgslType(b.dtype), wgslType(out.dtype)];
  const plan = broadcastPlan([cond, a, b], out.shape);
  backend.run({
    key: `where/${ta}/${tb}/${tOut}/${plan.direct ? 'direct' : 'strided'}`,
    code: () => `${header([{ name: 'C', type: 'u32' }, { name: 'A', type: ta }, { name: 'B', type: tb }], [{ name: 'Y', type: tOut }])}
${ELEMENTWISE_MATH}
${flatMain('params[0]', `${plan.walk}
  Y[i] = select(${convert('B[o2]', tb, tOut)}, ${convert('A[o1]', ta, tOut)}, C[o0] != 0u);`)}`,
    inputs: [gpuStorage(cond.storage).buffer, gpuStorage(a.storage).buffer, gpuStorage(b.storage).buffer],
    outputs: [y.buffer],
    meta: plan.meta,
    workgroups: grid1d(size),
  });
  return y;
};

/** `cast` with `castArray`'s rules (truncation toward zero, wrapping, NaN → 0; non-zero → true). */
export const castKernel: KernelFunc<'cast', WebGpuBackend> = (backend, [x], attrs, out) => {
  const size = sizeOf(out.shape);
  const y = backend.createStorage(attrs.dtype, size);
  if (x.dtype === attrs.dtype) {
    backend.copy(gpuStorage(x.storage), 0, y, 0, size);
    return y;
  }
  const [tIn, tOut] = [wgslType(x.dtype), wgslType(attrs.dtype as DType)];
  backend.run({
    key: `cast/${tIn}/${tOut}`,
    code: () => `${header([{ name: 'X', type: tIn }], [{ name: 'Y', type: tOut }])}
${ELEMENTWISE_MATH}
${flatMain('params[0]', `  Y[i] = ${convert('X[i]', tIn, tOut)};`)}`,
    inputs: [gpuStorage(x.storage).buffer],
    outputs: [y.buffer],
    meta: new Meta().u32(size).toArray(),
    workgroups: grid1d(size),
  });
  return y;
};

