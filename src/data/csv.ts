/** CSV parsing (browser-safe): quoted fields, numeric and categorical columns. `readCsv` reads files. */
import { ValueError } from '../core/index.js';
import { fromTypedArray, type Tensor } from '../tensor/index.js';
import { DataFormatError } from './errors.js';

/** Options of `parseCsv` and `readCsv`. */
export interface CsvOptions {
  /** The first record holds column names (default true); otherwise columns are named `'0'`, `'1'`, ... */
  readonly header?: boolean;
  /** Field separator, one character (default `','`). */
  readonly delimiter?: string;
  /** Columns to read as categorical even when every value is a number (e.g. integer class labels). */
  readonly categorical?: readonly string[];
  /** Field texts that mean "missing": NaN in numeric columns, code −1 in categorical ones (default `['', 'NA', 'NaN', 'nan', 'null']`). */
  readonly naValues?: readonly string[];
  /** Name of the source in error messages (default `'<text>'`; `readCsv` passes the file path). */
  readonly source?: string;
}

/** One column of a parsed CSV table. */
export interface CsvColumn {
  /** Column name (from the header, or its position). */
  readonly name: string;
  /** `'numeric'`: every present value parses as a number; `'categorical'`: anything else. */
  readonly kind: 'numeric' | 'categorical';
  /** Numeric: float32 values (NaN where missing). Categorical: int32 codes into `categories` (−1 where missing). */
  readonly values: Float32Array | Int32Array;
  /** Categorical columns: the distinct values in sorted order (code i ↔ categories[i]). */
  readonly categories?: readonly string[];
}

/** A parsed CSV table: columns in file order. */
export interface CsvTable {
  /** Column names in file order. */
  readonly names: readonly string[];
  /** Columns in file order. */
  readonly columns: readonly CsvColumn[];
  /** Number of data rows. */
  readonly numRows: number;
  /** The raw field texts, row by row. */
  readonly rows: readonly (readonly string[])[];
  /**
   * The named column.
   * @throws ValueError naming the available columns when there is none by that name.
   */
  column(name: string): CsvColumn;
  /**
   * Columns as one float32 matrix `[numRows, names.length]` (categorical columns as their codes).
   * @param names - which columns, in order (default all)
   */
  toTensor(names?: readonly string[]): Tensor;
}

/** Split CSV text into records of raw fields, each with the 1-based line it starts on. Blank lines are skipped. */
export function splitCsvRecords(text: string, delimiter = ',', source = '<text>'): { fields: string[]; line: number }[] {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ValueError('parseCsv', `delimiter must be one character other than a quote or newline, found ${JSON.stringify(delimiter)}`);
  }
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let startLine = 1;
  let quoted = false;
  let quoteLine = 0;
  let sawAnything = false;
  let sawQuote = false;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || (fields[0] as string).trim() !== '' || sawQuote) records.push({ fields, line: startLine });
    fields = [];
    field = '';
    sawAnything = false;
    sawQuote = false;
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (!sawAnything) startLine = line;
    if (c === '"' && field.trim() === '') { quoted = true; sawQuote = true; quoteLine = line; field = ''; sawAnything = true; } else if (c === delimiter) {
      fields.push(field);
      field = '';
      sawAnything = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else {
      field += c;
      sawAnything = true;
    }
  }
  if (quoted) throw new DataFormatError('parseCsv', { file: source, line: quoteLine }, 'unterminated quoted field: expected a closing quote (") before the end of the text');
  if (sawAnything || field !== '') endRecord();
  return records;
}

function buildColumn(name: string, texts: string[], forceCategorical: boolean, na: Set<string>): CsvColumn {
  const trimmed = texts.map((t) => t.trim());
  const numeric = !forceCategorical && trimmed.some((t) => !na.has(t)) &&
    trimmed.every((t) => na.has(t) || Number.isFinite(Number(t)) || /^[+-]?(inf|infinity)$/i.test(t));
  if (numeric) {
    const values = Float32Array.from(trimmed, (t) => (na.has(t) ? NaN : /^[+-]?inf/i.test(t) ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t)));
    return { name, kind: 'numeric', values };
  }
  const categories = [...new Set(trimmed.filter((t) => !na.has(t)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const code = new Map(categories.map((c, i) => [c, i]));
  const values = Int32Array.from(trimmed, (t) => code.get(t) ?? -1);
  return { name, kind: 'categorical', values, categories };
}

/**
 * Parse CSV text (RFC 4180: fields in double quotes may hold delimiters, newlines and `""` for a quote; CRLF or LF
 * line ends; blank lines ignored). Columns whose present values all parse as numbers become float32, others
 * categorical int32 codes with their sorted category list.
 * @param text - the CSV text
 * @param options - header (true), delimiter (','), categorical column names, naValues, source name for errors
 * @throws DataFormatError naming the line of a row with the wrong number of fields, or of an unterminated quote.
 * @example
 * const table = tn.data.parseCsv('name,age\n"Smith, J",42\nLee,37\n');
 * table.column('age').values;      // Float32Array [42, 37]
 * table.column('name').categories; // ['Lee', 'Smith, J']
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvTable {
  const source = options.source ?? '<text>';
  const records = splitCsvRecords(text, options.delimiter ?? ',', source);
  const header = options.header ?? true;
  const first = records[0];
  if (first === undefined) throw new DataFormatError('parseCsv', { file: source }, 'expected at least one record, found an empty text');
  const width = first.fields.length;
  const names = header ? first.fields.map((f) => f.trim()) : first.fields.map((_, j) => String(j));
  const body = header ? records.slice(1) : records;
  for (const record of body) {
    if (record.fields.length !== width) {
      throw new DataFormatError('parseCsv', { file: source, line: record.line },
        `expected ${width} fields (as in ${header ? 'the header' : 'the first row'}), found ${record.fields.length}`);
    }
  }
  const na = new Set(options.naValues ?? ['', 'NA', 'NaN', 'nan', 'null']);
  const forced = new Set(options.categorical ?? []);
  for (const name of forced) {
    if (!names.includes(name)) throw new ValueError('parseCsv', `categorical column '${name}' is not among the columns [${names.join(', ')}]`);
  }
  const rows = body.map((r) => r.fields);
  const columns = names.map((name, j) => buildColumn(name, rows.map((r) => r[j] as string), forced.has(name), na));
  const column = (name: string): CsvColumn => {
    const found = columns.find((c) => c.name === name);
    if (found === undefined) throw new ValueError('CsvTable.column', `no column '${name}' in ${source} (columns: ${names.join(', ')})`);
    return found;
  };
  return {
    names, columns, rows, numRows: rows.length, column,
    toTensor(selected: readonly string[] = names): Tensor {
      const cols = selected.map(column);
      const out = new Float32Array(rows.length * cols.length);
      cols.forEach((c, j) => c.values.forEach((v, i) => { out[i * cols.length + j] = v; }));
      return fromTypedArray(out, [rows.length, cols.length], 'float32');
    },
  };
}
