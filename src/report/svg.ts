/** Small SVG-writing helpers shared by the charts: the root element, text, and number formatting for coordinates. */
import { escapeHtml } from './escape.js';

/** The font stack of every chart (DejaVu Sans is what a bare Debian has). */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif";

/**
 * Colours of data series: Okabe & Ito's colour-blind-safe palette (without its yellow, too pale on white), then
 * darker variants; index i wraps around.
 */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#8C564B', '#7F7F7F', '#17BECF'] as const;

/** The palette's i-th colour (wrapping). */
export function seriesColor(i: number): string {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/** A coordinate with at most two decimals, as SVG text. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Attributes `{a: 1, b: 'x'}` → ` a="1" b="x"` (values escaped; undefined values left out). */
export function attrs(a: Readonly<Record<string, string | number | undefined>>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out += ` ${k}="${escapeHtml(typeof v === 'number' ? px(v) : v)}"`;
  return out;
}

/** A `<text>` element holding escaped `content`, with an optional `<title>` tooltip (escaped too). */
export function text(x: number, y: number, content: string, a: Readonly<Record<string, string | number | undefined>> = {}, tooltip?: string): string {
  const tip = tooltip === undefined ? '' : `<title>${escapeHtml(tooltip)}</title>`;
  return `<text${attrs({ x, y, ...a })}>${tip}${escapeHtml(content)}</text>`;
}

/**
 * A standalone SVG document element (usable inline in HTML and as a `.svg` file): white background, the chart font,
 * an accessible name from `title`.
 */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg"${attrs({
    width, height, viewBox: `0 0 ${px(width)} ${px(height)}`, role: 'img', 'aria-label': title, 'font-family': FONT, 'font-size': 12,
  })}><title>${escapeHtml(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`;
}

/** Rough width in pixels of `s` in the 12 px chart font (about 0.6 em per character). */
export function textWidth(s: string, fontSize = 12): number {
  return Array.from(s).length * fontSize * 0.6;
}
