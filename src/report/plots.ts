/** Which plots a RunRecord has data for, each rendered as a standalone SVG. */
import { slug } from './escape.js';
import { confusionMatrixChart } from './confusion-matrix-chart.js';
import { lineChart, type LineSeries } from './line-chart.js';
import type { EpochRecord, MetricValues, RunRecord } from './run-record.js';
import { PALETTE, seriesColor } from './svg.js';

/** The report section a plot belongs to. */
export type PlotSection = 'training' | 'multiTask' | 'transfer' | 'classification';

/** One plot: its file name stem (`plots/<name>.svg`), title, section and SVG text. */
export interface Plot {
  /** File-name-safe stem, unique within the report. */
  readonly name: string;
  /** Human title (unescaped). */
  readonly title: string;
  /** The section it is shown in. */
  readonly section: PlotSection;
  /** A standalone SVG document. */
  readonly svg: string;
}

/** Options of reportPlots (and renderReport). */
export interface PlotOptions {
  /** Log-scale loss axes: true, false, or `'auto'` (default: when every value is positive and they span ≥ 10×). */
  readonly logLoss?: boolean | 'auto';
}

const TRAIN_COLOR = PALETTE[0];
const VAL_COLOR = PALETTE[1];

type Point = readonly [number, number];

function wantsLog(series: readonly LineSeries[], option: boolean | 'auto' | undefined): boolean {
  if (option !== undefined && option !== 'auto') return option;
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  return ys.length > 1 && ys.every((v) => v > 0) && Math.max(...ys) / Math.min(...ys) >= 10;
}

function metricNames(parts: readonly (MetricValues | undefined)[]): string[] {
  const names = new Set<string>();
  for (const p of parts) for (const k of Object.keys(p ?? {})) names.add(k);
  return [...names];
}

/** Train (dashed) and validation (solid) curves of one metric over epochs. */
function splitSeries(epochs: readonly EpochRecord[], metric: string, get: (e: EpochRecord) => { train?: MetricValues; validation?: MetricValues } | undefined, label: string, color?: [string, string]): LineSeries[] {
  const out: LineSeries[] = [];
  const train: Point[] = [];
  const val: Point[] = [];
  for (const e of epochs) {
    const m = get(e);
    const t = m?.train?.[metric];
    const v = m?.validation?.[metric];
    if (t !== undefined) train.push([e.epoch, t]);
    if (v !== undefined) val.push([e.epoch, v]);
  }
  const prefix = label === '' ? '' : `${label} `;
  if (train.length > 0) out.push({ name: `${prefix}train`, points: train, dashed: true, color: color?.[0] ?? TRAIN_COLOR });
  if (val.length > 0) out.push({ name: `${prefix}validation`, points: val, color: color?.[1] ?? VAL_COLOR });
  return out;
}

class PlotList {
  readonly plots: Plot[] = [];
  readonly #names = new Set<string>();

