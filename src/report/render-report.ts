/** renderReport: a RunRecord → one self-contained HTML page (inline CSS and SVG, images as data URIs, no scripts). */
import { escapeHtml } from './escape.js';
import { reportPlots, type Plot, type PlotOptions } from './plots.js';
import { REPORT_CSS } from './report-css.js';
import type { RunRecord } from './run-record.js';
import {
  classificationSection, configSection, multiTaskSection, SECTIONS, summarySection, trainingSection, transferSection,
} from './sections.js';
import { validateRunRecord } from './validate-record.js';

/** Options of renderReport and writeReport. */
export type ReportOptions = PlotOptions;

/**
 * The HTML page of an already-validated record and its plots (writeReport uses this to render the plots once).
 * @example renderHtml(record, reportPlots(record))
 */
export function renderHtml(record: RunRecord, plots: readonly Plot[]): string {
  const parts: [keyof typeof SECTIONS, string][] = [
    ['summary', summarySection(record)],
    ['training', trainingSection(plots)],
    ['multi-task', multiTaskSection(record, plots)],
    ['transfer', transferSection(record, plots)],
    ['classification', classificationSection(record, plots)],
    ['config', configSection(record)],
  ];
  const present = parts.filter(([, html]) => html !== '');
  const nav = present.length > 1
    ? `<nav aria-label="sections"><ul>${present.map(([id]) => `<li><a href="#${id}">${escapeHtml(SECTIONS[id])}</a></li>`).join('')}</ul></nav>`
    : '';
  const meta = [record.startedAt === undefined ? undefined : `started ${record.startedAt}`, `${plots.length} plot${plots.length === 1 ? '' : 's'}`]
    .filter((s) => s !== undefined).join(' · ');
  const body = present.length > 0 ? present.map(([, html]) => html).join('\n') : '<p class="note">This run recorded no epochs, results or configuration yet.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="tasknet report">
<title>${escapeHtml(record.name)} · tasknet run report</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(record.name)}</h1><p class="meta">tasknet run report · ${escapeHtml(meta)}</p>${nav}</header>
${body}
<footer>Written by tasknet. This page needs no network and no scripts; each plot is also a file under plots/ next to it.</footer>
</main>
</body>
</html>
`;
}

/**
 * Render a run report: one self-contained HTML page (inline CSS, inline SVG plots, images as PNG data URIs, no scripts,
 * nothing fetched) with sections for the summary, training curves, multi-task results, transfer curves, classification
 * results and the configuration, each present only when the record has its data. All user text is escaped.
 * @throws ValueError naming the path of the first malformed value of `record`.
 * @example
 * const html = tn.report.renderReport({name: 'mnist', epochs: tn.report.epochsFromLogs(history.epochs)});
 */
export function renderReport(record: RunRecord, options: ReportOptions = {}): string {
  const checked = validateRunRecord(record, 'renderReport');
  return renderHtml(checked, reportPlots(checked, options));
}
