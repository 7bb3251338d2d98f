/** The report's sections, each built only when its data exist (an empty string otherwise). */
import { escapeHtml } from './escape.js';
import { formatNumber } from './format-number.js';
import { htmlFigure, htmlSection, htmlTable, type Cell } from './html.js';
import { toPngImage } from './image.js';
import { multiTaskTable } from './multi-task-table.js';
import type { Plot, PlotSection } from './plots.js';
import { pngDataUri } from './png.js';
import { prettyJson } from './pretty-json.js';
import type { RunRecord, TransferRecord } from './run-record.js';

/** Section headings by HTML id, in report order. */
export const SECTIONS = {
  summary: 'Summary', training: 'Training', 'multi-task': 'Multi-task', transfer: 'Transfer', classification: 'Classification', config: 'Configuration',
} as const;

function figures(plots: readonly Plot[], section: PlotSection): string {
  return plots.filter((p) => p.section === section).map((p) => htmlFigure(p.svg, `${p.title} (plots/${p.name}.svg)`, `plot-${p.name}`)).join('');
}

const numberCell = (v: number | undefined): Cell => (v === undefined ? '' : formatNumber(v));

/** Key results and the last epoch's metrics. */
export function summarySection(record: RunRecord): string {
  let body = '';
  const entries = Object.entries(record.summary ?? {});
  if (entries.length > 0) body += htmlTable(['result', 'value'], entries.map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v) : v]));
  const last = record.epochs?.at(-1);
  if (last !== undefined) {
    const names = [...new Set([...Object.keys(last.train), ...Object.keys(last.validation ?? {})])];
    const head: Cell[] = [`metric (epoch ${last.epoch})`, 'training'];
    if (last.validation !== undefined) head.push('validation');
    body += htmlTable(head, names.map((n) => {
      const row: Cell[] = [n, numberCell(last.train[n])];
      if (last.validation !== undefined) row.push(numberCell(last.validation[n]));
      return row;
    }));
  }
  return body === '' ? '' : htmlSection('summary', SECTIONS.summary, body);
}

/** Loss, metric and learning-rate curves. */
export function trainingSection(plots: readonly Plot[]): string {
  const body = figures(plots, 'training');
  return body === '' ? '' : htmlSection('training', SECTIONS.training, `<p class="note">Dashed: training (running mean over each epoch); solid: validation (after each epoch).</p>${body}`);
}

/** The per-task table with Δ and Δm%, then per-task curves and task weights. */
export function multiTaskSection(record: RunRecord, plots: readonly Plot[]): string {
  let body = '';
  const m = record.multiTask;
  if (m !== undefined) {
    const table = multiTaskTable(m);
    const rows: Cell[][] = table.rows.map((r) => [
      r.name, `${r.metric} ${r.higherIsBetter ? '↑' : '↓'}`, formatNumber(r.value), numberCell(r.baseline),
      r.delta === undefined ? '' : { html: escapeHtml(`${r.delta >= 0 ? '+' : ''}${r.delta.toFixed(2)}`), className: r.delta >= 0 ? 'better' : 'worse' },
    ]);
    const classes: (string | undefined)[] = rows.map(() => undefined);
    if (table.deltaM !== undefined) {
      const d = table.deltaM;
      rows.push(['Δm% (mean over tasks)', '', '', '', { html: escapeHtml(`${d >= 0 ? '+' : ''}${d.toFixed(2)}`), className: d >= 0 ? 'better' : 'worse' }]);
      classes.push('total');
    }
    const what = [m.method, `${m.split ?? 'test'} data`].filter((s) => s !== undefined).join(', ');
    body += `<p class="note">${escapeHtml(what)}. Δ% = (−1)^l (M − M_b) / M_b × 100 against the single-task baseline M_b, ` +
      'with l = 1 where lower is better, so positive is better; Δm% is its mean over tasks (Maninis et al. 2019).' +
      (table.missingBaselines.length > 0 ? ` No baseline for ${escapeHtml(table.missingBaselines.join(', '))}, so no Δm%.` : '') + '</p>';
    body += htmlTable(['task', 'metric', 'multi-task', 'single-task', 'Δ%'], rows, classes);
  }
  body += figures(plots, 'multiTask');
  return body === '' ? '' : htmlSection('multi-task', SECTIONS['multi-task'], body);
}

