/**
 * report: a run's record → a self-contained HTML report with SVG plots (loss, metrics, learning rate, per-task curves
 * and weights, Δm% table, transfer curves, confusion matrix, misclassified examples). Pure data-in, text-out code
 * that also runs in browsers; only `writeReport` touches files, through `node:fs/promises` loaded on first use.
 */
export type {
  RunRecord, EpochRecord, StepRecord, MetricValues, TaskEpochMetrics, TaskResult, MultiTaskRecord, TransferPoint,
  TransferCurve, TransferRecord, ImageRecord, ExampleRecord, ClassificationRecord,
} from './run-record.js';
export { validateRunRecord } from './validate-record.js';
export { renderReport, renderHtml, type ReportOptions } from './render-report.js';
export { writeReport, type ReportFileSystem, type WriteReportOptions, type WrittenReport } from './write-report.js';
export { reportPlots, type Plot, type PlotOptions, type PlotSection } from './plots.js';
export { epochsFromLogs, type EpochsFromLogsOptions } from './epochs-from-logs.js';
export { transferCurves, type TransferRun } from './transfer-curves.js';
export { multiTaskTable, type MultiTaskTable, type TaskDeltaRow } from './multi-task-table.js';
export { lineChart, type LineSeries, type LineChartOptions } from './line-chart.js';
export { confusionMatrixChart, blues, type ConfusionMatrixChartOptions } from './confusion-matrix-chart.js';
export { makeAxis, type Axis, type AxisOptions } from './axis.js';
export { niceStep, niceTicks, niceDomain, logDomain, logTicks } from './ticks.js';
export { formatTick, formatNumber } from './format-number.js';
export { escapeHtml, truncate, slug } from './escape.js';
export { prettyJson } from './pretty-json.js';
export { encodePng, pngDataUri, zlibStored, type PngImage } from './png.js';
export { toPngImage } from './image.js';
export { crc32, adler32 } from '../core/index.js'; // defined in core (the PNG decoder of data uses them too)
export { base64 } from './base64.js';
