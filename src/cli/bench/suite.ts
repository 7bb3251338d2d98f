/** Running every benchmark on each backend asked for, and collecting the rows of the table. */
import { getBackend, getNumThreads, setBackend, setNumThreads } from '../../tensor/index.js';
import { CliError, EXIT } from '../errors.js';
import type { Progress } from '../output.js';
import type { BenchOptions } from './options.js';
import { measure, timingFor, type Measurement } from './timing.js';
import { benchCases, type BenchCase, type BenchUnit } from './workloads.js';

/** One row of the table: one benchmark on every backend of the run. */
export interface BenchRow {
  /** Benchmark: `matmul`, `MLP train`, `SmallCNN inference` … */
  readonly name: string;
  /** Size: `512×512`, `batch 64, 1×28×28` … */
  readonly size: string;
  /** Throughput unit. */
  readonly unit: BenchUnit;
  /** Median seconds per step, by backend. */
  readonly seconds: Readonly<Record<string, number>>;
  /** Throughput (GFLOP/s or samples/s), by backend. */
  readonly throughput: Readonly<Record<string, number>>;
  /** With two backends, the first's throughput over the second's (wasm/cpu). */
  readonly ratio?: number;
}

/** What a run measured. */
export interface BenchResult {
  /** Backends, in the order they ran. */
  readonly backends: readonly string[];
  /** Threads each backend ran its kernels on. */
  readonly threads: Readonly<Record<string, number>>;
  /** Whether it was a `--quick` run. */
  readonly quick: boolean;
  /** Timed repetitions per benchmark (the median is reported). */
  readonly repeat: number;
  /** The table. */
  readonly rows: readonly BenchRow[];
  /** Wall time of the whole run, seconds. */
  readonly totalSeconds: number;
}

/** What the runner reports as it goes. */
export interface BenchHooks {
  /** Advanced once per benchmark per backend. */
  readonly progress?: Progress;
  /** Called after each measurement. */
  onMeasurement?(backend: string, bench: BenchCase, m: Measurement): void;
}

/** Benchmarks per backend, for a progress total. */
export function benchCount(quick: boolean): number {
  return benchCases(quick).length;
}

/**
 * Run every benchmark on each of `options.backends` (switching to it, and to `options.threads` threads), then
 * switch back to the backend that was active, with its thread counts as they were.
 * @throws CliError (failure) when a backend does not start.
 */
export async function runBench(options: BenchOptions, hooks: BenchHooks = {}): Promise<BenchResult> {
  const started = performance.now();
  const timing = timingFor(options.quick, options.repeat);
  const cases = benchCases(options.quick);
  const measured = new Map<string, Measurement[]>();
  const threads: Record<string, number> = {};
  const original = getBackend();
  try {
    for (const backend of options.backends) {
      await activate(backend);
      const before = getNumThreads();
      if (options.threads !== undefined && options.threads !== before) await setNumThreads(options.threads);
      threads[backend] = getNumThreads();
      try {
        measured.set(backend, cases.map((bench) => {
          const prepared = bench.prepare();
          try {
            const m = measure(prepared.step, timing, prepared.sync);
            hooks.onMeasurement?.(backend, bench, m);
            hooks.progress?.tick(1, 1);
            return m;
          } finally {
            prepared.dispose();
          }
        }));
      } finally {
        if (getNumThreads() !== before) await setNumThreads(before);
      }
    }
  } finally {
    await setBackend(original);
  }
  hooks.progress?.done();
  return {
    backends: [...options.backends], threads, quick: options.quick, repeat: timing.repeat,
    rows: cases.map((bench, i) => rowOf(bench, options.backends.map((b) => [b, measured.get(b)![i]!] as const))),
    totalSeconds: (performance.now() - started) / 1000,
  };
}

async function activate(backend: string): Promise<void> {
  try {
    await setBackend(backend);
  } catch (error) {
    throw new CliError(`--backend ${backend}: the ${backend} backend did not start (${error instanceof Error ? error.message : String(error)})`, EXIT.failure);
  }
}

function rowOf(bench: BenchCase, results: readonly (readonly [string, Measurement])[]): BenchRow {
  const seconds: Record<string, number> = {};
  const throughput: Record<string, number> = {};
  for (const [backend, m] of results) {
    seconds[backend] = m.seconds;
    throughput[backend] = bench.work / m.seconds;
  }
  const row = { name: bench.name, size: bench.size, unit: bench.unit, seconds, throughput };
  if (results.length !== 2) return row;
  return { ...row, ratio: throughput[results[0]![0]]! / throughput[results[1]![0]]! };
}
