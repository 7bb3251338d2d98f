/**
 * Update kernels: optimiser steps fused into one pass that reads a gradient and updates a
 * parameter and its optimiser state in place. Unlike the primitive kernels (`kernels.ts`), they
 * write their operands instead of returning a new storage, they are optional (a backend registers
 * the ones it has, see `registerUpdateKernel`), and they take float32 storages of one size only.
 *
 * Each is specified by its optimiser's pure update function (optim `adamUpdate`, `adamwUpdate`,
 * `sgdUpdate`, PyTorch 1.13's `_single_tensor_*`) and must reproduce it element by element: the
 * same float32 operations in the same order, with the scalars rounded to float32 as the composite
 * path rounds them (`adamStepFactors`, `sgdStepFactors`), so no fused multiply-adds.
 */
import type { Storage } from './storage.js';

/** One Adam or AdamW step's hyper-parameters (optim `AdamHyperParams`, flattened), for step `step`. */
export interface AdamStepAttrs {
  /** t, the number of this step (1 for the first). */
  readonly step: number;
  /** Learning rate γ. */
  readonly lr: number;
  /** β₁, the decay rate of the first moment average. */
  readonly beta1: number;
  /** β₂, the decay rate of the second moment average. */
  readonly beta2: number;
  /** ε added to the denominator. */
  readonly eps: number;
  /** λ: an L2 term λθ added to the gradient (Adam), or decoupled decay θ ← θ(1 − γλ) (AdamW). */
  readonly weightDecay: number;
  /** Whether `weightDecay` is decoupled (AdamW) rather than added to the gradient (Adam). */
  readonly decoupledWeightDecay: boolean;
  /** Maximise the objective (the gradient is negated). */
  readonly maximize: boolean;
}

/** One SGD step's hyper-parameters (optim `SGDHyperParams`). */
export interface SGDStepAttrs {
  /** Learning rate γ. */
  readonly lr: number;
  /** Momentum factor μ; used when a momentum buffer is given. */
  readonly momentum: number;
  /** Dampening τ of the momentum. */
  readonly dampening: number;
  /** L2 penalty λ added to the gradient. */
  readonly weightDecay: number;
  /** Nesterov momentum (with a momentum buffer). */
  readonly nesterov: boolean;
  /** Maximise the objective (the gradient is negated). */
  readonly maximize: boolean;
}

/**
 * Each update kernel's targets (the parameter and the state it updates in place, as `T`s: storages
 * for kernels, tensors for the engine) and attributes.
 */
export interface UpdateKernelSpecs<T = Storage> {
  /** Adam/AdamW: θ, m, v, and with AMSGrad (when `maxExpAvgSq` is given) the running max v̂. */
  adam: { targets: { param: T; expAvg: T; expAvgSq: T; maxExpAvgSq?: T }; attrs: AdamStepAttrs };
  /** SGD: θ, and with momentum (when `momentumBuffer` is given) the buffer b. */
  sgd: { targets: { param: T; momentumBuffer?: T }; attrs: SGDStepAttrs };
}

/** The name of an update kernel. */
export type UpdateKernelName = keyof UpdateKernelSpecs;
/** The targets of update kernel `K`, as storages (or `T`s). */
export type UpdateTargets<K extends UpdateKernelName, T = Storage> = UpdateKernelSpecs<T>[K]['targets'];
/** The attributes of update kernel `K`. */
export type UpdateAttrs<K extends UpdateKernelName> = UpdateKernelSpecs[K]['attrs'];

/** Every update kernel name. */
export const UPDATE_KERNEL_NAMES: readonly UpdateKernelName[] = ['adam', 'sgd'];

/** The float32 scalars of one Adam/AdamW step, each rounded where the composite path rounds it. */
export interface AdamStepFactors {
  /** θ is first multiplied by this: 1 − γλ (AdamW with λ ≠ 0), else 1 (exact). */
  readonly paramScale: number;
  /** −1 to maximise, else 1 (g·(±1) is exact). */
  readonly gradSign: number;
  /** λ of the L2 term added to the gradient; 0 when there is none (AdamW, or λ = 0). */
  readonly weightDecay: number;
  /** β₁. */
  readonly beta1: number;
  /** 1 − β₁ (rounded once, from double precision). */
  readonly oneMinusBeta1: number;
  /** β₂. */
  readonly beta2: number;
  /** 1 − β₂. */
  readonly oneMinusBeta2: number;
  /** √(1 − β₂ᵗ). */
  readonly biasCorrection2Sqrt: number;
  /** ε. */
  readonly eps: number;
  /** −γ/(1 − β₁ᵗ), the step size with its sign. */
  readonly negStepSize: number;
}

/**
 * Adam's scalars for one step, computed in double precision as `adamUpdate` computes them and
 * rounded to float32 (where a number meets a float32 tensor). Per element, with every operation
 * rounded to float32:
 * θ' = θ·paramScale; g' = g·gradSign (+ θ'·weightDecay when λ ≠ 0);
 * m ← m·β₁ + g'·(1 − β₁); v ← v·β₂ + (g'·g')·(1 − β₂); v̂ ← max(v̂, v) (AMSGrad, then s = v̂, else s = v);
 * θ ← θ' + (m / (√s / √(1 − β₂ᵗ) + ε))·negStepSize.
 */
export function adamStepFactors(attrs: AdamStepAttrs): AdamStepFactors {
  const f = Math.fround;
  const decay = attrs.weightDecay;
  return {
    paramScale: attrs.decoupledWeightDecay && decay !== 0 ? f(1 - attrs.lr * decay) : 1,
    gradSign: attrs.maximize ? -1 : 1,
    weightDecay: attrs.decoupledWeightDecay ? 0 : f(decay),
    beta1: f(attrs.beta1),
    oneMinusBeta1: f(1 - attrs.beta1),
    beta2: f(attrs.beta2),
    oneMinusBeta2: f(1 - attrs.beta2),
    biasCorrection2Sqrt: f(Math.sqrt(1 - attrs.beta2 ** attrs.step)),
    eps: f(attrs.eps),
    negStepSize: f(-(attrs.lr / (1 - attrs.beta1 ** attrs.step))),
  };
}

/** The float32 scalars of one SGD step, each rounded where the composite path rounds it. */
export interface SGDStepFactors {
  /** −1 to maximise, else 1. */
  readonly gradSign: number;
  /** λ of the L2 term; 0 for none. */
  readonly weightDecay: number;
  /** μ. */
  readonly momentum: number;
  /** 1 − τ. */
  readonly oneMinusDampening: number;
  /** γ. */
  readonly lr: number;
}

/**
 * SGD's scalars for one step, as `sgdUpdate` rounds them. Per element, every operation rounded to
 * float32: d = g·gradSign (+ θ·weightDecay when λ ≠ 0); with a buffer b ← b·μ + d·(1 − τ) and
 * d = d + b·μ (Nesterov) or b; θ ← θ − d·γ.
 */
export function sgdStepFactors(attrs: SGDStepAttrs): SGDStepFactors {
  const f = Math.fround;
  return {
    gradSign: attrs.maximize ? -1 : 1,
    weightDecay: f(attrs.weightDecay),
    momentum: f(attrs.momentum),
    oneMinusDampening: f(1 - attrs.dampening),
    lr: f(attrs.lr),
  };
}
