/** getSubmodule: a module by dotted path (attributes, Sequential/ModuleList indices, ModuleDict keys). */
import { ValueError } from '../core/index.js';
import { Module, ModuleList, Sequential } from '../nn/index.js';

/** Where a path ends: the parent module, the property name of the child in it, and the child. */
export interface SubmoduleSlot {
  /** The module that holds the child (the model itself for a one-segment path). */
  readonly parent: Module;
  /** The child's property name in `parent` (a negative index resolved: `'-1'` → `'9'`). */
  readonly key: string;
  /** The child. */
  readonly module: Module;
  /** The canonical dotted path (negative indices resolved), as `namedModules()` names the child. */
  readonly path: string;
}

function childKey(parent: Module, segment: string): string {
  if (/^-\d+$/.test(segment) && (parent instanceof Sequential || parent instanceof ModuleList)) {
    return String(parent.length + Number(segment));
  }
  return segment;
}

function listChildren(m: Module): string {
  const names = m.namedChildren().map(([n]) => n);
  return names.length === 0 ? 'it has no children' : `its children: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}`;
}

/**
 * Find the slot a dotted path names (see `getSubmodule`); the path must have at least one segment.
 * @param model - the root
 * @param path - e.g. `'fc'`, `'classifier.1'`, `'heads.digits'`, `'-1'` (the last layer of a Sequential)
 * @param op - the calling function, for error messages
 * @throws ValueError naming the missing segment and the children found there
 * @example const {parent, key} = tn.transfer.findSubmodule(model, 'classifier.-1');
 */
export function findSubmodule(model: Module, path: string, op = 'findSubmodule'): SubmoduleSlot {
  if (typeof path !== 'string' || path === '') throw new ValueError(op, `expected a non-empty dotted module path, found ${JSON.stringify(path)}`);
  const segments = path.split('.');
  let parent = model;
  const walked: string[] = [];
  const canonical: string[] = [];
  for (const [i, segment] of segments.entries()) {
    const key = childKey(parent, segment);
    walked.push(segment);
    canonical.push(key);
    const child = parent.namedChildren().find(([name]) => name === key)?.[1];
    if (child === undefined) {
      throw new ValueError(op, `${model.constructor.name} has no submodule '${walked.join('.')}' (in ${parent.constructor.name}, ${listChildren(parent)})`);
    }
    if (i === segments.length - 1) return { parent, key, module: child, path: canonical.join('.') };
    parent = child;
  }
  throw new ValueError(op, `unreachable: path '${path}'`);
}

/**
 * The module at a dotted path (PyTorch `get_submodule`): attribute names, Sequential/ModuleList indices (negative
 * ones count from the end) and ModuleDict keys; `''` is the model itself.
 * @param model - the root
 * @param path - e.g. `'layer4.1.conv2'`, `'classifier.-1'`
 * @returns the module (shared, not a copy)
 * @throws ValueError naming the missing segment and the children found there
 * @example const head = tn.transfer.getSubmodule(model, '-1'); // last layer of a Sequential
 */
export function getSubmodule(model: Module, path: string): Module {
  return path === '' ? model : findSubmodule(model, path, 'getSubmodule').module;
}
