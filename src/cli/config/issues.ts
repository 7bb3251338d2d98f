/** zod's validation issues as one line each: the key's dotted path, what was expected and what was found. */
import type * as z from 'zod';

/** A schema's inner schema once optional/default/nullable/pipe wrappers are taken off. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } };
  for (;;) {
    const def = s._zod.def;
    if (def.innerType !== undefined) s = def.innerType as unknown as typeof s;
    else if (def.type === 'pipe' && def.in !== undefined) s = def.in as unknown as typeof s;
    else return s as unknown as z.ZodType;
  }
}

type Def = { type: string; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; values?: unknown[] };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Whether `input` agrees with every literal-valued key of an object schema (picks a discriminated union's member). */
function matchesLiterals(shape: Record<string, z.ZodType>, input: unknown): boolean {
  if (input === null || typeof input !== 'object') return true;
  return Object.entries(shape).every(([key, schema]) => {
    const def = defOf(unwrap(schema));
    return def.type !== 'literal' || (def.values ?? []).includes((input as Record<string, unknown>)[key]);
  });
}

/**
 * The keys an object schema at `path` allows, or [] when the path leads elsewhere. For a union, the members whose
 * literal keys (`name: mlp`) match `input` at that path, or every member when none does.
 */
export function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[], input?: unknown): string[] {
  let current: z.ZodType[] = [schema];
  for (let depth = 0; depth <= path.length; depth++) {
    const key = path[depth];
    const here = valueAt(input, path.slice(0, depth));
    const objects = current.flatMap((s) => {
      const inner = unwrap(s);
      const def = defOf(inner);
      const members = def.type === 'union' ? (def.options ?? []).map(unwrap) : [inner];
      const shaped = members.filter((m) => defOf(m).shape !== undefined);
      const matching = shaped.filter((m) => matchesLiterals(defOf(m).shape!, here));
      return matching.length > 0 ? matching : shaped;
    });
    if (key === undefined) return [...new Set(objects.flatMap((o) => Object.keys(defOf(o).shape!)))];
    current = objects.flatMap((o) => (typeof key === 'string' && defOf(o).shape![key] !== undefined ? [defOf(o).shape![key]!] : []));
  }
  return [];
}

/** The value at `path` in `input`, or undefined. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** A found value as a short text: `"abc" (a string)`, `3 (a number)`, `an array`, `an object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${text.length > 40 ? `${text.slice(0, 37)}…` : text} (a ${typeof value})`;
}

/** A dotted path, array indices in brackets: `optimizer.lr`, `labels[2]`; `(top level)` for the root. */
export function dottedPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text === '' ? '' : '.'}${String(key)}`;
  return text === '' ? '(top level)' : text;
}

/** Expected side of an issue, in words. */
function expected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': return issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
    case 'invalid_value': return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small': return issue.origin === 'array' ? `at least ${String(issue.minimum)} item(s)` : `${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
    case 'too_big': return issue.origin === 'array' ? `at most ${String(issue.maximum)} item(s)` : `${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
    case 'invalid_format': return issue.format === 'regex' ? (issue.message ?? 'another format') : `a ${issue.format}`;
    default: return issue.message;
  }
}

/** One issue as text, with the dotted key it is about. */
export interface IssueLine {
  /** The offending key (for an unknown key, the key itself). */
  readonly key: string;
  /** `key: what was expected, what was found`. */
  readonly line: string;
}

/**
 * One line per issue, e.g. `optimizer.lr: expected a number, found "fast" (a string)` or `training.epoch: unknown
 * key (expected one of epochs, batchSize, earlyStopping, monitor)`.
 * @param issues - zod's issues
 * @param schema - the schema that raised them (for the allowed keys)
 * @param input - the value validated (for what was found)
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, input: unknown): IssueLine[] {
  return issues.flatMap((issue): IssueLine[] => {
    const key = dottedPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeys(schema, issue.path, input);
      return issue.keys.map((k) => {
        const full = dottedPath([...issue.path, k]);
        return { key: full, line: `${full}: unknown key (expected ${allowed.length > 0 ? `one of ${allowed.join(', ')}` : 'no other key'})` };
      });
    }
    if (issue.code === 'invalid_union' && 'discriminator' in issue) {
      const options = (issue as unknown as { options: unknown[] }).options;
      return [{ key, line: `${key}: expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, found ${describeValue(valueAt(input, issue.path))}` }];
    }
    if (issue.code === 'custom') return [{ key, line: `${key}: ${issue.message}` }];
    const found = valueAt(input, issue.path);
    const foundText = issue.code === 'invalid_type' && found === undefined ? 'nothing (the key is required)' : describeValue(found);
    return [{ key, line: `${key}: expected ${expected(issue)}, found ${foundText}` }];
  });
}
