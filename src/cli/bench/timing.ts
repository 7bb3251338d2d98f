/** Timing one benchmark: warm-up, calibration, then the median of timed repetitions (performance.now()). */

/** How a benchmark is timed. */
export interface Timing {
  /** Untimed calls first (JIT, caches, optimiser state); at most one when a call takes longer than {@link LONG_CALL_SECONDS}. */
  readonly warmup: number;
  /** Timed repetitions; the result is their median. */
  readonly repeat: number;
  /** Each repetition makes enough calls to last about this long, so that fast steps are not timer noise. */
  readonly minSeconds: number;
}

/** One measurement. */
export interface Measurement {
  /** Median seconds per call. */
  readonly seconds: number;
  /** Fastest repetition, seconds per call. */
  readonly min: number;
  /** Slowest repetition, seconds per call. */
  readonly max: number;
  /** Timed repetitions. */
  readonly repeat: number;
  /** Calls in each repetition. */
  readonly calls: number;
}

/** A warm-up call longer than this (seconds) is warm-up enough: the others are skipped. */
export const LONG_CALL_SECONDS = 0.25;

/** Calls per repetition never exceed this, however fast a step is. */
const MAX_CALLS = 10_000;

/**
 * The timing of a default run or a `--quick` one.
 * @param quick - one warm-up, three repetitions of ≥ 20 ms (instead of two, five and ≥ 100 ms)
 * @param repeat - repetitions, overriding the default
 */
export function timingFor(quick: boolean, repeat?: number): Timing {
  return quick
    ? { warmup: 1, repeat: repeat ?? 3, minSeconds: 0.02 }
    : { warmup: 2, repeat: repeat ?? 5, minSeconds: 0.1 };
}

/**
 * The median of `values`.
 * @throws RangeError when `values` is empty.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: expected at least one value, found none');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Time `step`: `timing.warmup` untimed calls, then `timing.repeat` repetitions of as many calls as fill
 * `timing.minSeconds` (judged from the last warm-up call), each ended by `sync` inside the timed span, so that work
 * a backend queued is finished before the clock stops.
 * @param step - one unit of work (one matmul, one training step); it should force its own result
 * @param timing - warm-up, repetitions and minimum repetition length
 * @param sync - what forces the last call's effects (say, reading a parameter after an optimiser step)
 */
export function measure(step: () => void, timing: Timing, sync: () => void = () => {}): Measurement {
  let last = 0;
  for (let i = 0; i < Math.max(1, timing.warmup); i++) {
    const t0 = performance.now();
    step();
    sync();
    last = (performance.now() - t0) / 1000;
    if (last > LONG_CALL_SECONDS) break;
  }
  const calls = Math.min(MAX_CALLS, Math.max(1, Math.ceil(timing.minSeconds / Math.max(last, 1e-6))));
  const perCall: number[] = [];
  for (let r = 0; r < timing.repeat; r++) {
    const t0 = performance.now();
    for (let c = 0; c < calls; c++) step();
    sync();
    perCall.push((performance.now() - t0) / 1000 / calls);
  }
  return { seconds: median(perCall), min: Math.min(...perCall), max: Math.max(...perCall), repeat: perCall.length, calls };
}
