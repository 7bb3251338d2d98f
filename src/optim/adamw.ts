/** AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019; PyTorch `optim.AdamW`). */
import type { Tensor } from '../tensor/index.js';
import { mul } from '../ops/index.js';
import { Optimizer, withDefaults, type Params, type UpdateResult } from './optimizer.js';
import {
  adamInitState, adamUpdate, adamUpdateInPlace, validateAdam, type AdamHyperParams, type AdamState,
} from './adam.js';

/** AdamW's hyper-parameters: Adam's, with `weightDecay` decoupled from the gradient (default 1e-2). */
export type AdamWHyperParams = AdamHyperParams;

/** AdamW's defaults (Adam's, with weightDecay 1e-2). */
export const ADAMW_DEFAULTS: Readonly<AdamWHyperParams> = Object.freeze({
  lr: 1e-3, betas: [0.9, 0.999] as [number, number], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false,
});

/**
 * One AdamW step as a pure function (PyTorch 1.13's `_single_tensor_adamw`):
 * θ ← θ(1 − γλ), then Adam's step without the L2 term.
 * @param param - θ
 * @param grad - ∇, the same shape as θ
 * @param state - from `adamInitState` or a previous step
 * @param hp - hyper-parameters
 * @returns new tensors for θ and the state
 */
export function adamwUpdate(param: Tensor, grad: Tensor, state: AdamState, hp: AdamWHyperParams): UpdateResult<AdamState> {
  const decayed = hp.weightDecay !== 0 ? mul(param, 1 - hp.lr * hp.weightDecay) : param;
  return adamUpdate(decayed, grad, state, { ...hp, weightDecay: 0 });
}

/**
 * AdamW (PyTorch `torch.optim.AdamW`; the update is `adamwUpdate`): the weights shrink by γλ each step
 * instead of λθ being added to the gradient.
 * @example const opt = new tn.optim.AdamW(model.parameters(), {lr: 3e-4, weightDecay: 0.05});
 */
export class AdamW extends Optimizer<AdamWHyperParams, AdamState> {
  /**
   * @param params - parameters or parameter groups
   * @param options - lr, betas, eps, weightDecay (default 1e-2), amsgrad, maximize
   */
  constructor(params: Params<AdamWHyperParams>, options: Partial<AdamWHyperParams> = {}) {
    super('AdamW', params, withDefaults(ADAMW_DEFAULTS, options));
  }

  protected override validate(hp: AdamWHyperParams): void { validateAdam(hp, this.name); }

  protected override initState(param: Tensor, hp: AdamWHyperParams): AdamState { return adamInitState(param, hp); }

  protected override update(param: Tensor, grad: Tensor, state: AdamState, hp: AdamWHyperParams): UpdateResult<AdamState> {
    return adamwUpdate(param, grad, state, hp);
  }

  protected override updateInPlace(param: Tensor, grad: Tensor, state: AdamState, hp: AdamWHyperParams): AdamState | undefined {
    return adamUpdateInPlace(param, grad, state, hp, true);
  }
}
