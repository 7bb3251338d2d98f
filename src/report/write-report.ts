/**
 * writeReport: `report.html` and `plots/<name>.svg` (plus `plots/example-<i>.png`) into a folder. The only part of
 * the report layer that touches files: through a small file-system interface, by default Node's `node:fs/promises`
 * loaded with `import()` on first use, so that the layer still loads in browsers.
 */
import { StateError, ValueError } from '../core/index.js';
import { toPngImage } from './image.js';
import { encodePng } from './png.js';
import { reportPlots } from './plots.js';
import { renderHtml, type ReportOptions } from './render-report.js';
import type { RunRecord } from './run-record.js';
import { validateRunRecord } from './validate-record.js';

/** The two file operations writeReport needs (a subset of `node:fs/promises`). */
export interface ReportFileSystem {
  /** Create a folder and its parents; no error when it exists. */
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  /** Write (replace) a file. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
}

/** Options of writeReport. */
export interface WriteReportOptions extends ReportOptions {
  /** Where to write (default: Node's `node:fs/promises`). */
  readonly fs?: ReportFileSystem;
}

/** What writeReport wrote. */
export interface WrittenReport {
  /** Path of `report.html`. */
  readonly html: string;
  /** Paths of the plot files (SVG) and example images (PNG), in report order. */
  readonly plots: readonly string[];
}

async function nodeFs(): Promise<ReportFileSystem> {
  try {
    return await import('node:fs/promises');
  } catch (_) {
    throw new StateError('writeReport', 'writing files needs Node.js (node:fs is not available here): pass options.fs, or use renderReport');
  }
}

function join(dir: string, name: string): string {
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${name}` : `${dir}/${name}`;
}

/**
 * Write `dir/report.html` (the page of renderReport) and each plot as `dir/plots/<name>.svg` (and each example image
 * as `dir/plots/example-<i>.png`), creating the folders.
 * @throws ValueError for an empty `dir` or a malformed record (before anything is written); the file system's error when a write fails.
 * @example
 * const {html} = await tn.report.writeReport('runs/mnist-mlp', record); // 'runs/mnist-mlp/report.html'
 */
export async function writeReport(dir: string, record: RunRecord, options: WriteReportOptions = {}): Promise<WrittenReport> {
  if (typeof dir !== 'string' || dir.length === 0) throw new ValueError('writeReport', `dir must be a non-empty path, found ${JSON.stringify(dir)}`);
  const checked = validateRunRecord(record, 'writeReport');
  const plots = reportPlots(checked, options);
  const html = renderHtml(checked, plots);
  const fs = options.fs ?? (await nodeFs());
  const plotDir = join(dir, 'plots');
  await fs.mkdir(plotDir, { recursive: true });
  const written: string[] = [];
  for (const p of plots) {
    const path = join(plotDir, `${p.name}.svg`);
    await fs.writeFile(path, `<?xml version="1.0" encoding="UTF-8"?>\n${p.svg}\n`);
    written.push(path);
  }
  for (const [i, e] of (checked.classification?.examples ?? []).entries()) {
    const path = join(plotDir, `example-${i + 1}.png`);
    await fs.writeFile(path, encodePng(toPngImage(e.image)));
    written.push(path);
  }
  const htmlPath = join(dir, 'report.html');
  await fs.writeFile(htmlPath, html);
  return { html: htmlPath, plots: written };
}
