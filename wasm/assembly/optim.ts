/**
 * Update kernels: optimiser steps over float32 tensors in one pass, in place. Each reads θ, ∇ and
 * the optimiser's state and writes θ and the state back; every array is contiguous, of n elements.
 *
 * Every operation is a float32 operation in the order of the composite path (the optimiser's pure
 * update function, see src/backend/update-kernels.ts), with the scalars the host rounded the same
 * way, and none is fused (no relaxed multiply-add, even in the relaxed-SIMD build): +, −, ×, ÷ and
 * √ round correctly, so the results are those of the composite path, bit for bit.
 */

/**
 * One Adam step over n elements, four lanes at a time and then one by one; `l2` and `amsgrad` are
 * constants at every call, so each call compiles to its own branch-free loop.
 */
@inline function adamLoop(
  l2: bool, amsgrad: bool, n: i32, param: usize, grad: usize, m: usize, v: usize, vmax: usize,
  paramScale: f32, gradSign: f32, weightDecay: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  biasCorrection2Sqrt: f32, eps: f32, negStepSize: f32,
): void {
  const scale4 = f32x4.splat(paramScale);
  const sign4 = f32x4.splat(gradSign);
  const decay4 = f32x4.splat(weightDecay);
  const b14 = f32x4.splat(beta1);
  const c14 = f32x4.splat(oneMinusBeta1);
  const b24 = f32x4.splat(beta2);
  const c24 = f32x4.splat(oneMinusBeta2);
  const bc4 = f32x4.splat(biasCorrection2Sqrt);
  const eps4 = f32x4.splat(eps);
  const step4 = f32x4.splat(negStepSize);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const theta = f32x4.mul(v128.load(param + off), scale4);
    let g = f32x4.mul(v128.load(grad + off), sign4);
    if (l2) g = f32x4.add(g, f32x4.mul(theta, decay4));
    const mt = f32x4.add(f32x4.mul(v128.load(m + off), b14), f32x4.mul(g, c14));
    const vt = f32x4.add(f32x4.mul(v128.load(v + off), b24), f32x4.mul(f32x4.mul(g, g), c24));
    v128.store(m + off, mt);
    v128.store(v + off, vt);
    let second = vt;
    if (amsgrad) {
      second = f32x4.max(v128.load(vmax + off), vt);
      v128.store(vmax + off, second);
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(second), bc4), eps4);
    v128.store(param + off, f32x4.add(theta, f32x4.mul(f32x4.div(mt, denom), step4)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const theta = load<f32>(param + off) * paramScale;
    let g = load<f32>(grad + off) * gradSign;
    if (l2) g = g + theta * weightDecay;
    const mt = load<f32>(m + off) * beta1 + g * oneMinusBeta1;
    const vt = load<f32>(v + off) * beta2 + (g * g) * oneMinusBeta2;
    store<f32>(m + off, mt);
    store<f32>(v + off, vt);
    let second = vt;
    if (amsgrad) {
      second = max<f32>(load<f32>(vmax + off), vt);
      store<f32>(vmax + off, second);
    }
    const denom = sqrt<f32>(second) / biasCorrection2Sqrt + eps;
    store<f32>(param + off, theta + (mt / denom) * negStepSize);
  }
}

/**
 * One Adam/AdamW step over n float32 elements, in place: θ' = θ·paramScale; g = ∇·gradSign
 * (+ θ'·weightDecay when it is not 0); m ← m·β₁ + g·(1 − β₁); v ← v·β₂ + (g·g)·(1 − β₂);
 * with `amsgrad` ≠ 0, v̂ ← max(v̂, v) and s = v̂, else s = v;
 * θ ← θ' + (m / (√s / √(1 − β₂ᵗ) + ε))·negStepSize. `vmax` is read only with `amsgrad`.
 */
