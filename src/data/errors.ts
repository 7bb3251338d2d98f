/** Errors of the data layer: a malformed file or text, located by file, line or byte offset. */
import { ValueError } from '../core/index.js';

/** Where in a file (or text) a format problem was found. */
export interface DataLocation {
  /** File name (or a label such as `'<text>'` for parsed strings). */
  readonly file?: string;
  /** 1-based line number, for text formats. */
  readonly line?: number;
  /** 0-based byte offset, for binary formats. */
  readonly offset?: number;
}

function where(loc: DataLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.offset !== undefined) parts.push(`byte offset ${loc.offset}`);
  return parts.length > 0 ? `${parts.join(', ')}: ` : '';
}

/**
 * A file or text does not follow its format (wrong magic number, truncated data, a CSV row with the wrong
 * number of fields ...). The message says what was expected, what was found and where.
 * @example
 * try { await tn.data.readIdx('bad.idx'); } catch (e) {
 *   if (e instanceof tn.data.DataFormatError) console.log(e.file, e.offset);
 * }
 */
export class DataFormatError extends ValueError {
  /** The file (or text label) that is malformed. */
  readonly file: string | undefined;
  /** 1-based line of the problem, for text formats. */
  readonly line: number | undefined;
  /** 0-based byte offset of the problem, for binary formats. */
  readonly offset: number | undefined;

  /**
   * @param op - the reader that failed, e.g. `'readIdx'`
   * @param location - file, line and/or byte offset
   * @param message - what was expected and what was found
   */
  constructor(op: string, location: DataLocation, message: string) {
    super(op, `${where(location)}${message}`);
    this.name = 'DataFormatError';
    this.file = location.file;
    this.line = location.line;
    this.offset = location.offset;
  }
}
