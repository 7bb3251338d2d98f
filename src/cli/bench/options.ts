/** The options of `tasknet bench`, read and checked from its flags. */
import type { ParsedArgs } from '../args.js';
import { usageError } from '../errors.js';

/** Backends `--backend` names; `all` runs them in this order, so ratios read first ÷ second. */
export const BENCH_BACKENDS = ['wasm', 'cpu'] as const;

/** What one `tasknet bench` run measures and how. */
export interface BenchOptions {
  /** Backends to run on, in order: one, or both of {@link BENCH_BACKENDS} for `--backend all`. */
  readonly backends: readonly string[];
  /** Threads to run each backend's kernels on (`--threads`); undefined keeps each backend's own count. */
  readonly threads: number | undefined;
  /** Smaller sizes and fewer repetitions (`--quick`). */
  readonly quick: boolean;
  /** Timed repetitions of each benchmark (`--repeat`); undefined for the default (5, or 3 with `--quick`). */
  readonly repeat: number | undefined;
}

/** Largest `--repeat` accepted: enough for stable medians, small enough that a typo does not run for hours. */
export const MAX_REPEAT = 100;

/**
 * Read `tasknet bench`'s flags.
 * @param args - the parsed command line
 * @param current - the active backend, the default for `--backend`
 * @throws CliError (usage) for a positional argument or a bad `--backend`, `--threads` or `--repeat` value.
 */
export function benchOptions(args: ParsedArgs, current: string): BenchOptions {
  if (args.positionals.length > 0) {
    throw usageError(`tasknet bench takes no arguments, found ${args.positionals.map((p) => `'${p}'`).join(' ')}; see tasknet bench --help`);
  }
  return {
    backends: backendsFlag(args.flags.backend, current),
    threads: integerFlag('threads', args.flags.threads, 1, 16),
    quick: args.flags.quick === true,
    repeat: integerFlag('repeat', args.flags.repeat, 1, MAX_REPEAT),
  };
}

function backendsFlag(value: string | boolean | undefined, current: string): string[] {
  if (value === undefined) return [current];
  if (value === 'all') return [...BENCH_BACKENDS];
  if (typeof value === 'string' && (BENCH_BACKENDS as readonly string[]).includes(value)) return [value];
  throw usageError(`--backend: expected wasm, cpu or all, found '${String(value)}'`);
}

function integerFlag(name: string, value: string | boolean | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(`--${name}: expected an integer from ${min} to ${max}, found '${String(value)}'`);
  }
  return n;
}
