/** freeze / unfreeze: stop or resume training parameters by dotted-name globs, effective at the next step. */
import { ValueError } from '../core/index.js';
import { BatchNormNd, type Module, type Parameter } from '../nn/index.js';
import { selectByName, type NamePatterns, type NameSelection } from './select-by-name.js';

/** Options of `freeze`. */
export interface FreezeOptions {
  /**
   * What a BatchNorm whose parameters all end up frozen does with its running statistics: `'eval'` (default) uses
   * and keeps them (eval behaviour, even in training mode: `freezeStatistics = true`); `'train'` keeps updating them
   * from each training batch, as an unfrozen BatchNorm does.
   */
  readonly batchNorm?: 'eval' | 'train';
}

/** BatchNorm layers the selection touches: covered as modules, or holding a selected parameter. */
function touchedBatchNorms(model: Module, selection: NameSelection): BatchNormNd[] {
  const selected = new Set<Parameter>(selection.parameters.map(([, p]) => p));
  const covered = new Set<Module>(selection.modules.map(([, m]) => m));
  return model.modules().filter((m): m is BatchNormNd => m instanceof BatchNormNd &&
    (covered.has(m) || (m.weight !== null && selected.has(m.weight)) || (m.bias !== null && selected.has(m.bias))));
}

/** Set `requiresGrad` on the selected parameters (dropping a frozen one's gradient); the names that changed. */
function setTrainable(selection: NameSelection, trainable: boolean): string[] {
  const changed: string[] = [];
  for (const [name, p] of selection.parameters) {
    if (p.requiresGrad !== trainable) changed.push(name);
    p.requiresGrad = trainable;
    if (!trainable && p.grad !== null) {
      p.grad.dispose();
      p.grad = null;
    }
  }
  return changed;
}

/**
 * Freeze parameters by dotted-name globs (over `model.namedParameters()` names; a pattern naming a module covers
 * all its parameters; the globs of `tn.nn.globToRegExp`: `*` one name segment, `**` zero or more): sets
 * `requiresGrad = false` and drops a stale `.grad`, so from the next step on no gradient reaches them and every
 * optimiser (SGD with momentum or weight decay, Adam, AdamW …, which skip parameters whose grad is null, as
 * PyTorch's do) leaves them unchanged. No other call is needed (no recompile, no new optimiser). A BatchNorm whose
 * parameters all end up frozen also freezes its running statistics (uses and keeps them, as in eval mode) unless
 * `options.batchNorm` is `'train'`; a BatchNorm without parameters is frozen when a pattern names it.
 * @param model - the model
 * @param patterns - globs such as `'features.*'`, `'layer4.**'`, `['conv1', 'bn1']`; omitted: every parameter
 * @param options - `batchNorm: 'eval' | 'train'`
 * @returns the names of the parameters that were trainable and are now frozen
 * @throws ValueError when a pattern matches no parameter and no module (the message lists some names)
 * @example
 * tn.transfer.freeze(model);              // everything …
 * tn.transfer.unfreeze(model, 'fc.**');   // … but the head
 * tn.transfer.freeze(model, ['0', '3'], {batchNorm: 'train'});
 */
export function freeze(model: Module, patterns?: NamePatterns, options: FreezeOptions = {}): string[] {
  const mode = options.batchNorm ?? 'eval';
  if (mode !== 'eval' && mode !== 'train') throw new ValueError('freeze', `batchNorm must be 'eval' or 'train', found ${JSON.stringify(mode)}`);
  const selection = selectByName(model, patterns, 'freeze');
  const changed = setTrainable(selection, false);
  for (const bn of touchedBatchNorms(model, selection)) {
    const allFrozen = [bn.weight, bn.bias].every((p) => p === null || !p.requiresGrad);
    if (allFrozen) bn.freezeStatistics = mode === 'eval';
  }
  return changed;
}

/**
 * Undo `freeze` by dotted-name globs: sets `requiresGrad = true` and lets each BatchNorm the patterns touch update
 * its running statistics again in training mode (`freezeStatistics = false`). The optimiser must hold the
 * parameters (build it over `model.parameters()`, or add them with `addParamGroup`).
 * @param model - the model
 * @param patterns - globs as for `freeze`; omitted: every parameter
 * @returns the names of the parameters that were frozen and now train
 * @throws ValueError when a pattern matches no parameter and no module
 * @example tn.transfer.unfreeze(model, 'layer4.**'); // gradual unfreezing: one more block
 */
export function unfreeze(model: Module, patterns?: NamePatterns): string[] {
  const selection = selectByName(model, patterns, 'unfreeze');
  const changed = setTrainable(selection, true);
  for (const bn of touchedBatchNorms(model, selection)) bn.freezeStatistics = false;
  return changed;
}
