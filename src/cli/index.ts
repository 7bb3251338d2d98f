/** cli: the `tasknet` command line (Node.js only): configs, runs, reports. */
export { runCli, mainHelp, commandHelp, toCliError, packageVersion, type CliIo } from './main.js';
export { CliError, EXIT, type ExitCode } from './errors.js';
export { Output, type OutputMode, type TextStream, type Progress } from './output.js';
export { parseArgs, parseValue, type FlagSpec, type ParsedArgs } from './args.js';
export type { Command, CliContext } from './command.js';
export { COMMANDS } from './commands/index.js';
export * as schema from './config/schema.js';
export { loadConfig, parseConfigText, setDotted, checkFilesExist, type LoadConfigOptions, type LoadedConfig } from './config/load.js';
export { RunDir, MetricsLogger, timestamp } from './run-dir.js';
