/** Axis arithmetic: round tick steps (1, 2 or 5 × 10^k), domains widened to them, and log-scale ticks. */
import { ValueError } from '../core/index.js';

function checkRange(op: string, min: number, max: number): void {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new ValueError(op, `expected finite bounds with min <= max, found [${min}, ${max}]`);
  }
}

/**
 * The round step (1, 2 or 5 × 10^k) that splits [min, max] into about `count` intervals (the rule of d3's
 * `tickIncrement`: the raw step rounded to 10, 5 or 2 × 10^k at the thresholds √50, √10 and √2).
 * @example niceStep(0, 0.87, 5) // 0.2
 * @throws ValueError when the bounds are not finite, min > max, or count < 1.
 */
export function niceStep(min: number, max: number, count = 5): number {
  checkRange('niceStep', min, max);
  if (!(count >= 1)) throw new ValueError('niceStep', `count must be at least 1, found ${count}`);
  const raw = (max - min) / count;
  if (raw === 0) return min === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(min)));
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1;
  return factor * power;
}

/** k × step, computed as k / (1/step) when step < 1 so that 3 × 0.2 prints as 0.6, not 0.6000000000000001. */
function multiple(k: number, step: number): number {
  if (step >= 1) return k * step;
  const inverse = Math.round(1 / step);
  return Math.abs(1 / inverse - step) < step * 1e-9 ? k / inverse : k * step;
}

/**
 * Round tick values inside [min, max]: the multiples of `niceStep(min, max, count)` (or of 1 when `integer` and
 * the step would be smaller), in increasing order.
 * @example niceTicks(0, 0.87) // [0, 0.2, 0.4, 0.6, 0.8]
 * @example niceTicks(1, 3, 5, true) // [1, 2, 3]
 */
export function niceTicks(min: number, max: number, count = 5, integer = false): number[] {
  let step = niceStep(min, max, count);
  if (integer && step < 1) step = 1;
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(multiple(k, step) + 0); // + 0 turns -0 into 0
  return ticks;
}

/**
 * [min, max] widened outward to multiples of its round step (d3's `nice`), so the axis starts and ends on a tick;
 * an empty range [v, v] is first widened to one step either side (or [v − 1, v + 1] for v = 0).
 * @example niceDomain(0.03, 0.87) // [0, 1]
 */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  checkRange('niceDomain', min, max);
  let lo = min;
  let hi = max;
  if (lo === hi) {
    const pad = lo === 0 ? 1 : niceStep(lo, lo);
    lo -= pad;
    hi += pad;
  }
  for (let pass = 0; pass < 2; pass++) {
    const step = niceStep(lo, hi, count);
    lo = multiple(Math.floor(lo / step + 1e-9), step);
    hi = multiple(Math.ceil(hi / step - 1e-9), step);
  }
  return [lo, hi];
}

const MANTISSAS = [1, 2, 5] as const;

/**
 * A log-scale domain for positive [min, max]: widened outward to the nearest 1, 2 or 5 × 10^k.
 * @example logDomain(0.034, 2.3) // [0.02, 5]
 * @throws ValueError when min is not positive.
 */
export function logDomain(min: number, max: number): [number, number] {
  checkRange('logDomain', min, max);
  if (!(min > 0)) throw new ValueError('logDomain', `a log scale needs positive values, found a minimum of ${min}`);
  const below = (v: number): number => {
    const p = 10 ** Math.floor(Math.log10(v));
    const m = [...MANTISSAS].reverse().find((k) => k * p <= v * (1 + 1e-12)) ?? 1;
    return m * p;
  };
  const above = (v: number): number => {
    const p = 10 ** Math.floor(Math.log10(v));
    const m = MANTISSAS.find((k) => k * p >= v * (1 - 1e-12)) ?? 10;
    return m * p;
  };
  const lo = below(min);
  let hi = above(max);
  if (hi <= lo) hi = above(lo * 1.000001);
  return [lo, hi];
}

/**
 * Log-scale ticks inside positive [min, max]: 1, 2 and 5 × 10^k when the range spans at most three decades, else
 * only the powers of ten (every other one, or sparser, past twelve decades).
 * @example logTicks(0.02, 5) // [0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5]
 */
export function logTicks(min: number, max: number): number[] {
  checkRange('logTicks', min, max);
  if (!(min > 0)) throw new ValueError('logTicks', `a log scale needs positive values, found a minimum of ${min}`);
  const lo = Math.floor(Math.log10(min));
  const hi = Math.ceil(Math.log10(max));
  const decades = Math.log10(max / min);
  const mantissas = decades <= 3 ? MANTISSAS : [1];
  const every = Math.max(1, Math.ceil((hi - lo) / 12));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) {
    if (mantissas.length === 1 && (e - lo) % every !== 0) continue;
    for (const m of mantissas) {
      const v = e < 0 ? m / 10 ** -e : m * 10 ** e;
      if (v >= min * (1 - 1e-12) && v <= max * (1 + 1e-12)) ticks.push(v);
    }
  }
  return ticks;
}
