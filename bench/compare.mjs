// tasknet against PyTorch and TensorFlow.js (`npm run bench:compare`, issue 4): training throughput of the MLP
// 784-256-128-10 and of the small CNN (Adam, cross-entropy, batch 128, the same 20 Fashion-MNIST batches for
// every framework) and square float32 matmul GFLOP/s, then the ratios tasknet/PyTorch and tasknet/TF.js with the
// issue's targets.
//
//   npm run bench:compare                        builds the library, then runs everything (under three minutes)
//   node bench/compare.mjs                       everything, without building
//   node bench/compare.mjs --only mlp,matmul     some workloads (mlp, cnn, matmul)
//   node bench/compare.mjs --quick               fewer and shorter repetitions
//   node bench/compare.mjs --json                JSON lines instead of the tables
//   node bench/compare.mjs --gpu                 `npm run bench:gpu` (issue 8): tasknet webgpu against PyTorch CUDA,
//                                                batch 256, matmul 1024–8192 (--sizes 1024,4096 to choose);
//                                                --swiftshader runs webgpu on SwiftShader where there is no GPU
//
// Rows: tasknet wasm on 1 and 2 threads (`tn.setNumThreads`), tasknet cpu (MLP only, for the record), PyTorch CPU
// on 1 and 2 threads (Debian's python3-torch via /usr/bin/python3; n/a where it cannot import torch), TF.js
// (`@tensorflow/tfjs`, dev dependency) on its wasm and cpu backends. Each row runs in its own process
// (compare-tasknet.mjs, compare-torch.py, compare-tfjs.mjs), with the timing protocol of compare-common.mjs:
// warm-up, then the median of timed repetitions. A measurement still running after the time limit is stopped:
// its row is then an upper bound ("<"), since one step takes longer than the time waited.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { tasksOf } from './compare-common.mjs';
import { figureOf, printRatios, printRow, printTableHeader, ratioRecords } from './compare-report.mjs';

const USAGE = 'usage: node bench/compare.mjs [--only mlp,cnn,matmul] [--quick] [--json] [--gpu [--sizes 1024,4096] [--swiftshader]]';
const WORKLOADS = ['mlp', 'cnn', 'matmul'];
const PYTHON = '/usr/bin/python3';
const DATA = { dataDir: '/usr/share/datasets/fashion-mnist', batch: 128, batches: 20, sizes: [256, 512, 1024] };
/** `--gpu`: the batch 256 and matmul sizes. */
const GPU_DATA = { ...DATA, batch: 256, sizes: [1024, 2048, 4096, 8192] };
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const TIMING = {
  full: { warmupSteps: 2, warmupSeconds: 0.5, reps: 5, repSeconds: 0.5, limit: 30 },
  quick: { warmupSteps: 2, warmupSeconds: 0.2, reps: 3, repSeconds: 0.2, limit: 15 },
};

function parseArgs(argv) {
  const options = { json: false, quick: false, only: WORKLOADS, gpu: false, sizes: null, swiftshader: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--quick') options.quick = true;
    else if (argv[i] === '--only' && argv[i + 1] !== undefined) options.only = argv[++i].split(',').filter(Boolean);
    else if (argv[i] === '--gpu') options.gpu = true;
    else if (argv[i] === '--swiftshader') options.swiftshader = true;
    else if (argv[i] === '--sizes' && argv[i + 1] !== undefined) options.sizes = argv[++i].split(',').map(Number);
    else fail(`unknown argument ${argv[i]}`);
  }
  for (const w of options.only) if (!WORKLOADS.includes(w)) fail(`unknown workload ${w} (workloads: ${WORKLOADS.join(', ')})`);
  if (options.sizes?.some((n) => !Number.isInteger(n) || n < 1)) fail('--sizes takes positive integers, e.g. 1024,4096');
  return options;
}

function fail(message) {
  console.error(`${message}; ${USAGE}`);
  process.exit(2);
}

/** PyTorch's version, or why it cannot run. */
function probeTorch() {
  const probe = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) return { version: probe.stdout.trim() };
  return { missing: `${PYTHON} cannot import torch (apt-get install python3-torch)` };
}

