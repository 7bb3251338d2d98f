/** Command-line parsing: positionals, declared flags, and `--a.b value` overrides of config values. */
import { usageError } from './errors.js';

/** A flag a command declares. */
export interface FlagSpec {
  /** Name without dashes, e.g. `data`. */
  readonly name: string;
  /** `boolean` flags take no value; `string` flags take the next argument (or `--name=value`). */
  readonly type: 'boolean' | 'string';
  /** One short line for `--help`. */
  readonly description: string;
  /** Placeholder for the value in `--help`, e.g. `PATH`. */
  readonly value?: string;
  /** A one-letter alias, e.g. `q` for `-q`. */
  readonly short?: string;
}

/** Flags every subcommand takes. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'show this help and exit' },
  { name: 'quiet', short: 'q', type: 'boolean', description: 'print nothing but errors and the final result' },
  { name: 'json', type: 'boolean', description: 'print JSON lines (events, progress, results) on stdout for scripts' },
];

/** Parsed command line of one subcommand. */
export interface ParsedArgs {
  /** Arguments that are not flags, in order. */
  readonly positionals: readonly string[];
  /** Declared flags by name: `true` for booleans, the text for string flags. */
  readonly flags: Readonly<Record<string, string | boolean>>;
  /** Undeclared `--key value` pairs, dotted keys kept (`optimizer.lr`), values parsed by {@link parseValue}, in order. */
  readonly overrides: readonly (readonly [string, unknown])[];
}

/**
 * A flag's text as a config value: JSON when it parses (`3`, `0.01`, `true`, `null`, `[64, 32]`, `{"a": 1}`),
 * the text itself otherwise (`adam`, `runs/x`).
 */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Parse `argv` (after the subcommand) against `specs` (plus {@link GLOBAL_FLAGS}). With `allowOverrides`, an
 * undeclared `--key value` becomes a config override; without, it is a usage error. `--` ends the flags.
 * @throws CliError (usage) for an unknown flag or a string flag without its value.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], allowOverrides = false): ParsedArgs {
  const all = [...GLOBAL_FLAGS, ...specs];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short !== undefined).map((s) => [s.short!, s]));
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const overrides: [string, unknown][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (/^-[a-zA-Z]$/.test(arg)) {
      const spec = byShort.get(arg.slice(1));
      if (spec === undefined) throw usageError(`unknown option ${arg}; expected one of ${[...byShort.keys()].map((k) => `-${k}`).join(', ')} or --name flags`);
      if (spec.type === 'boolean') flags[spec.name] = true;
      else flags[spec.name] = takeValue(argv, ++i, arg);
      continue;
    }
    if (!arg.startsWith('--') || arg.length === 2) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const spec = byName.get(name);
    if (spec !== undefined) {
      if (spec.type === 'boolean') {
        if (inline !== undefined && inline !== 'true' && inline !== 'false') throw usageError(`--${name} takes no value (or =true/=false), found '${inline}'`);
        flags[name] = inline !== 'false';
      } else flags[name] = inline ?? takeValue(argv, ++i, arg);
      continue;
    }
    if (!allowOverrides) {
      throw usageError(`unknown option --${name}; this command takes ${all.map((s) => `--${s.name}`).join(', ')}`);
    }
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(name)) throw usageError(`--${name} is not a config key (expected letters, digits and dots, as in --optimizer.lr)`);
    overrides.push([name, parseValue(inline ?? takeValue(argv, ++i, arg))]);
  }
  return { positionals, flags, overrides };
}

function takeValue(argv: readonly string[], i: number, flag: string): string {
  const value = argv[i];
  if (value === undefined) throw usageError(`${flag} needs a value`);
  return value;
}

/** The help text's list of flags: one line each, aligned. */
export function formatFlags(specs: readonly FlagSpec[]): string {
  const left = specs.map((s) => `${s.short !== undefined ? `-${s.short}, ` : '    '}--${s.name}${s.value !== undefined ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length));
  return specs.map((s, i) => `  ${left[i]!.padEnd(width)}  ${s.description}`).join('\n');
}
