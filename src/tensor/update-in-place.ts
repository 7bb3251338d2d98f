/**
 * Fused optimiser steps: a parameter and its optimiser state updated in place by the active
 * backend's update kernel (backend `update-kernels.ts`), in one pass over memory and without
 * allocating, where the backend has one.
 */
import { formatShape, ShapeError, StateError, ValueError } from '../core/index.js';
import {
  findUpdateKernel, getKernel, type Backend, type Storage, type UpdateAttrs, type UpdateKernelName, type UpdateTargets,
} from '../backend/index.js';
import { engine } from './engine.js';
import { StorageRef } from './storage-ref.js';
import type { Tensor } from './tensor.js';

const OP = 'updateInPlace';

/** Check that `t` is live and may be written in place as `assign` may (a leaf, not recording). */
function checkTarget(name: string, t: Tensor): void {
  t.assertLive(OP);
  if (!t.isLeaf) throw new StateError(OP, `'${name}' must be a leaf tensor; this one was computed by an operation`);
  if (t.requiresGrad && engine.gradEnabled) {
    throw new StateError(OP, `'${name}' requires grad and can only be updated inside tn.noGrad()`);
  }
}

/**
 * Give `t` a storage of its own when another tensor (a view, a `detach()`ed copy) shares it: a
 * copy replaces `t`'s storage as `assign` replaces it, so the others keep the old elements.
 */
function ownStorage(t: Tensor, backend: Backend): void {
  if (!t.ref.shared) return;
  const info = { storage: t.ref.storage, shape: t.shape, dtype: t.dtype };
  const copy = getKernel(backend.name, 'expand')(backend, [info], { shape: t.shape }, { shape: t.shape, dtype: t.dtype });
  const previous = t.ref;
  t.ref = new StorageRef(copy, backend);
  previous.release();
}

/**
 * Run the active backend's update kernel `kernel` (`'adam'`: Adam/AdamW, `'sgd'`): one pass that
 * reads `grad` and updates `targets` (the parameter and its optimiser state) in place, with the
 * results of the optimiser's pure update function. Every tensor keeps its identity, as with
 * `assign`; a target whose storage is shared with another tensor first gets a copy of its own, so
 * views taken earlier keep the old elements.
 *
 * Returns false and changes nothing where the fused path does not apply: the active backend has no
 * such kernel, a tensor is not float32 or lives on another backend, or ∇ is one of the targets. The caller then takes its
 * composite path (optimisers do this on every step).
 * @param kernel - the update kernel's name
 * @param grad - ∇, the shape of the parameter; only read
 * @param targets - `param` and the state tensors the kernel updates, distinct leaves of the parameter's shape
 * @param attrs - the step's hyper-parameters (`AdamStepAttrs`, `SGDStepAttrs`)
 * @returns whether the kernel ran
 * @throws ShapeError when a tensor's shape differs from the parameter's; ValueError when a tensor is
 * given twice; StateError when a tensor was disposed, or a target is not a leaf or requires grad while recording
 * @example
 * const ran = tn.noGrad(() => tn.updateInPlace('sgd', w.grad!, {param: w},
 *   {lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false}));
 */
export function updateInPlace<K extends UpdateKernelName>(
  kernel: K, grad: Tensor, targets: UpdateTargets<K, Tensor>, attrs: UpdateAttrs<K>,
): boolean {
  const named = (Object.entries(targets) as [string, Tensor | undefined][])
    .filter((entry): entry is [string, Tensor] => entry[1] !== undefined);
  const param = targets.param;
  grad.assertLive(OP);
  const seen = new Map<Tensor, string>();
  for (const [name, t] of named) {
    checkTarget(name, t);
    const other = seen.get(t);
    if (other !== undefined) throw new ValueError(OP, `'${other}' and '${name}' are the same tensor`);
    seen.set(t, name);
  }
  for (const [name, t] of [['grad', grad], ...named] as const) {
    if (t.shape.length !== param.shape.length || t.shape.some((d, i) => d !== param.shape[i])) {
      throw new ShapeError(OP, `'${name}' has shape ${formatShape(t.shape)}, the parameter ${formatShape(param.shape)}`);
    }
  }
  const backend = engine.backend;
  const func = findUpdateKernel(backend.name, kernel);
  if (func === undefined || seen.has(grad)) return false;
  for (const t of [grad, ...seen.keys()]) if (t.dtype !== 'float32' || t.ref.backend !== backend) return false;
  const storages: Record<string, Storage> = {};
  for (const [name, t] of named) {
    ownStorage(t, backend);
    storages[name] = t.ref.storage;
  }
  func(backend, grad.ref.storage, storages as UpdateTargets<K>, attrs);
  return true;
}