/** TensorFlow.js's version, or why it cannot run. */
function probeTfjs() {
  try {
    const manifest = createRequire(import.meta.url).resolve('@tensorflow/tfjs/package.json');
    return { version: JSON.parse(readFileSync(manifest, 'utf8')).version };
  } catch {
    return { missing: '@tensorflow/tfjs is not installed (npm ci)' };
  }
}

const bench = (file) => fileURLToPath(new URL(file, import.meta.url));

/** The rows to measure, in order, with the runner that measures each, and why it cannot run where it cannot. */
function configurations(torch, tfjs) {
  const tasknetRunner = { command: process.execPath, args: [bench('compare-tasknet.mjs')] };
  const tfjsRunner = { command: process.execPath, args: [bench('compare-tfjs.mjs')], missing: tfjs.missing };
  const torchRunner = (threads) => ({
    command: PYTHON,
    args: [bench('compare-torch.py')],
    // Debian's torch calls the pthreads build of OpenBLAS, whose thread count torch.set_num_threads leaves alone.
    // Passive OpenMP waiting: on a busy machine, OpenMP threads spinning beside OpenBLAS's made PyTorch's 2-thread
    // training steps 4 to 40 times slower than its 1-thread steps; waiting passively avoids that.
    env: { OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: 'PASSIVE' },
    missing: torch.missing,
  });
  return [
    { framework: 'tasknet', backend: 'wasm', threads: 1, runner: tasknetRunner },
    { framework: 'tasknet', backend: 'wasm', threads: 2, runner: tasknetRunner },
    { framework: 'tasknet', backend: 'cpu', threads: 1, runner: tasknetRunner, workloads: ['mlp'] },
    { framework: 'PyTorch', backend: 'cpu', threads: 1, runner: torchRunner(1) },
    { framework: 'PyTorch', backend: 'cpu', threads: 2, runner: torchRunner(2) },
    { framework: 'TF.js', backend: 'wasm', threads: 1, runner: tfjsRunner },
    { framework: 'TF.js', backend: 'cpu', threads: 1, runner: tfjsRunner },
  ];
}

/** `--gpu`: tasknet's webgpu backend and PyTorch on CUDA (n/a where torch has no CUDA device). */
function gpuConfigurations(torch, swiftshader) {
  const tasknetRunner = {
    command: process.execPath, args: [bench('compare-tasknet.mjs')],
    env: swiftshader ? { VK_ICD_FILENAMES: SWIFTSHADER_ICD } : {},
  };
  const torchRunner = { command: PYTHON, args: [bench('compare-torch.py')], missing: torch.missing };
  return [
    { framework: 'tasknet', backend: 'webgpu', threads: 1, runner: tasknetRunner },
    { framework: 'PyTorch', backend: 'cuda', device: 'cuda', threads: 1, runner: torchRunner },
  ];
}

/**
 * A table row: what ran and how fast. `fields` holds the runner's result (seconds per step, runs, steps, spread,
 * cold), or `upperBound` (a step takes longer than `seconds`), or the `reason` it did not run.
 */
function makeRow(config, task, fields) {
  const row = {
    task, framework: config.framework, backend: config.backend, detail: config.detail, threads: config.threads,
    value: null, unit: null, upperBound: false, seconds: null, ...fields,
  };
  return row.seconds === null ? row : { ...row, ...figureOf(task, row.seconds, config.batch) };
}

/** Start a runner; its event lines go to `onEvent`. `exited` resolves with the exit code and stderr. */
function startRunner({ command, args, env }, spec, onEvent) {
  const child = spawn(command, [...args, JSON.stringify(spec)], { env: { ...process.env, ...env } });
  let stderr = '';
  let pending = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdout.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) if (line.trim() !== '') onEvent(JSON.parse(line));
  });
  const exited = new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  return { child, exited };
}

/** Kills `child` when `seconds` pass without a `restart()`. */
function watchdog(child, seconds) {
  let timer;
  let since;
  const dog = {
    stopped: false,
    restart() {
      clearTimeout(timer);
      since = performance.now();
      timer = setTimeout(() => { dog.stopped = true; child.kill('SIGKILL'); }, seconds * 1000);
    },
    waited: () => (performance.now() - since) / 1000,
    cancel: () => clearTimeout(timer),
  };
  dog.restart();
  return dog;
}

