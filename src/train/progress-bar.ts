/**
 * A text progress bar with rate and ETA. On a TTY it redraws one line; elsewhere it prints a
 * plain line at a few milestones, so logs stay readable. Browser-safe (writes through a sink).
 */

/** Where the bar writes: a TTY-like stream, or a line logger. */
export interface ProgressSink {
  /** True when the sink can redraw a line in place (`\r`). */
  readonly isTTY: boolean;
  /** Write raw text. */
  write(text: string): void;
  /** Terminal width in columns, when known. */
  readonly columns?: number;
}

/** The process's stderr when running under Node, else console lines. */
export function defaultSink(): ProgressSink {
  const stream = (globalThis as { process?: { stderr?: { isTTY?: boolean; columns?: number; write(s: string): boolean } } }).process?.stderr;
  if (stream !== undefined) {
    return { isTTY: stream.isTTY === true, columns: stream.columns, write: (s) => { stream.write(s); } };
  }
  return { isTTY: false, write: (s) => console.log(s.replace(/\n$/, '')) };
}

/** Options of a ProgressBar. */
export interface ProgressOptions {
  /** Text before the bar, e.g. `epoch 1/10`. */
  readonly label?: string;
  /** Unit counted per `tick` (for the rate), e.g. `samples`. */
  readonly unit?: string;
  /** Output; defaults to stderr. */
  readonly sink?: ProgressSink;
  /** Print nothing at all. */
  readonly quiet?: boolean;
  /** Clock in milliseconds (tests inject one). */
  readonly now?: () => number;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/**
 * Progress over `total` steps with a live status (loss, metrics), rate and ETA.
 * @example
 * const bar = new ProgressBar(469, {label: 'epoch 1/3', unit: 'samples'});
 * bar.tick(1, 128, {loss: 0.41}); ... bar.done({loss: 0.30, val_acc: 0.91});
 */
export class ProgressBar {
  private done_ = 0;
  private units = 0;
  private readonly start: number;
  private lastDraw = -Infinity;
  private nextMilestone = 0.25;
  private readonly sink: ProgressSink;
  private readonly now: () => number;

  /**
   * @param total - number of steps (0 or unknown: no bar, just counts)
   * @param options - label, unit, sink, quiet
   */
  constructor(readonly total: number, readonly options: ProgressOptions = {}) {
    this.sink = options.sink ?? defaultSink();
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Advance by `steps` that covered `units` items (e.g. samples), updating the status. */
  tick(steps = 1, units = steps, status: Record<string, number> = {}): void {
    this.done_ += steps;
    this.units += units;
    if (this.options.quiet === true) return;
    const t = this.now();
    if (this.sink.isTTY) {
      if (t - this.lastDraw < 100 && this.done_ < this.total) return;
      this.lastDraw = t;
      this.sink.write(`\r${this.render(status)}\x1b[K`);
    } else if (this.total > 0 && this.done_ / this.total >= this.nextMilestone && this.done_ < this.total) {
      while (this.done_ / this.total >= this.nextMilestone) this.nextMilestone += 0.25;
      this.sink.write(`${this.render(status)}\n`);
    }
  }

  /** Finish the bar with a final status line. */
  done(status: Record<string, number> = {}): void {
    if (this.options.quiet === true) return;
    const line = this.render(status, true);
    this.sink.write(this.sink.isTTY ? `\r${line}\x1b[K\n` : `${line}\n`);
  }

  /** Seconds since the bar started. */
  get elapsed(): number {
    return (this.now() - this.start) / 1000;
  }

  private render(status: Record<string, number>, finished = false): string {
    const elapsed = this.elapsed;
    const rate = elapsed > 0 ? this.units / elapsed : 0;
    const parts: string[] = [];
    if (this.options.label !== undefined) parts.push(this.options.label);
    if (this.total > 0) {
      const fraction = Math.min(1, this.done_ / this.total);
      const width = Math.max(10, Math.min(30, (this.sink.columns ?? 100) - 80));
      const filled = Math.round(fraction * width);
      parts.push(`[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${this.done_}/${this.total}`);
    }
    for (const [key, value] of Object.entries(status)) parts.push(`${key} ${formatNumber(value)}`);
    parts.push(`${formatNumber(rate)} ${this.options.unit ?? 'it'}/s`);
    if (finished) parts.push(`${formatDuration(elapsed)}`);
    else if (this.total > 0 && this.done_ > 0) parts.push(`ETA ${formatDuration((elapsed / this.done_) * (this.total - this.done_))}`);
    return parts.join('  ');
  }
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1 || a === 0) return v.toFixed(3).replace(/\.?0+$/, '') || '0';
  return v.toPrecision(4);
}
