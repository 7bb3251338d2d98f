/**
 * What the command line prints, in one of three modes: `human` (messages on stdout, progress bars with ETA on
 * stderr), `quiet` (only the final result and errors) and `json` (one JSON object per line on stdout: events,
 * progress, the result and errors, for scripts).
 */
import { ProgressBar, type ProgressSink } from '../train/index.js';
import { jsonLine } from './json-line.js';

/** A text stream (process.stdout/stderr, or a test's buffer). */
export interface TextStream {
  write(text: string): unknown;
  /** True for a terminal (progress bars redraw in place). */
  readonly isTTY?: boolean;
  /** Terminal width. */
  readonly columns?: number;
}

/** Output mode. */
export type OutputMode = 'human' | 'quiet' | 'json';

/** Progress of one long step: ProgressBar's interface. */
export interface Progress {
  /** Advance by `steps` that covered `units` items, with a live status. */
  tick(steps?: number, units?: number, status?: Record<string, number>): void;
  /** Finish, with a final status. */
  done(status?: Record<string, number>): void;
}

/** JSON-lines progress: an event at 0 %, every quarter and the end. */
class JsonProgress implements Progress {
  private count = 0;
  private next = 0.25;
  private readonly start = performance.now();

  constructor(private readonly out: Output, private readonly label: string, private readonly total: number) {
    out.event('progress', { label, done: 0, total });
  }

  tick(steps = 1, _units = steps, status: Record<string, number> = {}): void {
    this.count += steps;
    if (this.total > 0 && this.count / this.total >= this.next && this.count < this.total) {
      while (this.count / this.total >= this.next) this.next += 0.25;
      const seconds = (performance.now() - this.start) / 1000;
      this.out.event('progress', { label: this.label, done: this.count, total: this.total, eta: (seconds / this.count) * (this.total - this.count), ...status });
    }
  }

  done(status: Record<string, number> = {}): void {
    this.out.event('progress', { label: this.label, done: this.count, total: this.total, seconds: (performance.now() - this.start) / 1000, ...status });
  }
}

const SILENT: Progress = { tick() {}, done() {} };

/** The command line's printer. */
export class Output {
  /**
   * @param mode - human, quiet or json
   * @param stdout - results and messages (and JSON lines)
   * @param stderr - progress bars and errors
   */
  constructor(readonly mode: OutputMode, readonly stdout: TextStream, readonly stderr: TextStream) {}

  /** A message for people (human mode only). */
  info(text: string): void {
    if (this.mode === 'human') this.stdout.write(`${text}\n`);
  }

  /** A structured event (JSON mode only), e.g. `epoch` with its logs. */
  event(type: string, data: Readonly<Record<string, unknown>> = {}): void {
    if (this.mode === 'json') this.stdout.write(jsonLine({ event: type, ...data }));
  }

  /** The command's result: `text` for people (also in quiet mode), `data` as a `result` event in JSON mode. */
  result(text: string, data: Readonly<Record<string, unknown>>): void {
    if (this.mode === 'json') this.event('result', data);
    else this.stdout.write(`${text}\n`);
  }

  /** An error: one line on stderr, plus an `error` event in JSON mode. */
  error(message: string, exitCode: number): void {
    this.stderr.write(`tasknet: ${message}\n`);
    this.event('error', { message, exitCode });
  }

  /** A progress bar (human), progress events (JSON) or nothing (quiet) for a long step of `total` steps. */
  progress(label: string, total: number, unit = 'it'): Progress {
    if (this.mode === 'json') return new JsonProgress(this, label, total);
    if (this.mode === 'quiet') return SILENT;
    return new ProgressBar(total, { label, unit, sink: this.sink() });
  }

  /** Where `fit`'s own progress bars write; undefined when they should be off (quiet and JSON modes). */
  fitSink(): ProgressSink | undefined {
    return this.mode === 'human' ? this.sink() : undefined;
  }

  private sink(): ProgressSink {
    const stream = this.stderr;
    return { isTTY: stream.isTTY === true, columns: stream.columns, write: (s) => { stream.write(s); } };
  }
}