  add(stem: string, title: string, section: PlotSection, svg: string): void {
    let name = slug(stem);
    for (let k = 2; this.#names.has(name); k++) name = `${slug(stem)}-${k}`;
    this.#names.add(name);
    this.plots.push({ name, title, section, svg });
  }
}

function trainingPlots(record: RunRecord, list: PlotList, options: PlotOptions): void {
  const epochs = record.epochs ?? [];
  const steps = record.steps ?? [];
  const lossSeries = splitSeries(epochs, 'loss', (e) => e, '');
  if (lossSeries.length > 0) {
    const logY = wantsLog(lossSeries, options.logLoss);
    list.add('loss', 'Loss', 'training', lineChart(lossSeries, { title: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', integerX: true, logY }));
  }
  const stepLoss: Point[] = steps.filter((s) => s.loss !== undefined).map((s) => [s.step, s.loss!]);
  if (stepLoss.length > 0) {
    const series: LineSeries[] = [{ name: 'training batch loss', points: stepLoss, color: TRAIN_COLOR }];
    const logY = wantsLog(series, options.logLoss);
    list.add('loss-per-step', 'Loss per step', 'training', lineChart(series, { title: 'Loss per optimiser step', xLabel: 'step', yLabel: 'loss', integerX: true, logY }));
  }
  for (const metric of metricNames(epochs.flatMap((e) => [e.train, e.validation])).filter((m) => m !== 'loss')) {
    const series = splitSeries(epochs, metric, (e) => e, '');
    list.add(`metric-${metric}`, metric, 'training', lineChart(series, { title: `${metric} per epoch`, xLabel: 'epoch', yLabel: metric, integerX: true }));
  }
  const stepLr: Point[] = steps.filter((s) => s.lr !== undefined).map((s) => [s.step, s.lr!]);
  const epochLr: Point[] = epochs.filter((e) => e.lr !== undefined).map((e) => [e.epoch, e.lr!]);
  if (stepLr.length > 1 || (stepLr.length > 0 && epochLr.length === 0)) {
    list.add('learning-rate', 'Learning rate', 'training', lineChart([{ name: 'learning rate', points: stepLr, color: PALETTE[2] }], {
      title: 'Learning-rate schedule', xLabel: 'step', yLabel: 'learning rate', integerX: true,
    }));
  } else if (epochLr.length > 0) {
    list.add('learning-rate', 'Learning rate', 'training', lineChart([{ name: 'learning rate', points: epochLr, color: PALETTE[2] }], {
      title: 'Learning rate at the end of each epoch', xLabel: 'epoch', yLabel: 'learning rate', integerX: true,
    }));
  }
}

function multiTaskPlots(record: RunRecord, list: PlotList, options: PlotOptions): void {
  const epochs = record.epochs ?? [];
  const tasks = [...new Set(epochs.flatMap((e) => Object.keys(e.tasks ?? {})))];
  const metrics = metricNames(epochs.flatMap((e) => Object.values(e.tasks ?? {}).flatMap((t) => [t.train, t.validation])));
  for (const metric of metrics) {
    const series = tasks.flatMap((task, i) => splitSeries(epochs, metric, (e) => e.tasks?.[task], task, [seriesColor(i), seriesColor(i)]));
    if (series.length === 0) continue;
    const logY = metric === 'loss' ? wantsLog(series, options.logLoss) : false;
    list.add(`task-${metric}`, `${metric} per task`, 'multiTask', lineChart(series, {
      title: `${metric} per task (dashed: training, solid: validation)`, xLabel: 'epoch', yLabel: metric, integerX: true, logY,
    }));
  }
  const steps = (record.steps ?? []).filter((s) => s.taskWeights !== undefined);
  const source = steps.length > 0
    ? { unit: 'step', rows: steps.map((s) => [s.step, s.taskWeights!] as const) }
    : { unit: 'epoch', rows: epochs.filter((e) => e.taskWeights !== undefined).map((e) => [e.epoch, e.taskWeights!] as const) };
  const weightTasks = [...new Set(source.rows.flatMap(([, w]) => Object.keys(w)))];
  if (weightTasks.length > 0) {
    const series: LineSeries[] = weightTasks.map((task) => ({
      name: task, color: seriesColor(tasks.includes(task) ? tasks.indexOf(task) : tasks.length + weightTasks.indexOf(task)),
      points: source.rows.filter(([, w]) => w[task] !== undefined).map(([x, w]) => [x, w[task]!] as const),
    }));
    list.add('task-weights', 'Task weights', 'multiTask', lineChart(series, {
      title: `Task loss weights per ${source.unit}`, xLabel: source.unit, yLabel: 'weight', integerX: true,
    }));
  }
}

function transferPlots(record: RunRecord, list: PlotList): void {
  for (const scenario of record.transfer ?? []) {
    const metric = scenario.metric ?? 'accuracy';
    const series: LineSeries[] = scenario.curves.map((c) => {
      const pts = [...c.points].sort((a, b) => a.labels - b.labels);
      const hasBand = pts.some((p) => p.std !== undefined && p.std > 0);
      return {
        name: c.method, points: pts.map((p) => [p.labels, p.mean] as const),
        ...(hasBand ? { band: pts.map((p) => [p.labels, p.mean - (p.std ?? 0), p.mean + (p.std ?? 0)] as const) } : {}),
      };
    });
    if (series.length === 0) continue;
    list.add(`transfer-${scenario.title}`, scenario.title, 'transfer', lineChart(series, {
      title: `${scenario.title}: ${metric} vs labels (mean ± std)`, xLabel: 'labelled target examples', yLabel: metric, logX: true,
      references: scenario.references,
    }));
  }
}

/**
 * Every plot `record` has data for, in report order: loss (per epoch, per step), each metric, the learning rate;
 * per-task metric curves and task weights; transfer curves; the confusion matrix.
 * @example reportPlots({name: 'r', epochs: [{epoch: 1, train: {loss: 1}}]}).map((p) => p.name) // ['loss']
 */
export function reportPlots(record: RunRecord, options: PlotOptions = {}): Plot[] {
  const list = new PlotList();
  trainingPlots(record, list, options);
  multiTaskPlots(record, list, options);
  transferPlots(record, list);
  const c = record.classification;
  if (c !== undefined) {
    const split = c.split ?? 'test';
    list.add('confusion-matrix', 'Confusion matrix', 'classification',
      confusionMatrixChart(c.confusion, c.classNames, { title: `Confusion matrix (${split} data)` }));
  }
  return list.plots;
}
