/**
 * CSVLogger and JSONLLogger: one line per epoch (the epoch and its logs) appended to a file and flushed at the
 * end of each epoch, so a crashed run keeps every finished epoch. Node.js only (`node:fs` on first use).
 */
import { ValueError } from '../core/index.js';
import type { Callback } from './callbacks.js';
import type { Logs } from './types.js';

/** Options of CSVLogger and JSONLLogger. */
export interface EpochLoggerOptions {
  /** Keep what the file holds and add to it (resuming a run); default false: start a new file. */
  readonly append?: boolean;
}

/** Options of CSVLogger. */
export interface CsvLoggerOptions extends EpochLoggerOptions {
  /** Field separator (default `,`). */
  readonly separator?: string;
}

type Fs = typeof import('node:fs/promises');

async function nodeFs(op: string): Promise<Fs> {
  try {
    return await import('node:fs/promises');
  } catch (_) {
    throw new ValueError(op, 'writing log files needs Node.js (node:fs is not available here)');
  }
}

function checkPath(op: string, path: unknown): asserts path is string {
  if (typeof path !== 'string' || path.length === 0) throw new ValueError(op, `path must be a non-empty string, found ${typeof path}`);
}

/** Append `text` and flush it to disk. */
async function appendFlushed(fs: Fs, path: string, text: string): Promise<void> {
  const handle = await fs.open(path, 'a');
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The text of a file, or '' when there is none. */
async function readIfExists(fs: Fs, path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return '';
    throw error;
  }
}

/**
 * Write one CSV row per epoch (Keras `CSVLogger`): a header `epoch,<log names>` (the first epoch's names,
 * sorted), then `epoch` (0-based) and each value at full precision (`NaN`, `Infinity` as such; a name missing
 * from a later epoch's logs leaves its field empty, a new name is left out). With `append`, an existing
 * header is kept and its columns reused.
 * @example
 * callbacks: [new tn.train.CSVLogger('runs/a/log.csv')]
 */
export class CSVLogger implements Callback {
  private columns: string[] | undefined;
  private fs: Fs | undefined;
  private readonly separator: string;

  /** @param path - the CSV file @param options - append, separator */
  constructor(readonly path: string, readonly options: CsvLoggerOptions = {}) {
    checkPath('CSVLogger', path);
    this.separator = options.separator ?? ',';
    if (this.separator.length === 0 || /["\r\n]/.test(this.separator)) {
      throw new ValueError('CSVLogger', `separator must be non-empty without quotes or newlines, found ${JSON.stringify(this.separator)}`);
    }
  }

  async onTrainBegin(): Promise<void> {
    const fs = await nodeFs('CSVLogger');
    this.fs = fs;
    this.columns = undefined;
    if (this.options.append === true) {
      const header = (await readIfExists(fs, this.path)).split(/\r?\n/, 1)[0] ?? '';
      if (header.length > 0) this.columns = header.split(this.separator).map(unquote).slice(1);
    } else {
      await fs.writeFile(this.path, '');
    }
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const fs = this.fs ?? await nodeFs('CSVLogger');
    this.fs = fs;
    let text = '';
    if (this.columns === undefined) {
      this.columns = Object.keys(logs).sort();
      text += `${['epoch', ...this.columns].map((c) => this.quote(c)).join(this.separator)}\n`;
    }
    const fields = [String(epoch), ...this.columns.map((c) => (logs[c] === undefined ? '' : String(logs[c])))];
    text += `${fields.join(this.separator)}\n`;
    await appendFlushed(fs, this.path, text);
  }

  private quote(field: string): string {
    return field.includes(this.separator) || /["\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
  }
}

function unquote(field: string): string {
  return field.startsWith('"') && field.endsWith('"') && field.length >= 2 ? field.slice(1, -1).replace(/""/g, '"') : field;
}

/** A log value as JSON: finite numbers as they are, NaN and ±Infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. */
function jsonValue(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/**
 * Write one JSON object per line and epoch: `{"epoch": 0, "loss": 0.69, "val_loss": 0.7, ...}` (epoch
 * 0-based; NaN and ±Infinity as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, since JSON has no such numbers).
 * @example
 * callbacks: [new tn.train.JSONLLogger('runs/a/log.jsonl')]
 */
export class JSONLLogger implements Callback {
  private fs: Fs | undefined;

  /** @param path - the JSON Lines file @param options - append */
  constructor(readonly path: string, readonly options: EpochLoggerOptions = {}) {
    checkPath('JSONLLogger', path);
  }

  async onTrainBegin(): Promise<void> {
    const fs = await nodeFs('JSONLLogger');
    this.fs = fs;
    if (this.options.append !== true) await fs.writeFile(this.path, '');
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const fs = this.fs ?? await nodeFs('JSONLLogger');
    this.fs = fs;
    const line: Record<string, number | string> = { epoch };
    for (const [k, v] of Object.entries(logs)) if (k !== 'epoch') line[k] = jsonValue(v);
    await appendFlushed(fs, this.path, `${JSON.stringify(line)}\n`);
  }
}
