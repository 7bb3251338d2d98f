// What the Node runners of `bench/compare.mjs` share (compare-tasknet.mjs, compare-tfjs.mjs; compare-torch.py
// mirrors it in Python): the run spec, the event lines they print, the Fashion-MNIST batches and the timing protocol.
//
// A runner gets one JSON argument, the spec:
//   { workload: 'mlp'|'cnn'|'matmul', backend, threads, batch, batches, sizes, dataDir,
//     timing: { warmupSteps, warmupSeconds, reps, repSeconds, limit } }
// and prints one JSON object per line on stdout:
//   { event: 'info', detail, threads }                  the backend's variant (e.g. 'SIMD'), the threads it uses
//   { event: 'begin', task }                            a measurement starts (the parent's time limit restarts)
//   { event: 'first', task, seconds }                   the first (cold) step is done
//   { event: 'result', task, seconds, runs, steps, spread, cold }   median seconds per step
//   { event: 'skip', task, reason }                     this task cannot run here
// Tasks: 'mlp', 'cnn', or 'matmul-<n>' for each size.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The run spec from the command line. */
export function readSpec() {
  return JSON.parse(process.argv[2]);
}

/** The tasks a spec asks for, in order. */
export function tasksOf(spec) {
  return spec.workload === 'matmul' ? spec.sizes.map((n) => `matmul-${n}`) : [spec.workload];
}

/** Print one event line. */
export function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/** The first `count` items of `itemSize` bytes of a gzip IDX file (a 4-byte magic, 4 bytes per dimension, data). */
function readIdxItems(file, count, itemSize) {
  const bytes = gunzipSync(readFileSync(file));
  const start = 4 + 4 * bytes[3];
  return bytes.subarray(start, start + count * itemSize);
}

/**
 * The first `batch · batches` Fashion-MNIST training images (float32 in [0, 1], row-major [N, 784]) and labels
 * (int32): the bytes every framework trains on (compare-torch.py reads the same).
 */
function loadFashionMnist({ dataDir, batch, batches }) {
  const count = batch * batches;
  const images = readIdxItems(`${dataDir}/train-images-idx3-ubyte.gz`, count, 784);
  return {
    pixels: Float32Array.from(images, (v) => v / 255),
    labels: Int32Array.from(readIdxItems(`${dataDir}/train-labels-idx1-ubyte.gz`, count, 1)),
  };
}

/** Batch `index` of the loaded data: `{ pixels: Float32Array(batch·784), labels: Int32Array(batch) }`. */
export function batchOf(data, batch, index) {
  return {
    pixels: data.pixels.subarray(index * batch * 784, (index + 1) * batch * 784),
    labels: data.labels.subarray(index * batch, (index + 1) * batch),
  };
}

async function secondsOf(step, count) {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await step();
  return (performance.now() - t0) / 1000;
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Time `step` (it returns, or its promise resolves, when its work is done) and emit the task's events. The protocol, in
 * every runner: one cold step (a task whose step throws, e.g. for a missing kernel, is skipped); if it took more
 * than a quarter of the time limit, it is the result; otherwise warm-up steps (at least `warmupSteps`, for at
 * least `warmupSeconds`), then up to `reps` timed repetitions of as many steps as fill `repSeconds`, as many
 * repetitions as fit in half the limit (at least one). The result is the median seconds per step.
 */
async function measure(task, step, timing) {
  emit({ event: 'begin', task });
  let first;
  try {
    first = await secondsOf(step, 1);
  } catch (error) {
    emit({ event: 'skip', task, reason: String(error?.message ?? error).split('\n')[0] });
    return;
  }
  emit({ event: 'first', task, seconds: first });
  if (first > timing.limit / 4) {
    emit({ event: 'result', task, seconds: first, runs: 1, steps: 1, spread: 0, cold: true });
    return;
  }
  let last = first;
  let spent = first;
  for (let n = 1; n < timing.warmupSteps || spent < timing.warmupSeconds; n++) {
    last = await secondsOf(step, 1);
    spent += last;
  }
  const steps = Math.max(1, Math.round(timing.repSeconds / last));
  const runs = Math.min(timing.reps, Math.max(1, Math.floor(timing.limit / 2 / (steps * last))));
  const times = [];
  for (let r = 0; r < runs; r++) times.push((await secondsOf(step, steps)) / steps);
  times.sort((a, b) => a - b);
  const seconds = median(times);
  const spread = (times[times.length - 1] - times[0]) / 2 / seconds;
  emit({ event: 'result', task, seconds, runs, steps, spread, cold: false });
}

/** Run one training workload or the matmul sizes of a spec, with the framework's step builders. */
export async function runWorkload(spec, { trainingStep, matmulStep }) {
  if (spec.workload === 'matmul') {
    for (const n of spec.sizes) await measure(`matmul-${n}`, matmulStep(n), spec.timing);
    return;
  }
  await measure(spec.workload, trainingStep(spec.workload, loadFashionMnist(spec)), spec.timing);
}
