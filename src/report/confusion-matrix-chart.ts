/** A confusion matrix as a standalone SVG heat map: rows true classes, columns predicted, counts in the cells. */
import { ValueError } from '../core/index.js';
import { escapeHtml, truncate } from './escape.js';
import { attrs, px, svgDocument, text, textWidth } from './svg.js';

/** Options of confusionMatrixChart. */
export interface ConfusionMatrixChartOptions {
  /** Title (default `'Confusion matrix'`). */
  readonly title?: string;
  /** Largest side of the grid in pixels (default 440). */
  readonly size?: number;
}

const STOPS: readonly (readonly [number, number, number])[] = [
  [247, 251, 255], [198, 219, 239], [107, 174, 214], [33, 113, 181], [8, 48, 107],
];

/** White-to-dark-blue colour of a share in [0, 1] (ColorBrewer's Blues, linearly between five stops). */
export function blues(share: number): string {
  const t = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  const c = (k: number): string => Math.round(a[k]! + f * (b[k]! - a[k]!)).toString(16).padStart(2, '0');
  return `#${c(0)}${c(1)}${c(2)}`;
}

const NAME_CHARS = 18;

/**
 * The heat map of `counts[t][p]` (examples of true class t predicted as p): each cell shaded by its share of the true
 * class's row (so colours read as recall and confusion rates even with unbalanced classes) and labelled with its
 * count when the cell is large enough; class names (escaped, cut to 18 characters, full in a tooltip) on both axes.
 * @throws ValueError when counts is not n × n for the n class names.
 * @example confusionMatrixChart([[5, 1], [0, 4]], ['cat', 'dog'])
 */
export function confusionMatrixChart(counts: readonly (readonly number[])[], classNames: readonly string[], options: ConfusionMatrixChartOptions = {}): string {
  const n = classNames.length;
  if (n === 0 || counts.length !== n || counts.some((r) => r.length !== n)) {
    throw new ValueError('confusionMatrixChart', `expected a ${n} × ${n} matrix for ${n} class names, found ${counts.length} rows of ${counts.map((r) => r.length).join(', ')}`);
  }
  const title = options.title ?? 'Confusion matrix';
  const cell = Math.max(12, Math.min(48, Math.floor((options.size ?? 440) / n)));
  const names = classNames.map((c) => truncate(c, NAME_CHARS));
  const nameWidth = Math.max(...names.map((c) => textWidth(c, 11)));
  const left = 40 + nameWidth + 8;
  const top = 46;
  const grid = cell * n;
  const bottomLabels = nameWidth * 0.75 + 12; // column names are written at −45°
  const note = 'shade: share of the true class (row)';
  const width = Math.max(left + grid + 24, 24 + textWidth(title, 14), 24 + textWidth(note, 11), 360);
  const height = top + grid + bottomLabels + 44;
  let body = text(12, 20, title, { 'font-size': 14, 'font-weight': 'bold', fill: '#111' });
  body += text(12, 34, note, { 'font-size': 11, fill: '#555' });
  const maxCount = Math.max(1, ...counts.flat());
  const fontSize = Math.min(12, cell * 0.42, (cell * 0.9) / (0.62 * Math.max(1, String(maxCount).length)));
  counts.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      const share = total > 0 ? count / total : 0;
      const x = left + p * cell;
      const y = top + t * cell;
      const tip = `true ${classNames[t]}, predicted ${classNames[p]}: ${count}${total > 0 ? ` (${(100 * share).toFixed(1)}% of ${classNames[t]})` : ''}`;
      body += `<rect${attrs({ x, y, width: cell, height: cell, fill: blues(share), stroke: '#ffffff', 'stroke-width': 1 })}><title>${escapeHtml(tip)}</title></rect>`;
      if (fontSize >= 7) {
        body += text(x + cell / 2, y + cell / 2 + fontSize * 0.35, String(count), {
          'text-anchor': 'middle', 'font-size': px(fontSize), fill: share > 0.5 ? '#ffffff' : '#1a1a1a',
        });
      }
    });
  });
  const nameSize = Math.min(11, cell - 1);
  names.forEach((name, i) => {
    const tip = name === classNames[i] ? undefined : classNames[i];
    const cy = top + i * cell + cell / 2 + nameSize * 0.35;
    body += text(left - 6, cy, name, { 'text-anchor': 'end', 'font-size': nameSize, fill: '#222' }, tip);
    const cx = left + i * cell + cell / 2 + nameSize * 0.35;
    const ly = top + grid + 8;
    body += text(cx, ly, name, { 'text-anchor': 'end', 'font-size': nameSize, fill: '#222', transform: `rotate(-45 ${px(cx)} ${px(ly)})` }, tip);
  });
  body += `<rect${attrs({ x: left, y: top, width: grid, height: grid, fill: 'none', stroke: '#555' })}/>`;
  body += text(left + grid / 2, height - 10, 'predicted class', { 'text-anchor': 'middle', fill: '#222' });
  const cy = top + grid / 2;
  body += text(14, cy, 'true class', { 'text-anchor': 'middle', fill: '#222', transform: `rotate(-90 14 ${px(cy)})` });
  return svgDocument(width, height, title, body);
}
