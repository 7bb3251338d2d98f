/** features: the output of a named layer for an input, stopping the forward pass there. */
import { StateError } from '../core/index.js';
import { isKept, keep, tensorsIn, tidy, unkeep, type Tensor } from '../tensor/index.js';
import type { Module } from '../nn/index.js';
import { getSubmodule } from './get-submodule.js';
import { hookForward } from './hook-forward.js';

/** Thrown inside the hooked forward to stop the model once the layer has run. */
const STOP = Symbol('features: stop');

/**
 * The output of the layer at `layer` (a dotted path, see `getSubmodule`) when the model runs on `x`: the model's
 * forward runs until that layer returns, then stops (later layers do not run). Runs in the current mode and grad
 * mode (wrap it in `tn.noGrad` for extraction; in training mode a BatchNorm before the layer updates its
 * statistics as in any forward). Intermediate tensors are disposed; the result belongs to the caller. The layer's
 * forward is restored afterwards, also on error.
 * @param model - the model (its `forward(x)` is called)
 * @param x - the model's input
 * @param layer - the layer's path: `'4'`, `'layer3'`, `'features.-1'`; `''` is the model's own output
 * @returns that layer's output (a Tensor for ordinary layers; whatever the layer returns otherwise)
 * @throws ValueError when the path names no submodule; StateError when the model's forward never calls the layer
 * @example const h = tn.noGrad(() => tn.transfer.features(cnn, images, '6')); // SmallCNN: the flattened [N, 3136]
 */
export function features<T = Tensor>(model: Module & { forward(x: Tensor): unknown }, x: Tensor, layer: string): T {
  if (layer === '') return model.forward(x) as T;
  const target = getSubmodule(model, layer);
  return tidy(() => {
    let captured: { value: unknown } | undefined;
    // `keep` carries the output through the tidy scopes of the model's forward, which the stop signal unwinds;
    // `unkeep` then hands it to this scope (tensors the caller had kept stay as they were).
    let carried: Tensor[] = [];
    const remove = hookForward(target, (output) => {
      carried = tensorsIn(output).filter((t) => !isKept(t)).map(keep);
      captured = { value: output };
      throw STOP;
    });
    try {
      model.forward(x);
    } catch (error) {
      if (error !== STOP) throw error;
    } finally {
      remove();
    }
    if (captured === undefined) {
      throw new StateError('features', `${model.constructor.name}.forward did not call the layer '${layer}' (${target.constructor.name})`);
    }
    for (const t of carried) unkeep(t);
    return captured.value as T;
  });
}
