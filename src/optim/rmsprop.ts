/** RMSprop: gradients divided by a running RMS, optionally centred and with momentum (PyTorch `optim.RMSprop`). */
import { zerosLike, type Tensor } from '../tensor/index.js';
import { add, div, mul, neg, sqrt, sub } from '../ops/index.js';
import { Optimizer, withDefaults, type Params, type UpdateResult } from './optimizer.js';
import { checkBoolean, checkNonNegative } from './validate.js';

/** RMSprop's hyper-parameters (PyTorch's names in camelCase). */
export interface RMSpropHyperParams {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha: number;
  /** ε added to the denominator (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Divide by the estimated standard deviation (subtract the squared mean gradient; default false). */
  centered: boolean;
  /** Maximise the objective instead (default false). */
  maximize: boolean;
}

/**
 * RMSprop's per-parameter state (PyTorch `step`, `square_avg`, `momentum_buffer` (momentum > 0),
 * `grad_avg` (centered)).
 */
export type RMSpropState = { step: number; squareAvg: Tensor; momentumBuffer?: Tensor; gradAvg?: Tensor };

/** RMSprop's defaults. */
export const RMSPROP_DEFAULTS: Readonly<RMSpropHyperParams> = Object.freeze({
  lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false,
});

/** RMSprop's state before the first step: zeros. */
export function rmspropInitState(param: Tensor, hp: Pick<RMSpropHyperParams, 'momentum' | 'centered'>): RMSpropState {
  const state: RMSpropState = { step: 0, squareAvg: zerosLike(param) };
  if (hp.momentum > 0) state.momentumBuffer = zerosLike(param);
  if (hp.centered) state.gradAvg = zerosLike(param);
  return state;
}

/**
 * One RMSprop step as a pure function (PyTorch 1.13's `_single_tensor_rmsprop`):
 * g ← ∇ (+ λθ); v ← αv + (1 − α)g²; d ← √v + ε, or √(v − ḡ²) + ε with ḡ ← αḡ + (1 − α)g (centered);
 * b ← μb + g/d, θ ← θ − γb (momentum > 0), else θ ← θ − γ g/d.
 * @param param - θ
 * @param grad - ∇, the same shape as θ
 * @param state - from `rmspropInitState` or a previous step
 * @param hp - hyper-parameters
 * @returns new tensors for θ and the state
 */
export function rmspropUpdate(param: Tensor, grad: Tensor, state: RMSpropState, hp: RMSpropHyperParams): UpdateResult<RMSpropState> {
  let g = hp.maximize ? neg(grad) : grad;
  if (hp.weightDecay !== 0) g = add(g, mul(param, hp.weightDecay));
  const squareAvg = add(mul(state.squareAvg, hp.alpha), mul(mul(g, g), 1 - hp.alpha));
  const next: RMSpropState = { step: state.step + 1, squareAvg };
  let avg: Tensor;
  if (hp.centered) {
    const gradAvg = add(mul(state.gradAvg ?? zerosLike(param), hp.alpha), mul(g, 1 - hp.alpha));
    next.gradAvg = gradAvg;
    avg = sqrt(sub(squareAvg, mul(gradAvg, gradAvg)));
  } else {
    avg = sqrt(squareAvg);
  }
  avg = add(avg, hp.eps);
  if (hp.momentum > 0) {
    const buf = add(mul(state.momentumBuffer ?? zerosLike(param), hp.momentum), div(g, avg));
    next.momentumBuffer = buf;
    return { param: sub(param, mul(buf, hp.lr)), state: next };
  }
  return { param: sub(param, mul(div(g, avg), hp.lr)), state: next };
}

/** Check RMSprop's hyper-parameters (`RMSprop: invalid alpha value: -1 (expected ≥ 0)` ...). */
export function validateRMSprop(hp: RMSpropHyperParams): void {
  checkNonNegative('RMSprop', 'learning rate', hp.lr);
  checkNonNegative('RMSprop', 'epsilon value', hp.eps);
  checkNonNegative('RMSprop', 'momentum value', hp.momentum);
  checkNonNegative('RMSprop', 'weightDecay value', hp.weightDecay);
  checkNonNegative('RMSprop', 'alpha value', hp.alpha);
  checkBoolean('RMSprop', 'centered', hp.centered);
  checkBoolean('RMSprop', 'maximize', hp.maximize);
}

/**
 * RMSprop (Hinton's lecture 6e; PyTorch `torch.optim.RMSprop`; the update is `rmspropUpdate`).
 * @example const opt = new tn.optim.RMSprop(model.parameters(), {lr: 1e-3, momentum: 0.9, centered: true});
 */
export class RMSprop extends Optimizer<RMSpropHyperParams, RMSpropState> {
  /**
   * @param params - parameters or parameter groups
   * @param options - lr, alpha, eps, weightDecay, momentum, centered, maximize (PyTorch's defaults)
   */
  constructor(params: Params<RMSpropHyperParams>, options: Partial<RMSpropHyperParams> = {}) {
    super('RMSprop', params, withDefaults(RMSPROP_DEFAULTS, options));
  }

  protected override validate(hp: RMSpropHyperParams): void { validateRMSprop(hp); }

  protected override initState(param: Tensor, hp: RMSpropHyperParams): RMSpropState { return rmspropInitState(param, hp); }

  protected override update(param: Tensor, grad: Tensor, state: RMSpropState, hp: RMSpropHyperParams): UpdateResult<RMSpropState> {
    return rmspropUpdate(param, grad, state, hp);
  }
}
