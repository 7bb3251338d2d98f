/**
 * Renaming state-dict keys, so weights saved under another layout load into a module: DataParallel's
 * `module.` prefix, a detection model's `backbone.body.`, a head to drop, a library's own names. Rules are
 * globs over dotted keys or regular expressions; `loadStateDict(sd, {mapKey})` applies them on the way in.
 */
import { ValueError } from '../core/index.js';
import { globToRegExp } from './name-glob.js';

/** A function from a state-dict key to its new name: `null` drops the entry, `undefined` keeps the key unchanged. */
export type KeyMapFn = (key: string) => string | null | undefined;

/**
 * One renaming rule, `[pattern, replacement]`:
 * - a string pattern is a dotted-name glob over the whole key, in the dialect of `tn.nn.globToRegExp` (also that
 *   of `tn.transfer.freeze`): `*` one segment, a whole segment `**` zero or more; the replacement is the whole new
 *   key, in which `$1`, `$2` … stand for what the wildcards captured, in order (`['module.**', '$1']`,
 *   `['**.running_var', '$1.var']`). A `$n` that makes up a whole segment of the replacement and captured
 *   nothing is left out with its dot: `['**.running_var', '$1.var']` maps `running_var` to `var`, not `.var`;
 * - a RegExp pattern replaces what it matches, as `String.prototype.replace` does (`[/^backbone\.body\./, '']`);
 * - a `null` replacement drops the keys that match (`['fc.*', null]`).
 */
export type KeyRule = readonly [pattern: string | RegExp, replacement: string | null];

/** Rules (the first whose pattern matches a key applies; keys no rule matches stay as they are) or a function. */
export type KeyMapping = readonly KeyRule[] | KeyMapFn;

/** A compiled rule: the new key, `null` to drop, `undefined` when the rule does not match. */
type RuleFn = (key: string) => string | null | undefined;

/** A glob rule's replacement with `$n` filled in; a whole-segment `$n` that captured nothing is dropped with its dot. */
function fillIn(replacement: string, captures: RegExpExecArray): string {
  const capture = (ref: string): string => captures[Number(ref.slice(1))] ?? '';
  return replacement.split('.')
    .filter((segment) => !(/^\$\d+$/.test(segment) && capture(segment) === ''))
    .map((segment) => segment.replace(/\$\d+/g, capture))
    .join('.');
}

function compileRule(rule: unknown, index: number): RuleFn {
  const op = 'keyMapper';
  if (!Array.isArray(rule) || rule.length !== 2) {
    throw new ValueError(op, `rule ${index}: expected [pattern, replacement], found ${JSON.stringify(rule)}`);
  }
  const [pattern, replacement] = rule as [unknown, unknown];
  if (replacement !== null && typeof replacement !== 'string') {
    throw new ValueError(op, `rule ${index}: the replacement must be a string or null (drop), found ${JSON.stringify(replacement)}`);
  }
  if (pattern instanceof RegExp) {
    return (key) => (key.search(pattern) === -1 ? undefined : replacement === null ? null : key.replace(pattern, replacement));
  }
  if (typeof pattern !== 'string' || pattern === '') {
    throw new ValueError(op, `rule ${index}: the pattern must be a non-empty glob string or a RegExp, found ${JSON.stringify(pattern)}`);
  }
  const glob = globToRegExp(pattern, op);
  const wildcards = (pattern.match(/\*\*|\*/g) ?? []).length;
  for (const ref of replacement?.match(/\$(\d+)/g) ?? []) {
    const n = Number(ref.slice(1));
    if (n < 1 || n > wildcards) {
      throw new ValueError(op, `rule ${index}: the replacement '${replacement}' refers to ${ref}, but the glob '${pattern}' has ${wildcards} wildcard(s)`);
    }
  }
  return (key) => {
    const captures = glob.exec(key);
    return captures === null ? undefined : replacement === null ? null : fillIn(replacement, captures);
  };
}

/**
 * A key-mapping function from rules (see {@link KeyRule}); the first rule whose pattern matches applies.
 * @param rules - `[pattern, replacement]` pairs
 * @returns key → new key, or null for a dropped key
 * @throws ValueError when a rule is malformed (a glob with `**` inside a segment, say) or a glob replacement
 *   names a wildcard the glob lacks
 * @example
 * const map = tn.nn.keyMapper([['module.**', '$1'], ['**.running_var', '$1.var'], [/^head\./, 'fc.']]);
 * map('module.layer1.0.conv1.weight') // 'layer1.0.conv1.weight'
 * map('bn.running_var')               // 'bn.var'
 * map('running_var')                  // 'var' ($1 captured no segment)
 */
export function keyMapper(rules: readonly KeyRule[]): (key: string) => string | null {
  if (!Array.isArray(rules)) throw new ValueError('keyMapper', `expected a list of [pattern, replacement] rules, found ${typeof rules}`);
  const compiled = rules.map((rule, i) => compileRule(rule, i));
  return (key) => {
    for (const rule of compiled) {
      const renamed = rule(key);
      if (renamed !== undefined) return renamed;
    }
    return key;
  };
}

/**
 * A copy of a state dict with its keys renamed (the values are the same objects, neither copied nor disposed).
 * @param stateDict - name → value (tensors, usually)
 * @param mapping - rules (see {@link KeyRule}) or a function (`null` drops a key, `undefined` keeps it)
 * @returns the renamed dict, in the original order
 * @throws ValueError when two keys get the same new name, or a key maps to the empty string
 * @example
 * // weights saved from torch.nn.DataParallel, without their classifier
 * const sd = tn.nn.renameKeys(await tn.io.loadSafetensors('model.safetensors'), [['module.fc.*', null], ['module.**', '$1']]);
 */
export function renameKeys<T>(stateDict: Readonly<Record<string, T>>, mapping: KeyMapping): Record<string, T> {
  const map: KeyMapFn = typeof mapping === 'function' ? mapping : keyMapper(mapping);
  const out: Record<string, T> = {};
  const origin = new Map<string, string>();
  for (const [key, value] of Object.entries(stateDict)) {
    const mapped = map(key);
    if (mapped === null) continue;
    const name = mapped ?? key;
    if (typeof name !== 'string' || name === '') {
      throw new ValueError('renameKeys', `key '${key}' maps to ${JSON.stringify(name)}; expected a non-empty string, null (drop) or undefined (keep)`);
    }
    const first = origin.get(name);
    if (first !== undefined) throw new ValueError('renameKeys', `keys '${first}' and '${key}' both map to '${name}'`);
    origin.set(name, key);
    out[name] = value;
  }
  return out;
}
