/** The parameters and modules of a model that a list of dotted-name globs covers. */
import { ValueError } from '../core/index.js';
import { coversName, globToRegExp, matchesName, type Module, type Parameter } from '../nn/index.js';

/** Name patterns: one glob, or several (a name is selected when any of them covers it). */
export type NamePatterns = string | readonly string[];

/** What `selectByName` found. */
export interface NameSelection {
  /** Selected parameters with their names, in `namedParameters()` order. */
  readonly parameters: [string, Parameter][];
  /** Modules a pattern covers (the module itself or an ancestor matches), in `namedModules()` order. */
  readonly modules: [string, Module][];
}

function hint(model: Module): string {
  const names = model.namedParameters().map(([n]) => n);
  if (names.length === 0) return `${model.constructor.name} has no parameters`;
  const shown = names.slice(0, 6).join(', ');
  return `parameter names look like: ${shown}${names.length > 6 ? `, … (${names.length} in all)` : ''}`;
}

/**
 * Select by dotted-name globs (see `tn.nn.globToRegExp`): a parameter is selected when a pattern matches its name or
 * the name of a module that contains it; no patterns (`undefined`) select everything.
 * @param model - the model whose `namedParameters()`/`namedModules()` names are matched
 * @param patterns - globs such as `'features.*'`, `['layer3.**', 'layer4.**']`, `'fc.weight'`
 * @param op - the calling function, for error messages
 * @throws ValueError naming the pattern and some available names when a pattern matches no parameter and no module
 * @example tn.transfer.selectByName(model, 'fc').parameters.map(([name]) => name) // ['fc.weight', 'fc.bias']
 */
export function selectByName(model: Module, patterns?: NamePatterns, op = 'selectByName'): NameSelection {
  const list = patterns === undefined ? ['**'] : typeof patterns === 'string' ? [patterns] : [...patterns];
  if (list.length === 0) throw new ValueError(op, 'expected at least one name pattern, found an empty list (omit the patterns to select everything)');
  const globs = list.map((p) => globToRegExp(p, op));
  const named = model.namedParameters();
  const modules = model.namedModules();
  globs.forEach((glob, k) => {
    const hit = named.some(([n]) => matchesName(glob, n)) || modules.some(([n]) => matchesName(glob, n));
    if (!hit) throw new ValueError(op, `pattern '${list[k] as string}' matches no parameter or module of ${model.constructor.name}; ${hint(model)}`);
  });
  const covered = (name: string): boolean => globs.some((g) => coversName(g, name));
  return { parameters: named.filter(([n]) => covered(n)), modules: modules.filter(([n]) => covered(n)) };
}
