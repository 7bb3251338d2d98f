/**
 * Globs over dotted names (parameter, module and state-dict keys): `features.*`, `layer4.**`, `fc.weight`,
 * `layer*.0`. The one dialect of `tn.transfer.freeze`/`addLora`/`prefixLrGroups` and of key-mapping rules
 * (`loadStateDict(sd, {mapKey})`, `renameKeys`):
 * - a pattern is segments separated by single dots, as a name is;
 * - `*` alone matches exactly one (non-empty) segment; inside a segment it matches any characters but a dot,
 *   none included (`layer*` matches `layer`, `layer1`, `layer42`);
 * - `**`, which must be a whole segment, matches zero or more segments, its dot included: `layer4.**` matches
 *   `layer4` and `layer4.1.bn2.bias`, `**.bias` matches `bias` and `a.b.bias`, `a.**.b` matches `a.b` and `a.x.y.b`;
 * - every other character is literal, and the whole name must match.
 * Every `*` and every `**` is a capture group, in order; one that matched nothing captured `''` (a `**` group that
 * matched no segment is `undefined` in `exec`'s result, as an optional group is).
 */
import { ValueError } from '../core/index.js';

/** A compiled name glob: the anchored RegExp of `globToRegExp`, one capture group per wildcard. */
export type NameGlob = RegExp;

/** One or more whole segments: what `**` captures when it matches anything. */
const SEGMENTS = '[^.]+(?:\\.[^.]+)*';

const escapeRegExp = (text: string): string => text.replace(/[\\^$.|?+()[\]{}]/g, '\\$&');

/** A segment without `**`: a lone `*` is one non-empty segment, a `*` among other characters any run of non-dots. */
const segmentSource = (segment: string): string =>
  segment === '*' ? '([^.]+)' : segment.split('*').map(escapeRegExp).join('([^.]*)');

/**
 * The anchored RegExp of a dotted-name glob (the dialect is described in this module's header): `*` one segment
 * (or, inside a segment, any characters but a dot), a whole segment `**` zero or more segments with their dot,
 * each wildcard a capture group in order.
 * @param glob - e.g. `'features.*'`, `'layer4.**'`, `'**.running_var'`, `'fc.weight'`
 * @param op - the calling function, for error messages
 * @returns a RegExp to `test` or `exec` against a whole dotted name
 * @throws ValueError for an empty pattern, an empty segment (`a..b`) or `**` inside a segment (`a**`)
 * @example
 * tn.nn.globToRegExp('layer*.**.weight').exec('layer1.0.conv1.weight') // captures '1', '0.conv1'
 * tn.nn.globToRegExp('layer4.**').test('layer4')                       // true: ** matches zero segments
 */
export function globToRegExp(glob: string, op = 'globToRegExp'): NameGlob {
  if (typeof glob !== 'string' || glob === '') throw new ValueError(op, `expected a non-empty name pattern, found ${JSON.stringify(glob)}`);
  const segments = glob.split('.');
  for (const segment of segments) {
    if (segment === '') throw new ValueError(op, `pattern '${glob}' has an empty segment (expected names separated by single dots)`);
    if (segment !== '**' && segment.includes('**')) {
      throw new ValueError(op, `pattern '${glob}': expected '**' only as a whole segment (as in 'a.**.b'), found '${segment}'`);
    }
  }
  // A `**` in the leading run takes the dot on its right (none when it is last); any other `**` the dot on its left.
  const lead = segments.findIndex((segment) => segment !== '**');
  const leading = lead === -1 ? segments.length : lead;
  const body = segments.map((segment, i) => {
    if (i < leading) return i === segments.length - 1 ? `(${SEGMENTS})?` : `(?:(${SEGMENTS})\\.)?`;
    if (segment === '**') return `(?:\\.(${SEGMENTS}))?`;
    return (i > leading ? '\\.' : '') + segmentSource(segment);
  });
  return new RegExp(`^${body.join('')}$`);
}

/**
 * Whether a dotted name matches the whole glob (`''`, the root module, has no segments: only `**` matches it).
 * @param glob - from `globToRegExp` (`tn.transfer.compileNameGlob`)
 * @param name - a dotted name (`layer4.0.conv1.weight`)
 * @example tn.nn.matchesName(tn.nn.globToRegExp('fc.*'), 'fc.bias') // true
 */
export function matchesName(glob: NameGlob, name: string): boolean {
  return glob.test(name);
}

/**
 * Whether the glob matches `name` or a module that contains it (a prefix of its segments), so that a pattern
 * naming a module covers all its parameters: `coversName(globToRegExp('features'), 'features.0.weight')`.
 * @param glob - from `globToRegExp` (`tn.transfer.compileNameGlob`)
 * @param name - a dotted parameter or module name
 * @example tn.nn.coversName(tn.nn.globToRegExp('layer4'), 'layer4.1.bn2.bias') // true
 */
export function coversName(glob: NameGlob, name: string): boolean {
  const segments = name === '' ? [] : name.split('.');
  for (let k = 0; k <= segments.length; k++) if (glob.test(segments.slice(0, k).join('.'))) return true;
  return false;
}
