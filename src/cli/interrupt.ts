/**
 * Ctrl-C during training: the first SIGINT asks the run to stop after the current batch (the last completed epoch's
 * checkpoint is the one `--resume` continues from); a second one exits at once.
 */
import type { Callback } from '../train/index.js';
import { CliError, EXIT } from './errors.js';

/** The error a run stops with when interrupted; the command turns it into exit code 130 and a resume hint. */
export class InterruptedError extends CliError {
  constructor(message: string) {
    super(message, EXIT.interrupted);
    this.name = 'InterruptedError';
  }
}

/** Watches SIGINT while a run trains. */
export class Interrupt {
  /** Whether Ctrl-C was pressed. */
  requested = false;
  private readonly onSignal = (): void => {
    if (this.requested) process.exit(EXIT.interrupted);
    this.requested = true;
  };

  /** Start listening (replaces Node's default exit on SIGINT). */
  listen(): this {
    process.on('SIGINT', this.onSignal);
    return this;
  }

  /** Stop listening. */
  close(): void {
    process.off('SIGINT', this.onSignal);
  }

  /**
   * A `fit` callback that yields to the event loop after every batch (so the signal is seen: training is otherwise
   * one long chain of promises) and throws {@link InterruptedError} once Ctrl-C was pressed.
   * @param hint - what to tell the user, e.g. how to resume
   */
  callback(hint: () => string): Callback {
    return {
      onBatchEnd: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.requested) throw new InterruptedError(`interrupted; ${hint()}`);
      },
    };
  }
}
