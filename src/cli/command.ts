/** What every `tasknet` subcommand is: its help text, its flags, and what it runs. */
import type { FlagSpec, ParsedArgs } from './args.js';
import type { Output } from './output.js';

/** What a subcommand runs with. */
export interface CliContext {
  /** The working directory relative paths start from. */
  readonly cwd: string;
  /** Environment variables. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where it prints. */
  readonly out: Output;
}

/** A subcommand. It throws a CliError (one-line message, exit code) on failure. */
export interface Command {
  /** Name, as typed: `train`. */
  readonly name: string;
  /** One line for `tasknet --help`. */
  readonly summary: string;
  /** Synopsis: `tasknet train CONFIG [--key value ...]`. */
  readonly usage: string;
  /** A paragraph for `tasknet <name> --help`. */
  readonly description: string;
  /** Example command lines, each with a comment. */
  readonly examples: readonly string[];
  /** Flags besides the global ones. */
  readonly flags: readonly FlagSpec[];
  /** Whether undeclared `--key value` flags are config overrides (commands with a config file). */
  readonly overrides?: boolean;
  /** Run with the parsed command line. */
  run(args: ParsedArgs, ctx: CliContext): Promise<void>;
}
