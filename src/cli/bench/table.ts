/** The text table `tasknet bench` prints. */
import type { BenchResult } from './suite.js';

/** Seconds as `850 µs`, `38.5 ms` or `1.10 s`. */
export function formatSeconds(s: number): string {
  if (s < 1e-3) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1e3).toFixed(s < 0.01 ? 2 : 1)} ms`;
  return `${s.toFixed(2)} s`;
}

/** A throughput with its unit: `56.1 GFLOP/s`, `2.31 GFLOP/s`, `21,334 samples/s`. */
export function formatThroughput(value: number, unit: string): string {
  const text = value >= 100 ? String(Math.round(value)).replace(/\B(?=(\d{3})+$)/g, ',') : value.toFixed(value >= 10 ? 1 : 2);
  return `${text} ${unit}`;
}

/** A ratio as `24.3×`. */
export function formatRatio(r: number): string {
  return `${r.toFixed(r >= 100 ? 0 : r >= 10 ? 1 : 2)}×`;
}

/**
 * The result as a table: a heading line, then one row per benchmark with its size, median time and throughput on
 * each backend, and the first/second throughput ratio when there are two backends.
 */
export function formatBenchTable(result: BenchResult): string {
  const { backends } = result;
  const two = backends.length === 2;
  const header = ['benchmark', 'size', ...backends.flatMap((b) => (backends.length > 1 ? [`${b} median`, `${b} throughput`] : ['median', 'throughput']))];
  if (two) header.push(`${backends[0]}/${backends[1]}`);
  const body = result.rows.map((row) => {
    const cells = [row.name, row.size];
    for (const b of backends) cells.push(formatSeconds(row.seconds[b]!), formatThroughput(row.throughput[b]!, row.unit));
    if (row.ratio !== undefined) cells.push(formatRatio(row.ratio));
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const threads = backends.map((b) => `${b} (${result.threads[b]} thread${result.threads[b] === 1 ? '' : 's'})`).join(', ');
  const heading = `tasknet bench on ${threads}: median of ${result.repeat} repetition${result.repeat === 1 ? '' : 's'} after warm-up, ` +
    `${result.totalSeconds.toFixed(1)} s in all`;
  return [heading, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}
