/**
 * The update kernels in WGSL: one thread per element updates the parameter and its optimiser state
 * in place, with the per-element formulas of `adamStepFactors` / `sgdStepFactors` in their order.
 * The step's scalars (rounded to float32 on the host) travel as f32 words in `params`; they change
 * every step, which costs a small meta buffer, not a pipeline. WGSL does not promise correctly
 * rounded division and square root, nor forbid fused multiply-adds, so results agree with the
 * reference to a few ulp rather than exactly.
 */
import { DTypeError } from '../../core/index.js';
import { adamStepFactors, sgdStepFactors, type Storage, type UpdateKernelFunc } from '../../backend/index.js';
import type { WebGpuBackend } from './webgpu-backend.js';
import { gpuStorage } from './webgpu-backend.js';
import { flatMain, grid1d, header, Meta, WGSL_PRELUDE } from './wgsl.js';

/**
 * The buffer of a float32 storage.
 * @throws DTypeError when it holds another dtype.
 */
function f32Buffer(storage: Storage, name: string): GPUBuffer {
  if (storage.dtype !== 'float32') {
    throw new DTypeError('updateInPlace', `update kernels take float32 storages, found ${storage.dtype} for '${name}'`);
  }
  return gpuStorage(storage).buffer;
}

/** Reads f32 word `k` of params. */
const f = (k: number): string => `bitcast<f32>(params[${k}])`;

/** `adam`: θ, m, v (and v̂ with AMSGrad) in place. params: [count, paramScale, gradSign, λ, β₁, 1−β₁, β₂, 1−β₂, √(1−β₂ᵗ), ε, −step]. */
export const adamKernel: UpdateKernelFunc<'adam', WebGpuBackend> = (backend, grad, targets, attrs) => {
  const k = adamStepFactors(attrs);
  const { param, expAvg, expAvgSq, maxExpAvgSq } = targets;
  const amsgrad = maxExpAvgSq !== undefined;
  const size = param.size;
  if (size === 0) return;
  const outputs = [f32Buffer(param, 'param'), f32Buffer(expAvg, 'expAvg'), f32Buffer(expAvgSq, 'expAvgSq')];
  if (amsgrad) outputs.push(f32Buffer(maxExpAvgSq, 'maxExpAvgSq'));
  const second = amsgrad
    ? `  let prev = VMAX[i];
  var s = max(prev, v);
  if (is_nan(prev) || is_nan(v)) { s = bitcast<f32>(NAN_BITS); }
  VMAX[i] = s;`
    : '  let s = v;';
  backend.run({
    key: `adam/${amsgrad ? 'amsgrad' : 'plain'}`,
    code: () => `${header([{ name: 'G', type: 'f32' }], [
      { name: 'P', type: 'f32' }, { name: 'M', type: 'f32' }, { name: 'V', type: 'f32' },
      ...(amsgrad ? [{ name: 'VMAX', type: 'f32' as const }] : []),
    ])}
${WGSL_PRELUDE}
// a private variable keeps NaN out of constant evaluation
var<private> NAN_BITS: u32 = 0x7fc00000u;
${flatMain('params[0]', `  let weightDecay = ${f(3)};
  let theta = P[i] * ${f(1)};
  var g = G[i] * ${f(2)};
  if (weightDecay != 0.0) { g = g + theta * weightDecay; }
  let m = M[i] * ${f(4)} + g * ${f(5)};
  let v = V[i] * ${f(6)} + (g * g) * ${f(7)};
  M[i] = m;
  V[i] = v;
${second}
  let denom = sqrt(s) / ${f(8)} + ${f(9)};
  P[i] = theta + (m / denom) * ${f(10)};`)}`,
    inputs: [f32Buffer(grad, 'grad')],
    outputs,
    meta: new Meta().u32(size).f32(k.paramScale, k.gradSign, k.weightDecay, k.beta1, k.oneMinusBeta1, k.beta2,
      k.oneMinusBeta2, k.biasCorrection2Sqrt, k.eps, k.negStepSize).toArray(),
    workgroups: grid1d(size),
  });
};

/** `sgd`: θ (and the momentum buffer) in place. params: [count, nesterov, gradSign, λ, μ, 1−τ, γ]. */
export const sgdKernel: UpdateKernelFunc<'sgd', WebGpuBackend> = (backend, grad, targets, attrs) => {
  const k = sgdStepFactors(attrs);
  const { param, momentumBuffer } = targets;
  const momentum = momentumBuffer !== undefined;
  const size = param.size;
  if (size === 0) return;
  const outputs = [f32Buffer(param, 'param')];
  if (momentum) outputs.push(f32Buffer(momentumBuffer, 'momentumBuffer'));
  const withBuffer = momentum
    ? `  let b = BUF[i] * ${f(4)} + d * ${f(5)};
  BUF[i] = b;
  if (params[1] != 0u) { d = d + b * ${f(4)}; } else { d = b; }`
    : '';
  backend.run({
    key: `sgd/${momentum ? 'momentum' : 'plain'}`,
    code: () => `${header([{ name: 'G', type: 'f32' }], [
      { name: 'P', type: 'f32' }, ...(momentum ? [{ name: 'BUF', type: 'f32' as const }] : []),
    ])}
${flatMain('params[0]', `  let weightDecay = ${f(3)};
  let theta = P[i];
  var d = G[i] * ${f(2)};
  if (weightDecay != 0.0) { d = d + theta * weightDecay; }
${withBuffer}
  P[i] = theta - d * ${f(6)};`)}`,
    inputs: [f32Buffer(grad, 'grad')],
    outputs,
    meta: new Meta().u32(size, attrs.nesterov ? 1 : 0).f32(k.gradSign, k.weightDecay, k.momentum, k.oneMinusDampening, k.lr).toArray(),
    workgroups: grid1d(size),
  });
};
