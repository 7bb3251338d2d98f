/** Line charts as standalone SVG: axes with round ticks, grid, optional log scales, ± bands, dashed series, legend. */
import { ValueError } from '../core/index.js';
import { truncate } from './escape.js';
import { makeAxis, type Axis } from './axis.js';
import { attrs, px, seriesColor, svgDocument, text, textWidth } from './svg.js';

/** One line. Points with a non-finite coordinate (or a non-positive one on a log axis) leave a gap. */
export interface LineSeries {
  /** Legend text. */
  readonly name: string;
  /** [x, y] points, drawn in the order given. */
  readonly points: readonly (readonly [number, number])[];
  /** [x, low, high]: a shaded band around the line (e.g. mean ± std); error bars where it has a single point. */
  readonly band?: readonly (readonly [number, number, number])[];
  /** CSS colour (default: the palette's colour for the series' index). */
  readonly color?: string;
  /** Dashed line (e.g. training curves next to solid validation ones). */
  readonly dashed?: boolean;
}

/** Options of lineChart. */
export interface LineChartOptions {
  /** Title above the plot (also the SVG's accessible name). */
  readonly title: string;
  /** x-axis label. */
  readonly xLabel: string;
  /** y-axis label. */
  readonly yLabel: string;
  /** Logarithmic x axis. */
  readonly logX?: boolean;
  /** Logarithmic y axis. */
  readonly logY?: boolean;
  /** Integer ticks on x (epochs, steps). */
  readonly integerX?: boolean;
  /** Horizontal reference lines (dotted grey, labelled). */
  readonly references?: readonly { readonly label: string; readonly value: number }[];
  /** Width in pixels (default 720). */
  readonly width?: number;
  /** Minimum height in pixels (default 340; it grows with a long legend). */
  readonly height?: number;
}

const MARGIN = { top: 34, left: 66, bottom: 46, gap: 16 } as const;
const LEGEND_ROW = 18;
const LEGEND_CHARS = 26;

function usable(v: number, log: boolean | undefined): boolean {
  return Number.isFinite(v) && (!log || v > 0);
}

