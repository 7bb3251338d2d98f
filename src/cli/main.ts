/**
 * `tasknet`: the command line. `runCli(argv, io)` parses the subcommand and its flags, runs it, prints errors as one
 * line and returns the exit code (it never calls `process.exit`, so tests run it in-process).
 */
import { TasknetError } from '../core/index.js';
import { CheckpointError } from '../io/index.js';
import { NonFiniteLossError } from '../train/index.js';
import { formatFlags, GLOBAL_FLAGS, parseArgs, type FlagSpec } from './args.js';
import type { Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { CliError, EXIT, usageError } from './errors.js';
import { Output, type TextStream } from './output.js';
import { startEngine } from './engine.js';

/** What the command line reads and writes. */
export interface CliIo {
  readonly stdout: TextStream;
  readonly stderr: TextStream;
  /** Working directory (default `process.cwd()`). */
  readonly cwd?: string;
  /** Environment (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The package version, from package.json. */
export async function packageVersion(): Promise<string> {
  const fs = await import('node:fs/promises');
  const pkg = JSON.parse(await fs.readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** The help line of config overrides. */
const OVERRIDE_FLAG: FlagSpec = { name: 'KEY', value: 'VALUE', type: 'string', description: 'override a config value (dotted keys: --optimizer.lr 0.01)' };
/** The help line of --version (taken before a subcommand). */
const VERSION_FLAG: FlagSpec = { name: 'version', type: 'boolean', description: 'print the version and exit' };

/** `tasknet --help`. */
export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'tasknet — deep learning with multi-task and transfer learning, from config files',
    '',
    'usage: tasknet <command> [arguments] [--flags]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'flags of every command:',
    formatFlags([...GLOBAL_FLAGS, VERSION_FLAG]),
    '',
    'tasknet <command> --help shows its arguments and examples. Exit codes: 0 success, 1 failure, 2 bad usage,',
    '3 invalid config, 4 missing file, 5 unreadable checkpoint, 130 interrupted (resumable).',
  ].join('\n');
}

/** `tasknet <command> --help`. */
export function commandHelp(command: Command): string {
  return [
    `usage: ${command.usage}`,
    '',
    wrap(command.description, 100),
    '',
    'flags:',
    formatFlags([...command.flags, ...GLOBAL_FLAGS, ...(command.overrides === true ? [OVERRIDE_FLAG] : [])]),
    '',
    'examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

/** An error as a CliError: the message to print and the exit code. */
export function toCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof CheckpointError) {
    return new CliError(error.message, error.problem === 'missing' ? EXIT.missingFile : EXIT.badCheckpoint);
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new CliError((error as Error).message, EXIT.missingFile);
  if (error instanceof NonFiniteLossError) return new CliError(`${error.message} (try a lower learning rate)`, EXIT.failure);
  if (error instanceof TasknetError) return new CliError(error.message, EXIT.failure);
  return new CliError(error instanceof Error ? `${error.name}: ${error.message}` : String(error), EXIT.failure);
}

/**
 * Run the command line.
 * @param argv - the arguments after `tasknet`
 * @param io - streams, working directory, environment
 * @returns the exit code
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const mode = argv.includes('--json') ? 'json' : argv.includes('--quiet') || argv.includes('-q') ? 'quiet' : 'human';
  const out = new Output(mode, io.stdout, io.stderr);
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const command = COMMANDS.find((c) => c.name === rest[0]);
      io.stdout.write(`${command !== undefined ? commandHelp(command) : mainHelp()}\n`);
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${await packageVersion()}\n`);
      return EXIT.ok;
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (command === undefined) {
      throw usageError(`unknown command '${name}'; expected one of ${COMMANDS.map((c) => c.name).join(', ')} (tasknet --help)`);
    }
    const args = parseArgs(rest, command.flags, command.overrides === true);
    if (args.flags.help === true) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    await startEngine();
    await command.run(args, { cwd: io.cwd ?? process.cwd(), env: io.env ?? process.env, out });
    return EXIT.ok;
  } catch (error) {
    const cli = toCliError(error);
    out.error(cli.message, cli.exitCode);
    if ((io.env ?? process.env).TASKNET_DEBUG !== undefined && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return cli.exitCode;
  }
}
