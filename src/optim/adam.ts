/** Adam: adaptive moment estimation with optional L2 weight decay and AMSGrad (PyTorch `optim.Adam`). */
import { updateInPlace, zerosLike, type Tensor } from '../tensor/index.js';
import { add, div, maximum, mul, neg, sqrt } from '../ops/index.js';
import { Optimizer, withDefaults, type Params, type UpdateResult } from './optimizer.js';
import { checkBetas, checkBoolean, checkNonNegative } from './validate.js';

/** Adam's hyper-parameters (PyTorch's names in camelCase). */
export interface AdamHyperParams {
  /** Learning rate γ (default 1e-3). */
  lr: number;
  /** [β₁, β₂]: decay rates of the first and second moment averages (default [0.9, 0.999]). */
  betas: [number, number];
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0; AdamW decouples it). */
  weightDecay: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad: boolean;
  /** Maximise the objective instead (default false). */
  maximize: boolean;
}

/**
 * Adam's per-parameter state (PyTorch `step`, `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`): the step count,
 * m, v and (AMSGrad) the running max of v.
 */
export type AdamState = { step: number; expAvg: Tensor; expAvgSq: Tensor; maxExpAvgSq?: Tensor };

/** Adam's defaults. */
export const ADAM_DEFAULTS: Readonly<AdamHyperParams> = Object.freeze({
  lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false,
});

/** Adam's (and AdamW's) state before the first step: zeros. */
export function adamInitState(param: Tensor, hp: Pick<AdamHyperParams, 'amsgrad'>): AdamState {
  const state: AdamState = { step: 0, expAvg: zerosLike(param), expAvgSq: zerosLike(param) };
  if (hp.amsgrad) state.maxExpAvgSq = zerosLike(param);
  return state;
}

/**
 * One Adam step as a pure function (PyTorch 1.13's `_single_tensor_adam`), t = step + 1:
 * g ← ∇ (+ λθ); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; v̂ ← max(v̂, v) (AMSGrad);
 * θ ← θ − γ/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε).
 * @param param - θ
 * @param grad - ∇, the same shape as θ
 * @param state - from `adamInitState` or a previous step
 * @param hp - hyper-parameters
 * @returns new tensors for θ and the state
 * @example let s = tn.optim.adamInitState(w, hp); ({param, state: s} = tn.optim.adamUpdate(w, g, s, hp));
 */
export function adamUpdate(param: Tensor, grad: Tensor, state: AdamState, hp: AdamHyperParams): UpdateResult<AdamState> {
  const [beta1, beta2] = hp.betas;
  const step = state.step + 1;
  let g = hp.maximize ? neg(grad) : grad;
  if (hp.weightDecay !== 0) g = add(g, mul(param, hp.weightDecay));
  const expAvg = add(mul(state.expAvg, beta1), mul(g, 1 - beta1));
  const expAvgSq = add(mul(state.expAvgSq, beta2), mul(mul(g, g), 1 - beta2));
  const stepSize = hp.lr / (1 - beta1 ** step);
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const next: AdamState = { step, expAvg, expAvgSq };
  let second = expAvgSq;
  if (hp.amsgrad) {
    next.maxExpAvgSq = maximum(state.maxExpAvgSq ?? zerosLike(param), expAvgSq);
    second = next.maxExpAvgSq;
  }
  const denom = add(div(sqrt(second), biasCorrection2Sqrt), hp.eps);
  return { param: add(param, mul(div(expAvg, denom), -stepSize)), state: next };
}

/**
 * `adamUpdate` (or with `decoupledWeightDecay`, `adamwUpdate`) fused into one pass that updates θ and
 * the state's tensors in place (tensor `updateInPlace`), with the same float32 results.
 * @param param - θ, updated in place
 * @param grad - ∇, the same shape as θ
 * @param state - from `adamInitState` or a previous step; its tensors are updated in place
 * @param hp - hyper-parameters
 * @param decoupledWeightDecay - AdamW's decay θ ← θ(1 − γλ) instead of the L2 term λθ in the gradient
 * @returns the state after the step (the same tensors), or undefined, having changed nothing, where the
 * fused path does not apply (no update kernel on the active backend, a tensor not float32, AMSGrad
 * without its running max yet): take `adamUpdate` then
 * @example
 * const next = tn.noGrad(() => tn.optim.adamUpdateInPlace(w, w.grad!, s, hp));
 * if (next === undefined) { const out = tn.optim.adamUpdate(w, w.grad!, s, hp); ... } else s = next;
 */
export function adamUpdateInPlace(
  param: Tensor, grad: Tensor, state: AdamState, hp: AdamHyperParams, decoupledWeightDecay = false,
): AdamState | undefined {
  const { expAvg, expAvgSq, maxExpAvgSq } = state;
  if (hp.amsgrad && maxExpAvgSq === undefined) return undefined;
  const step = state.step + 1;
  const targets = hp.amsgrad ? { param, expAvg, expAvgSq, maxExpAvgSq } : { param, expAvg, expAvgSq };
  const [beta1, beta2] = hp.betas;
  const attrs = {
    step, lr: hp.lr, beta1, beta2, eps: hp.eps, weightDecay: hp.weightDecay, decoupledWeightDecay, maximize: hp.maximize,
  };
  if (!updateInPlace('adam', grad, targets, attrs)) return undefined;
  return hp.amsgrad ? { step, expAvg, expAvgSq, maxExpAvgSq } : { step, expAvg, expAvgSq };
}

/** Check Adam-style hyper-parameters: `Adam: invalid beta parameter at index 1: 1.2 (expected in [0, 1))` ... */
export function validateAdam(hp: AdamHyperParams, op = 'Adam'): void {
  checkNonNegative(op, 'learning rate', hp.lr);
  checkNonNegative(op, 'epsilon value', hp.eps);
  checkBetas(op, hp.betas);
  checkNonNegative(op, 'weightDecay value', hp.weightDecay);
  checkBoolean(op, 'amsgrad', hp.amsgrad);
  checkBoolean(op, 'maximize', hp.maximize);
}

/**
 * Adam (Kingma & Ba 2015; PyTorch `torch.optim.Adam`; the update is `adamUpdate`). `weightDecay` here is an
 * L2 term added to the gradient; for decoupled decay use AdamW.
 * @example const opt = new tn.optim.Adam(model.parameters(), {lr: 1e-3, betas: [0.9, 0.98]});
 */
export class Adam extends Optimizer<AdamHyperParams, AdamState> {
  /**
   * @param params - parameters or parameter groups
   * @param options - lr, betas, eps, weightDecay, amsgrad, maximize (PyTorch's defaults)
   */
  constructor(params: Params<AdamHyperParams>, options: Partial<AdamHyperParams> = {}) {
    super('Adam', params, withDefaults(ADAM_DEFAULTS, options));
  }

  protected override validate(hp: AdamHyperParams): void { validateAdam(hp, this.name); }

  protected override initState(param: Tensor, hp: AdamHyperParams): AdamState { return adamInitState(param, hp); }

  protected override update(param: Tensor, grad: Tensor, state: AdamState, hp: AdamHyperParams): UpdateResult<AdamState> {
    return adamUpdate(param, grad, state, hp);
  }

  protected override updateInPlace(param: Tensor, grad: Tensor, state: AdamState, hp: AdamHyperParams): AdamState | undefined {
    return adamUpdateInPlace(param, grad, state, hp);
  }
}