/** Consecutive runs of drawable points, as SVG point lists. */
function runs(points: readonly (readonly [number, number])[], x: Axis, y: Axis, logX?: boolean, logY?: boolean): string[] {
  const out: string[] = [];
  let current: string[] = [];
  for (const [a, b] of points) {
    if (usable(a, logX) && usable(b, logY)) current.push(`${px(x.map(a))},${px(y.map(b))}`);
    else if (current.length > 0) {
      out.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) out.push(current.join(' '));
  return out;
}

function bandPolygon(band: readonly (readonly [number, number, number])[], x: Axis, y: Axis, o: LineChartOptions): string {
  const ok = band.filter(([a, lo, hi]) => usable(a, o.logX) && usable(lo, o.logY) && usable(hi, o.logY));
  if (ok.length < 2) return '';
  const upper = ok.map(([a, , hi]) => `${px(x.map(a))},${px(y.map(hi))}`);
  const lower = ok.map(([a, lo]) => `${px(x.map(a))},${px(y.map(lo))}`).reverse();
  return `<polygon points="${upper.concat(lower).join(' ')}"`;
}

/** Error bars, for a band too short to shade (a single point). */
function whiskers(band: readonly (readonly [number, number, number])[], x: Axis, y: Axis, o: LineChartOptions, color: string): string {
  let s = '';
  for (const [a, lo, hi] of band) {
    if (!usable(a, o.logX) || !usable(lo, o.logY) || !usable(hi, o.logY)) continue;
    const cx = x.map(a);
    s += `<path${attrs({ d: `M${px(cx - 4)},${px(y.map(hi))}H${px(cx + 4)}M${px(cx)},${px(y.map(hi))}V${px(y.map(lo))}M${px(cx - 4)},${px(y.map(lo))}H${px(cx + 4)}`, stroke: color, fill: 'none', 'stroke-width': 1.5 })}/>`;
  }
  return s;
}

function axesSvg(x: Axis, y: Axis, left: number, right: number, top: number, bottom: number, o: LineChartOptions): string {
  let s = '';
  y.ticks.forEach((t, i) => {
    const py = y.map(t);
    s += `<line${attrs({ x1: left, x2: right, y1: py, y2: py, stroke: '#e3e3e3' })}/>`;
    s += text(left - 6, py + 4, y.labels[i]!, { 'text-anchor': 'end', fill: '#333' });
  });
  x.ticks.forEach((t, i) => {
    const pxx = x.map(t);
    s += `<line${attrs({ x1: pxx, x2: pxx, y1: top, y2: bottom, stroke: '#f0f0f0' })}/>`;
    s += `<line${attrs({ x1: pxx, x2: pxx, y1: bottom, y2: bottom + 5, stroke: '#555' })}/>`;
    s += text(pxx, bottom + 18, x.labels[i]!, { 'text-anchor': 'middle', fill: '#333' });
  });
  s += `<path${attrs({ d: `M${px(left)},${px(top)}V${px(bottom)}H${px(right)}`, fill: 'none', stroke: '#555' })}/>`;
  s += text((left + right) / 2, bottom + 38, o.xLabel + (o.logX ? ' (log scale)' : ''), { 'text-anchor': 'middle', fill: '#222' });
  const cy = (top + bottom) / 2;
  s += text(16, cy, o.yLabel + (o.logY ? ' (log scale)' : ''), { 'text-anchor': 'middle', fill: '#222', transform: `rotate(-90 16 ${px(cy)})` });
  return s;
}

function legendSvg(series: readonly LineSeries[], x0: number, top: number): string {
  let s = '';
  series.forEach((se, i) => {
    const yy = top + 8 + i * LEGEND_ROW;
    const color = se.color ?? seriesColor(i);
    s += `<line${attrs({ x1: x0, x2: x0 + 24, y1: yy, y2: yy, stroke: color, 'stroke-width': 2.5, 'stroke-dasharray': se.dashed ? '6 4' : undefined })}/>`;
    const label = truncate(se.name, LEGEND_CHARS);
    s += text(x0 + 30, yy + 4, label, { fill: '#222' }, label === se.name ? undefined : se.name);
  });
  return s;
}

/**
 * A line chart as a standalone SVG string: one polyline per series (markers where there are few points), shaded
 * bands, a legend on the right, axes with round ticks; series names, titles and labels are escaped.
 * A chart without a single drawable point (all NaN, or nothing positive on a log axis) says so in place of a plot.
 * @throws ValueError when there are no series.
 * @example lineChart([{name: 'train', points: [[1, 0.9], [2, 0.5], [3, 0.4]]}], {title: 'Loss', xLabel: 'epoch', yLabel: 'loss'})
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions): string {
  if (series.length === 0) throw new ValueError('lineChart', `"${options.title}": expected at least one series, found none`);
  const width = options.width ?? 720;
  const legendWidth = Math.min(220, Math.max(150, 40 + Math.max(...series.map((s) => textWidth(truncate(s.name, LEGEND_CHARS))))));
  const height = Math.max(options.height ?? 340, MARGIN.top + 20 + series.length * LEGEND_ROW + MARGIN.bottom);
  const left = MARGIN.left;
  const right = width - legendWidth - MARGIN.gap;
  const top = MARGIN.top;
  const bottom = height - MARGIN.bottom;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (const [a, b] of s.points) if (usable(a, options.logX) && usable(b, options.logY)) { xs.push(a); ys.push(b); }
    for (const [a, lo, hi] of s.band ?? []) if (usable(a, options.logX)) for (const v of [lo, hi]) if (usable(v, options.logY)) ys.push(v);
  }
  for (const r of options.references ?? []) if (usable(r.value, options.logY)) ys.push(r.value);
  if (xs.length === 0) {
    const body = text(width / 2, height / 2, `${options.title}: no finite values to plot`, { 'text-anchor': 'middle', fill: '#a00' });
    return svgDocument(width, height, options.title, body);
  }
  const x = makeAxis(xs, left, right, { log: options.logX, nice: options.logX ? true : !options.integerX, integer: options.integerX, ticks: 6 });
  const y = makeAxis(ys, bottom, top, { log: options.logY });
  let body = text(left, 20, options.title, { 'font-size': 14, 'font-weight': 'bold', fill: '#111' });
  body += axesSvg(x, y, left, right, top, bottom, options);
  for (const r of options.references ?? []) {
    if (!usable(r.value, options.logY)) continue;
    const py = y.map(r.value);
    body += `<line${attrs({ x1: left, x2: right, y1: py, y2: py, stroke: '#777', 'stroke-dasharray': '2 3' })}/>`;
    body += text(right - 4, py - 4, truncate(r.label, 40), { 'text-anchor': 'end', fill: '#555', 'font-size': 11 }, r.label);
  }
  series.forEach((s, i) => {
    const color = s.color ?? seriesColor(i);
    const band = bandPolygon(s.band ?? [], x, y, options);
    if (band !== '') body += `${band}${attrs({ fill: color, 'fill-opacity': 0.15, stroke: 'none' })}/>`;
    else body += whiskers(s.band ?? [], x, y, options, color);
  });
  series.forEach((s, i) => {
    const color = s.color ?? seriesColor(i);
    for (const pts of runs(s.points, x, y, options.logX, options.logY)) {
      body += `<polyline${attrs({ points: pts, fill: 'none', stroke: color, 'stroke-width': 2, 'stroke-linejoin': 'round', 'stroke-dasharray': s.dashed ? '6 4' : undefined })}/>`;
    }
    if (s.points.length <= 40) {
      for (const [a, b] of s.points) {
        if (usable(a, options.logX) && usable(b, options.logY)) body += `<circle${attrs({ cx: x.map(a), cy: y.map(b), r: 3, fill: color })}/>`;
      }
    }
  });
  body += legendSvg(series, right + MARGIN.gap, top);
  return svgDocument(width, height, options.title, body);
}