export function adamF32(
  n: i32, param: usize, grad: usize, m: usize, v: usize, vmax: usize, amsgrad: i32,
  paramScale: f32, gradSign: f32, weightDecay: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  biasCorrection2Sqrt: f32, eps: f32, negStepSize: f32,
): void {
  const l2 = weightDecay != 0;
  if (amsgrad != 0) {
    if (l2) {
      adamLoop(true, true, n, param, grad, m, v, vmax, paramScale, gradSign, weightDecay, beta1, oneMinusBeta1, beta2,
        oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize);
    } else {
      adamLoop(false, true, n, param, grad, m, v, vmax, paramScale, gradSign, weightDecay, beta1, oneMinusBeta1, beta2,
        oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize);
    }
  } else if (l2) {
    adamLoop(true, false, n, param, grad, m, v, vmax, paramScale, gradSign, weightDecay, beta1, oneMinusBeta1, beta2,
      oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize);
  } else {
    adamLoop(false, false, n, param, grad, m, v, vmax, paramScale, gradSign, weightDecay, beta1, oneMinusBeta1, beta2,
      oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize);
  }
}

// How SGD's direction uses the momentum buffer.
const PLAIN = 0;
const MOMENTUM = 1;
const NESTEROV = 2;

/** One SGD step over n elements, specialised like `adamLoop` on the constants `l2` and `mode`. */
@inline function sgdLoop(
  l2: bool, mode: i32, n: i32, param: usize, grad: usize, buf: usize,
  gradSign: f32, weightDecay: f32, momentum: f32, oneMinusDampening: f32, lr: f32,
): void {
  const sign4 = f32x4.splat(gradSign);
  const decay4 = f32x4.splat(weightDecay);
  const mu4 = f32x4.splat(momentum);
  const damp4 = f32x4.splat(oneMinusDampening);
  const lr4 = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const theta = v128.load(param + off);
    let d = f32x4.mul(v128.load(grad + off), sign4);
    if (l2) d = f32x4.add(d, f32x4.mul(theta, decay4));
    if (mode != PLAIN) {
      const b = f32x4.add(f32x4.mul(v128.load(buf + off), mu4), f32x4.mul(d, damp4));
      v128.store(buf + off, b);
      d = mode == NESTEROV ? f32x4.add(d, f32x4.mul(b, mu4)) : b;
    }
    v128.store(param + off, f32x4.sub(theta, f32x4.mul(d, lr4)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const theta = load<f32>(param + off);
    let d = load<f32>(grad + off) * gradSign;
    if (l2) d = d + theta * weightDecay;
    if (mode != PLAIN) {
      const b = load<f32>(buf + off) * momentum + d * oneMinusDampening;
      store<f32>(buf + off, b);
      d = mode == NESTEROV ? d + b * momentum : b;
    }
    store<f32>(param + off, theta - d * lr);
  }
}

/**
 * One SGD step over n float32 elements, in place: d = ∇·gradSign (+ θ·weightDecay when it is not
 * 0); with `useMomentum` ≠ 0, b ← b·μ + d·(1 − τ) and d = d + b·μ (`nesterov` ≠ 0) or b; θ ← θ − d·γ.
 * `buf` is read only with `useMomentum`.
 */
export function sgdF32(
  n: i32, param: usize, grad: usize, buf: usize, useMomentum: i32, nesterov: i32,
  gradSign: f32, weightDecay: f32, momentum: f32, oneMinusDampening: f32, lr: f32,
): void {
  const mode = useMomentum == 0 ? PLAIN : nesterov != 0 ? NESTEROV : MOMENTUM;
  if (weightDecay != 0) {
    if (mode == PLAIN) sgdLoop(true, PLAIN, n, param, grad, buf, gradSign, weightDecay, momentum, oneMinusDampening, lr);
    else if (mode == MOMENTUM) sgdLoop(true, MOMENTUM, n, param, grad, buf, gradSign, weightDecay, momentum, oneMinusDampening, lr);
    else sgdLoop(true, NESTEROV, n, param, grad, buf, gradSign, weightDecay, momentum, oneMinusDampening, lr);
  } else if (mode == PLAIN) {
    sgdLoop(false, PLAIN, n, param, grad, buf, gradSign, weightDecay, momentum, oneMinusDampening, lr);
  } else if (mode == MOMENTUM) {
    sgdLoop(false, MOMENTUM, n, param, grad, buf, gradSign, weightDecay, momentum, oneMinusDampening, lr);
  } else {
    sgdLoop(false, NESTEROV, n, param, grad, buf, gradSign, weightDecay, momentum, oneMinusDampening, lr);
  }
}
