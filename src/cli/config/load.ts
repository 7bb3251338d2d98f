/**
 * Reading a run's config: a JSON or YAML file, then `--key value` overrides from the command line, validated
 * against the command's schema before any work starts, then every file it names checked to exist.
 */
import type * as z from 'zod';
import { configError, missingFileError } from '../errors.js';
import { formatIssues } from './issues.js';
import { jsonErrorPosition } from './json-position.js';

/** Short flags for common config keys, per command (`--epochs 3` = `--training.epochs 3`). */
export type FlagAliases = Readonly<Record<string, string>>;

/** Node's fs and path, loaded lazily (the cli layer runs in Node only). */
async function node(): Promise<{ fs: typeof import('node:fs/promises'); path: typeof import('node:path') }> {
  return { fs: await import('node:fs/promises'), path: await import('node:path') };
}

/** Parse a config file's text: JSON for `.json`, YAML for `.yaml`/`.yml`; errors say where. */
export async function parseConfigText(text: string, file: string): Promise<unknown> {
  const YAML = await import('yaml');
  const json = file.toLowerCase().endsWith('.json');
  if (json) {
    try {
      return JSON.parse(text);
    } catch (e) {
      const where = jsonErrorPosition(text);
      throw configError(`${file}: not valid JSON${where !== undefined ? ` at line ${where.line}, column ${where.col}` : ''}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const where = error.linePos?.[0];
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw configError(`${file}: not valid YAML${where !== undefined ? ` at line ${where.line}, column ${where.col}` : ''}: ${what}`);
  }
  return doc.toJS();
}

/** Set `value` at dotted `key` in `target`, creating objects on the way; an error when a non-object is in the way. */
export function setDotted(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const [i, part] of parts.slice(0, -1).entries()) {
    const next = node[part];
    if (next === undefined) node[part] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      throw configError(`--${key}: ${parts.slice(0, i + 1).join('.')} is ${JSON.stringify(next)} in the config, not an object with keys`);
    }
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions<S extends z.ZodType> {
  /** The command's schema. */
  readonly schema: S;
  /** `--key value` overrides, applied in order after the file is read. */
  readonly overrides?: readonly (readonly [string, unknown])[];
  /** Short flags for config keys. */
  readonly aliases?: FlagAliases;
  /** Directory relative file paths are resolved against (the working directory). */
  readonly cwd: string;
}

/** A validated config and where it came from. */
export interface LoadedConfig<T> {
  /** The config, defaults filled in. */
  readonly config: T;
  /** The config file's absolute path. */
  readonly file: string;
  /** The file name without directory and extension (the default run name). */
  readonly stem: string;
}

/**
 * Read, override and validate a config file.
 * @throws CliError: missing file (exit 4), unparsable or invalid config (exit 3) naming each offending key, what
 *   was expected and what was found, and whether it came from the file or a flag.
 */
export async function loadConfig<S extends z.ZodType>(file: string, options: LoadConfigOptions<S>): Promise<LoadedConfig<z.infer<S>>> {
  const { fs, path } = await node();
  const absolute = path.resolve(options.cwd, file);
  let text: string;
  try {
    text = await fs.readFile(absolute, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw missingFileError(`config file ${file} not found (looked at ${absolute})`);
    throw configError(`cannot read config file ${file}: ${(e as Error).message}`);
  }
  if (!/\.(json|ya?ml)$/i.test(absolute)) throw configError(`${file}: expected a .json, .yaml or .yml config file`);
  const raw = await parseConfigText(text, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError(`${file}: expected a mapping of keys to values at the top level, found ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)}`);
  }
  const input = structuredClone(raw) as Record<string, unknown>;
  const fromFlags: string[] = [];
  for (const [flag, value] of options.overrides ?? []) {
    const key = options.aliases?.[flag] ?? flag;
    setDotted(input, key, value);
    fromFlags.push(key);
  }
  const result = options.schema.safeParse(input);
  if (!result.success) {
    const lines = formatIssues(result.error.issues, options.schema, input).map(({ key, line }) => {
      const flag = fromFlags.find((k) => key === k || key.startsWith(`${k}.`) || key.startsWith(`${k}[`) || k.startsWith(`${key}.`));
      return flag !== undefined ? `--${flag}: ${line}` : line;
    });
    throw configError(`${file}: invalid config: ${lines.join('; ')}`);
  }
  const stem = path.basename(absolute).replace(/\.(json|ya?ml)$/i, '');
  return { config: result.data as z.infer<S>, file: absolute, stem };
}

/**
 * Check that every file a config names exists, before any work starts.
 * @param files - `[dotted key, path]` pairs; a path relative to `cwd`
 * @throws CliError (exit 4) naming the key and the path.
 */
export async function checkFilesExist(files: readonly (readonly [string, string])[], cwd: string): Promise<void> {
  const { fs, path } = await node();
  for (const [key, file] of files) {
    try {
      await fs.access(path.resolve(cwd, file));
    } catch {
      throw missingFileError(`${key}: file ${file} not found (looked at ${path.resolve(cwd, file)})`);
    }
  }
}