/** The error message in a runner's stderr (Node and Python both print it on a line of its own). */
function errorLine(stderr) {
  const lines = stderr.trim().split('\n');
  return lines.find((line) => /^[\w.]*(Error|Exception)\b/.test(line)) ?? lines.at(-1);
}

/**
 * Run one configuration on one workload in its own process; a row per task. The time limit restarts when a task
 * begins; a task still running at the limit is stopped (the process is killed), and its row is then its first,
 * cold step if that ended, else an upper bound.
 */
async function runConfiguration(config, workload, timing, data) {
  const spec = { ...data, workload, backend: config.backend, device: config.device, threads: config.threads, timing };
  config = { ...config, batch: data.batch };
  const tasks = tasksOf(spec);
  if (config.runner.missing) return tasks.map((task) => makeRow(config, task, { reason: config.runner.missing }));
  const ran = { ...config };
  const results = new Map();
  let current = null;
  let dog = null;
  const { child, exited } = startRunner(config.runner, spec, (event) => {
    if (event.event === 'info') Object.assign(ran, { detail: event.detail, threads: event.threads ?? config.threads });
    else if (event.event === 'begin') { current = { task: event.task }; dog.restart(); }
    else if (event.event === 'first') current.first = event.seconds;
    else if (event.event === 'skip') results.set(event.task, { reason: event.reason });
    else if (event.event === 'result') {
      const { seconds, runs, steps, spread, cold } = event;
      results.set(event.task, { seconds, runs, steps, spread, cold });
    }
  });
  dog = watchdog(child, timing.limit);
  const { code, stderr } = await exited;
  dog.cancel();
  const unfinished = (task) => {
    if (!dog.stopped) return { reason: `failed (exit code ${code}): ${errorLine(stderr)}` };
    if (current?.task !== task) return { reason: 'not run: its process was stopped' };
    if (current.first !== undefined) return { seconds: current.first, runs: 1, steps: 1, spread: 0, cold: true };
    return { seconds: dog.waited(), upperBound: true };
  };
  return tasks.map((task) => makeRow(ran, task, results.get(task) ?? unfinished(task)));
}

/** `--json`: one object a line, typed header, result or ratio. */
const jsonOutput = {
  header: (header, data, timing) => console.log(JSON.stringify({ type: 'header', ...header, ...data, timing })),
  row: (row) => console.log(JSON.stringify({ type: 'result', ...row })),
  ratios: (records) => { for (const r of records) console.log(JSON.stringify({ type: 'ratio', ...r })); },
};

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const timing = options.quick ? TIMING.quick : TIMING.full;
  const data = options.gpu ? { ...GPU_DATA, sizes: options.sizes ?? GPU_DATA.sizes } : { ...DATA, sizes: options.sizes ?? DATA.sizes };
  const torch = probeTorch();
  const tfjs = probeTfjs();
  const needsData = options.only.some((w) => w !== 'matmul');
  if (needsData && !existsSync(`${data.dataDir}/train-images-idx3-ubyte.gz`)) {
    console.error(`Fashion-MNIST is not in ${data.dataDir}: apt-get install dataset-fashion-mnist, or use --only matmul`);
    process.exit(1);
  }
  const header = {
    node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown CPU', cores: os.cpus().length,
    torch: torch.version ?? 'n/a', tfjs: tfjs.version ?? 'n/a',
  };
  const output = options.json ? jsonOutput : { header: printTableHeader, row: printRow, ratios: printRatios };
  output.header(header, data, timing);
  const t0 = performance.now();
  const rows = [];
  for (const workload of options.only) {
    const configs = options.gpu ? gpuConfigurations(torch, options.swiftshader) : configurations(torch, tfjs);
    for (const config of configs) {
      if (config.workloads !== undefined && !config.workloads.includes(workload)) continue;
      for (const row of await runConfiguration(config, workload, timing, data)) {
        rows.push(row);
        output.row(row);
      }
    }
  }
  output.ratios(ratioRecords(rows, options.gpu), (performance.now() - t0) / 1000);
}

await main();
