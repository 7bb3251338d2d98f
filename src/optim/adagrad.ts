/** Adagrad: per-element learning rates from the accumulated squared gradients (PyTorch `optim.Adagrad`). */
import { fullLike, type Tensor } from '../tensor/index.js';
import { add, div, mul, neg, sqrt, sub } from '../ops/index.js';
import { Optimizer, withDefaults, type ParamGroupInput, type Params, type UpdateResult } from './optimizer.js';
import { checkBoolean, checkNonNegative } from './validate.js';

/** Adagrad's hyper-parameters (PyTorch's names in camelCase). */
export interface AdagradHyperParams {
  /** Learning rate γ (default 1e-2). */
  lr: number;
  /** Learning-rate decay η: step t uses γ / (1 + (t − 1)η) (default 0). */
  lrDecay: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the accumulator (default 0). */
  initialAccumulatorValue: number;
  /** ε added to the denominator (default 1e-10). */
  eps: number;
  /** Maximise the objective instead (default false). */
  maximize: boolean;
}

/** Adagrad's per-parameter state (PyTorch `step`, `sum`). */
export type AdagradState = { step: number; sum: Tensor };

/** Adagrad's defaults. */
export const ADAGRAD_DEFAULTS: Readonly<AdagradHyperParams> = Object.freeze({
  lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false,
});

/** Adagrad's state before the first step: the accumulator filled with `initialAccumulatorValue`. */
export function adagradInitState(param: Tensor, hp: Pick<AdagradHyperParams, 'initialAccumulatorValue'>): AdagradState {
  return { step: 0, sum: fullLike(param, hp.initialAccumulatorValue) };
}

/**
 * One Adagrad step as a pure function (PyTorch 1.13's `_single_tensor_adagrad`), t = step + 1:
 * g ← ∇ (+ λθ); s ← s + g²; θ ← θ − γ/(1 + (t − 1)η) · g / (√s + ε).
 * @param param - θ
 * @param grad - ∇, the same shape as θ
 * @param state - from `adagradInitState` or a previous step
 * @param hp - hyper-parameters
 * @returns new tensors for θ and the state
 */
export function adagradUpdate(param: Tensor, grad: Tensor, state: AdagradState, hp: AdagradHyperParams): UpdateResult<AdagradState> {
  const step = state.step + 1;
  let g = hp.maximize ? neg(grad) : grad;
  if (hp.weightDecay !== 0) g = add(g, mul(param, hp.weightDecay));
  const clr = hp.lr / (1 + (step - 1) * hp.lrDecay);
  const sum = add(state.sum, mul(g, g));
  const std = add(sqrt(sum), hp.eps);
  return { param: sub(param, mul(div(g, std), clr)), state: { step, sum } };
}

/** Check Adagrad's hyper-parameters (`Adagrad: invalid lrDecay value: -1 (expected ≥ 0)` ...). */
export function validateAdagrad(hp: AdagradHyperParams): void {
  checkNonNegative('Adagrad', 'learning rate', hp.lr);
  checkNonNegative('Adagrad', 'lrDecay value', hp.lrDecay);
  checkNonNegative('Adagrad', 'weightDecay value', hp.weightDecay);
  checkNonNegative('Adagrad', 'initialAccumulatorValue value', hp.initialAccumulatorValue);
  checkNonNegative('Adagrad', 'epsilon value', hp.eps);
  checkBoolean('Adagrad', 'maximize', hp.maximize);
}

/**
 * Adagrad (Duchi et al. 2011; PyTorch `torch.optim.Adagrad`; the update is `adagradUpdate`). As in PyTorch,
 * every parameter's state exists from construction (and from `addParamGroup`).
 * @example const opt = new tn.optim.Adagrad(model.parameters(), {lr: 0.1, lrDecay: 1e-3});
 */
export class Adagrad extends Optimizer<AdagradHyperParams, AdagradState> {
  /**
   * @param params - parameters or parameter groups
   * @param options - lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize (PyTorch's defaults)
   */
  constructor(params: Params<AdagradHyperParams>, options: Partial<AdagradHyperParams> = {}) {
    super('Adagrad', params, withDefaults(ADAGRAD_DEFAULTS, options));
  }

  override addParamGroup(group: ParamGroupInput<AdagradHyperParams>): void {
    super.addParamGroup(group);
    const added = this.paramGroups[this.paramGroups.length - 1];
    if (added !== undefined) for (const p of added.params) this.initialize(p, added);
  }

  protected override validate(hp: AdagradHyperParams): void { validateAdagrad(hp); }

  protected override initState(param: Tensor, hp: AdagradHyperParams): AdagradState { return adagradInitState(param, hp); }

  protected override update(param: Tensor, grad: Tensor, state: AdagradState, hp: AdagradHyperParams): UpdateResult<AdagradState> {
    return adagradUpdate(param, grad, state, hp);
  }
}
