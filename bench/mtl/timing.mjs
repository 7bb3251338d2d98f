// Timing of the multi-task benchmark's configurations, robust to a shared machine: each configuration trains
// one epoch on one thread, and the process's CPU time is measured (other processes' load barely changes it);
// rounds are interleaved (every configuration once, then again) and the median is kept.
import * as tn from 'tasknet';
import { trainOnce } from './run.mjs';

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** CPU seconds (user + system, every thread of the process) and wall seconds that `fn` takes. */
async function measure(fn) {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - wall) / 1000 };
}

/**
 * Seconds per training epoch of each configuration: `rounds` interleaved one-epoch runs on one thread
 * (seed 0), CPU and wall seconds of each, by configuration key. Evaluation is not timed.
 */
export async function timeConfigurations(suite, configs, setsFor, rounds) {
  const threads = tn.getNumThreads();
  tn.setNumThreads(1);
  const timed = { ...suite, epochs: 1 };
  const results = Object.fromEntries(configs.map((c) => [c.key, { cpu: [], wall: [] }]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const config of configs) {
        const { cpu, wall } = await measure(() => trainOnce(timed, config, 0, setsFor(config), { evaluate: false }));
        results[config.key].cpu.push(cpu);
        results[config.key].wall.push(wall);
        console.log(`timing ${suite.id} ${config.key} round ${round}: ${cpu.toFixed(2)} s CPU, ${wall.toFixed(2)} s wall`);
      }
    }
  } finally {
    tn.setNumThreads(threads);
  }
  return results;
}
