/** SGD: stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay (PyTorch `optim.SGD`). */
import { ValueError } from '../core/index.js';
import { updateInPlace, type Tensor } from '../tensor/index.js';
import { add, clone, mul, neg, sub } from '../ops/index.js';
import { Optimizer, withDefaults, type Params, type UpdateResult } from './optimizer.js';
import { checkBoolean, checkFinite, checkNonNegative } from './validate.js';

/** SGD's hyper-parameters (PyTorch's names in camelCase). */
export interface SGDHyperParams {
  /** Learning rate γ (required). */
  lr: number;
  /** Momentum factor μ (default 0). */
  momentum: number;
  /** Dampening τ of the momentum (default 0). */
  dampening: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Maximise the objective instead (default false). */
  maximize: boolean;
}

/** Options of `new SGD(params, options)`: `lr` is required. */
export type SGDOptions = Partial<SGDHyperParams> & { lr: number };

/** SGD's per-parameter state (PyTorch `momentum_buffer`; null until the first step with momentum). */
export type SGDState = { momentumBuffer: Tensor | null };

/** SGD's defaults, except the required `lr`. */
export const SGD_DEFAULTS: Readonly<Omit<SGDHyperParams, 'lr'>> = Object.freeze({
  momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false,
});

/**
 * One SGD step as a pure function (PyTorch 1.13's `_single_tensor_sgd`):
 * g ← ∇ (+ λθ); b ← g on the first step, else μb + (1 − τ)g; g ← g + μb (Nesterov) or b; θ ← θ − γg.
 * @param param - θ
 * @param grad - ∇, the same shape as θ
 * @param state - the momentum buffer (null before the first step)
 * @param hp - hyper-parameters
 * @returns new tensors for θ and the buffer
 * @example const {param, state} = tn.optim.sgdUpdate(w, w.grad!, {momentumBuffer: null}, {...hp, lr: 0.1});
 */
export function sgdUpdate(param: Tensor, grad: Tensor, state: SGDState, hp: SGDHyperParams): UpdateResult<SGDState> {
  let d = hp.maximize ? neg(grad) : grad;
  if (hp.weightDecay !== 0) d = add(d, mul(param, hp.weightDecay));
  let buf = state.momentumBuffer;
  if (hp.momentum !== 0) {
    buf = buf === null ? clone(d) : add(mul(buf, hp.momentum), mul(d, 1 - hp.dampening));
    d = hp.nesterov ? add(d, mul(buf, hp.momentum)) : buf;
  }
  return { param: sub(param, mul(d, hp.lr)), state: { momentumBuffer: buf } };
}

/**
 * `sgdUpdate` fused into one pass that updates θ and the momentum buffer in place (tensor
 * `updateInPlace`), with the same float32 results.
 * @param param - θ, updated in place
 * @param grad - ∇, the same shape as θ
 * @param state - the momentum buffer, updated in place
 * @param hp - hyper-parameters
 * @returns the state after the step (the same buffer), or undefined, having changed nothing, where the
 * fused path does not apply (no update kernel on the active backend, a tensor not float32, or the first
 * step with momentum, which creates the buffer): take `sgdUpdate` then
 * @example const done = tn.noGrad(() => tn.optim.sgdUpdateInPlace(w, w.grad!, {momentumBuffer: null}, hp)) !== undefined;
 */
export function sgdUpdateInPlace(param: Tensor, grad: Tensor, state: SGDState, hp: SGDHyperParams): SGDState | undefined {
  const buffer = state.momentumBuffer;
  if (hp.momentum !== 0 && buffer === null) return undefined;
  const targets = hp.momentum !== 0 && buffer !== null ? { param, momentumBuffer: buffer } : { param };
  return updateInPlace('sgd', grad, targets, hp) ? state : undefined;
}

/** Check SGD's hyper-parameters (`SGD: invalid momentum value: -1 (expected ≥ 0)` ...). */
export function validateSGD(hp: SGDHyperParams): void {
  if (hp.lr === undefined) throw new ValueError('SGD', 'lr is required (found undefined)');
  checkNonNegative('SGD', 'learning rate', hp.lr);
  checkNonNegative('SGD', 'momentum value', hp.momentum);
  checkFinite('SGD', 'dampening value', hp.dampening);
  checkNonNegative('SGD', 'weightDecay value', hp.weightDecay);
  checkBoolean('SGD', 'nesterov', hp.nesterov);
  checkBoolean('SGD', 'maximize', hp.maximize);
  if (hp.nesterov && (hp.momentum <= 0 || hp.dampening !== 0)) {
    throw new ValueError('SGD', `Nesterov momentum requires a momentum and zero dampening (found momentum ${hp.momentum}, dampening ${hp.dampening})`);
  }
}

/**
 * Stochastic gradient descent, optionally with momentum (PyTorch `torch.optim.SGD`; the update is `sgdUpdate`).
 * @example
 * const opt = new tn.optim.SGD(model.parameters(), {lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 5e-4});
 */
export class SGD extends Optimizer<SGDHyperParams, SGDState> {
  /**
   * @param params - parameters or parameter groups (a group's own `lr` may replace the default)
   * @param options - `lr` (required), momentum, dampening, weightDecay, nesterov, maximize
   */
  constructor(params: Params<SGDHyperParams>, options: SGDOptions) {
    super('SGD', params, withDefaults<SGDHyperParams>({ ...SGD_DEFAULTS, lr: options?.lr }, options));
  }

  protected override validate(hp: SGDHyperParams): void { validateSGD(hp); }

  protected override initState(): SGDState { return { momentumBuffer: null }; }

  protected override update(param: Tensor, grad: Tensor, state: SGDState, hp: SGDHyperParams): UpdateResult<SGDState> {
    return sgdUpdate(param, grad, state, hp);
  }

  protected override updateInPlace(param: Tensor, grad: Tensor, state: SGDState, hp: SGDHyperParams): SGDState | undefined {
    return sgdUpdateInPlace(param, grad, state, hp);
  }
}
