/**
 * report: the building blocks of run reports: SVG line charts and confusion-matrix heat maps with round-numbered
 * axes, and a PNG encoder for images. Pure data-in, text-out code that also runs in browsers.
 */
export { lineChart, type LineSeries, type LineChartOptions } from './line-chart.js';
export { confusionMatrixChart, blues, type ConfusionMatrixChartOptions } from './confusion-matrix-chart.js';
export { makeAxis, type Axis, type AxisOptions } from './axis.js';
export { niceStep, niceTicks, niceDomain, logDomain, logTicks } from './ticks.js';
export { formatTick, formatNumber } from './format-number.js';
export { escapeHtml, truncate, slug } from './escape.js';
export { encodePng, pngDataUri, zlibStored, type PngImage } from './png.js';
export { crc32, adler32 } from './checksums.js';
export { base64 } from './base64.js';
