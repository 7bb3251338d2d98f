/** replaceHead: swap the module at a dotted path for another (a new classifier head). */
import { ValueError } from '../core/index.js';
import { Module, ModuleDict } from '../nn/index.js';
import { findSubmodule } from './get-submodule.js';

/**
 * Put `newModule` where the module at `path` was (same property, same place in `namedParameters()` and
 * `stateDict()` order), so its parameters are the model's at once: in `model.parameters()`, `stateDict()` (under
 * `path.`), `freeze`, `summary`. An optimiser built before the swap does not hold them: build it afterwards.
 * The new module keeps its own training mode.
 * @param model - the model to change in place
 * @param path - the head's dotted path: `'fc'`, `'classifier.1'`, `'-1'` (last layer of a Sequential), `'heads.digits'`
 * @param newModule - the replacement
 * @returns the module that was there
 * @throws ValueError when the path names no submodule or `newModule` is not a Module
 * @example
 * const old = tn.transfer.replaceHead(net, '-1', new tn.nn.Linear(128, 5)); // 10 classes → 5
 */
export function replaceHead(model: Module, path: string, newModule: Module): Module {
  if (!(newModule instanceof Module)) throw new ValueError('replaceHead', `the new head must be a Module, found ${typeof newModule}`);
  const { parent, key, module } = findSubmodule(model, path, 'replaceHead');
  if (parent instanceof ModuleDict) parent.set(key, newModule);
  else (parent as unknown as Record<string, Module>)[key] = newModule;
  return module;
}
