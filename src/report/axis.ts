/** A chart axis: its domain and ticks from the data's extent (linear or logarithmic), and the map to pixels. */
import { formatNumber, formatTick } from './format-number.js';
import { logDomain, logTicks, niceDomain, niceStep, niceTicks } from './ticks.js';

/** How to build an axis. */
export interface AxisOptions {
  /** Logarithmic scale (every value must be positive). */
  readonly log?: boolean;
  /** Widen the domain to round ticks (default true); false keeps the data's extent (e.g. epochs 1…n). */
  readonly nice?: boolean;
  /** Ticks only on integers (epochs, steps). */
  readonly integer?: boolean;
  /** About how many ticks (default 5). */
  readonly ticks?: number;
}

/** An axis over a pixel range. */
export interface Axis {
  /** [low, high] data values at the two ends. */
  readonly domain: readonly [number, number];
  /** Tick values inside the domain. */
  readonly ticks: readonly number[];
  /** A label for each tick. */
  readonly labels: readonly string[];
  /** Data value → pixel. */
  map(v: number): number;
}

function extentOf(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * An axis spanning `values` (finite; positive for a log axis) mapped onto pixels [from, to] (to < from for a y axis).
 * With no values the domain is [0, 1] (or [1, 10] for a log axis).
 * @example makeAxis([0, 0.87], 300, 20).ticks // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function makeAxis(values: readonly number[], from: number, to: number, options: AxisOptions = {}): Axis {
  const count = options.ticks ?? 5;
  let [lo, hi] = values.length > 0 ? extentOf(values) : options.log ? [1, 10] : [0, 1];
  if (options.log) {
    if (options.nice !== false || lo === hi) [lo, hi] = logDomain(lo, hi);
    const ticks = logTicks(lo, hi);
    const a = Math.log10(lo);
    const span = Math.log10(hi) - a;
    return {
      domain: [lo, hi], ticks, labels: ticks.map((t) => formatNumber(t, 3)),
      map: (v) => from + ((Math.log10(v) - a) / span) * (to - from),
    };
  }
  if (options.nice !== false) [lo, hi] = niceDomain(lo, hi, count);
  else if (lo === hi) [lo, hi] = options.integer ? [lo - 1, hi + 1] : niceDomain(lo, hi, count);
  const ticks = niceTicks(lo, hi, count, options.integer);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : niceStep(lo, hi, count);
  return {
    domain: [lo, hi], ticks, labels: ticks.map((t) => formatTick(t, step)),
    map: (v) => from + ((v - lo) / (hi - lo)) * (to - from),
  };
}
