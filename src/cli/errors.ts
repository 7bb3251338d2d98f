/** Errors the command line reports as one line, and the exit code each kind of failure gives. */

/** Exit codes of `tasknet`: 0 success; the others say what went wrong, for scripts. */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** A failure during the run (training diverged, an unexpected error). */
  failure: 1,
  /** Bad usage: an unknown subcommand or flag, a missing argument. */
  usage: 2,
  /** A config file that does not validate (or cannot be parsed). */
  config: 3,
  /** A file or folder that is not there (data, checkpoint, config). */
  missingFile: 4,
  /** A checkpoint that exists but cannot be read (corrupt, incomplete, another architecture). */
  badCheckpoint: 5,
  /** Interrupted (Ctrl-C): a resumable checkpoint was saved; 128 + SIGINT as shells report it. */
  interrupted: 130,
} as const;

/** One of {@link EXIT}'s codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error with a one-line message for the user and the exit code it gives. */
export class CliError extends Error {
  /**
   * @param message - what was expected, what was found and where, on one line
   * @param exitCode - the process's exit code
   */
  constructor(message: string, readonly exitCode: ExitCode) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad usage (exit code 2). */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

/** A config that does not validate (exit code 3). */
export function configError(message: string): CliError {
  return new CliError(message, EXIT.config);
}

/** A missing file (exit code 4). */
export function missingFileError(message: string): CliError {
  return new CliError(message, EXIT.missingFile);
}