function transferTable(t: TransferRecord): string {
  const percent = (t.metric ?? 'accuracy') === 'accuracy';
  const fmt = (v: number): string => (percent ? (100 * v).toFixed(1) : formatNumber(v));
  const budgets = [...new Set(t.curves.flatMap((c) => c.points.map((p) => p.labels)))].sort((a, b) => a - b);
  const best = new Map(budgets.map((b) => [b, Math.max(...t.curves.map((c) => c.points.find((p) => p.labels === b)?.mean ?? -Infinity))]));
  const rows = t.curves.map((c): Cell[] => [c.method, ...budgets.map((b): Cell => {
    const p = c.points.find((q) => q.labels === b);
    if (p === undefined) return '';
    const text = escapeHtml(`${fmt(p.mean)}${p.std === undefined || p.runs === 1 ? '' : ` ± ${fmt(p.std)}`}`); // one run has no spread
    return { html: p.mean === best.get(b) ? `<strong>${text}</strong>` : text };
  })]);
  const unit = percent ? 'accuracy %' : (t.metric ?? '');
  return htmlTable([`method \\ labels (${unit}, mean ± std)`, ...budgets.map((b) => formatNumber(b))], rows);
}

/** Per scenario: the description, the accuracy-vs-labels plot and its table. */
export function transferSection(record: RunRecord, plots: readonly Plot[]): string {
  const scenarios = record.transfer ?? [];
  const figs = plots.filter((p) => p.section === 'transfer');
  if (scenarios.length === 0) return '';
  let next = 0; // reportPlots draws a plot for each scenario that has curves, in order
  const body = scenarios.map((t) => {
    const fig = t.curves.length > 0 ? figs[next++] : undefined;
    return `<h3>${escapeHtml(t.title)}</h3>${t.description === undefined ? '' : `<p class="note">${escapeHtml(t.description)}</p>`}` +
      (fig === undefined ? '' : htmlFigure(fig.svg, `${fig.title} (plots/${fig.name}.svg); bands: ± one standard deviation over seeds`, `plot-${fig.name}`)) +
      (t.curves.length > 0 ? transferTable(t) : '<p class="note">No results yet.</p>');
  }).join('');
  return htmlSection('transfer', SECTIONS.transfer, body);
}

/** Accuracy from the confusion matrix, the heat map, and the misclassified examples as images. */
export function classificationSection(record: RunRecord, plots: readonly Plot[]): string {
  const c = record.classification;
  if (c === undefined) return '';
  const total = c.confusion.flat().reduce((a, b) => a + b, 0);
  const correct = c.confusion.reduce((a, row, i) => a + (row[i] ?? 0), 0);
  let body = `<p class="note">${escapeHtml(`${c.split ?? 'test'} data: ${correct} of ${total} examples right` +
    (total > 0 ? ` (accuracy ${(100 * correct / total).toFixed(2)}%)` : ''))}.</p>`;
  body += figures(plots, 'classification');
  const examples = c.examples ?? [];
  if (examples.length > 0) {
    const items = examples.map((e) => {
      const truth = c.classNames[e.trueLabel]!;
      const predicted = c.classNames[e.predictedLabel]!;
      const conf = e.confidence === undefined ? '' : ` (${(100 * e.confidence).toFixed(0)}%)`;
      const img = toPngImage(e.image);
      return `<figure><img src="${pngDataUri(img)}" width="${img.width}" height="${img.height}" alt="${escapeHtml(`true ${truth}, predicted ${predicted}`)}">` +
        `<figcaption>true: <b>${escapeHtml(truth)}</b><br>predicted: <b>${escapeHtml(predicted)}</b>${escapeHtml(conf)}</figcaption></figure>`;
    });
    body += `<h3>Misclassified examples</h3><div class="examples">${items.join('')}</div>`;
  }
  return htmlSection('classification', SECTIONS.classification, body);
}

/** The resolved configuration as indented JSON. */
export function configSection(record: RunRecord): string {
  if (record.config === undefined) return '';
  return htmlSection('config', SECTIONS.config, `<pre>${escapeHtml(prettyJson(record.config))}</pre>`);
}
