/** Dotted-name globs over parameter and module names: `features.*`, `layer4.**`, `fc.weight`, `layer*.0`. */
import { ValueError } from '../core/index.js';

/** A compiled glob: one matcher per name segment, `'**'` for any number of segments. */
export type NameGlob = readonly (RegExp | '**')[];

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');
}

/**
 * Compile a dotted-name glob. Segments are separated by `.`; within a segment `*` matches any characters
 * (`*` alone: exactly one segment, `layer*`: `layer1`, `layer2` …); a segment `**` matches any number of
 * segments, none included.
 * @param pattern - e.g. `'features.*'`, `'layer4.**'`, `'fc.weight'`
 * @param op - the calling function, for error messages
 * @throws ValueError for an empty pattern, an empty segment (`a..b`) or `**` inside a segment (`a**`)
 * @example tn.transfer.matchesName(tn.transfer.compileNameGlob('layer*.**'), 'layer4.0.conv1.weight') // true
 */
export function compileNameGlob(pattern: string, op = 'compileNameGlob'): NameGlob {
  if (typeof pattern !== 'string' || pattern === '') throw new ValueError(op, `expected a non-empty name pattern, found ${JSON.stringify(pattern)}`);
  return pattern.split('.').map((segment) => {
    if (segment === '') throw new ValueError(op, `pattern '${pattern}' has an empty segment (expected names separated by single dots)`);
    if (segment === '**') return '**';
    if (segment.includes('**')) throw new ValueError(op, `pattern '${pattern}': '**' must be a whole segment (found '${segment}')`);
    return new RegExp(`^${segment.split('*').map(escapeRegExp).join('.*')}$`);
  });
}

function matchFrom(glob: NameGlob, i: number, segments: readonly string[], j: number): boolean {
  const matcher = glob[i];
  if (matcher === undefined) return j === segments.length;
  if (matcher === '**') {
    for (let k = j; k <= segments.length; k++) if (matchFrom(glob, i + 1, segments, k)) return true;
    return false;
  }
  const segment = segments[j];
  return segment !== undefined && matcher.test(segment) && matchFrom(glob, i + 1, segments, j + 1);
}

/**
 * Whether a dotted name matches the whole glob (`''`, the root module, has no segments: only `**` matches it).
 * @param glob - from `compileNameGlob`
 * @param name - a dotted name (`layer4.0.conv1.weight`)
 * @example tn.transfer.matchesName(tn.transfer.compileNameGlob('fc.*'), 'fc.bias') // true
 */
export function matchesName(glob: NameGlob, name: string): boolean {
  return matchFrom(glob, 0, name === '' ? [] : name.split('.'), 0);
}

/**
 * Whether the glob matches `name` or a module that contains it (a prefix of its segments), so that a pattern
 * naming a module covers all its parameters: `coversName(compileNameGlob('features'), 'features.0.weight')`.
 * @param glob - from `compileNameGlob`
 * @param name - a dotted parameter or module name
 * @example tn.transfer.coversName(tn.transfer.compileNameGlob('layer4'), 'layer4.1.bn2.bias') // true
 */
export function coversName(glob: NameGlob, name: string): boolean {
  const segments = name === '' ? [] : name.split('.');
  for (let k = 0; k <= segments.length; k++) if (matchFrom(glob, 0, segments.slice(0, k), 0)) return true;
  return false;
}
