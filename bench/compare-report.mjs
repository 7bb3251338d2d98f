// Figures, tables and ratios of `npm run bench:compare` (bench/compare.mjs).

/** The targets (issue 4, "Done when"): ratios of tasknet's best to each peer's best, and GFLOP/s. */
const TARGETS = {
  mlp: { torch: 0.5, tfjs: 10 },
  cnn: { torch: 0.3, tfjs: 10 },
  'matmul-1024': { oneThreadGflops: 40 },
};

/** The GPU targets (issue 8): webgpu / PyTorch CUDA samples/s, and webgpu GFLOP/s at 4096³. */
const GPU_TARGETS = {
  cnn: { torch: 0.3 },
  'matmul-4096': { gflops: 20000 },
};

const matmulSize = (task) => Number(task.slice('matmul-'.length));

/** The task's name in the tables. */
function taskLabel(task) {
  if (task === 'mlp') return 'MLP 784-256-128-10';
  if (task === 'cnn') return 'small CNN';
  return `matmul ${matmulSize(task)}`;
}

/** The figure of a step time: samples/s for training (`batch` samples a step), GFLOP/s for matmul (2n³). */
export function figureOf(task, seconds, batch) {
  if (!task.startsWith('matmul-')) return { value: batch / seconds, unit: 'samples/s' };
  return { value: (2 * matmulSize(task) ** 3) / seconds / 1e9, unit: 'GFLOP/s' };
}

const WIDTHS = [19, 9, 19, 7, 10, 9, 10, 6, 7];
const HEADINGS = ['workload', 'framework', 'backend', 'threads', 'result', 'unit', 'per step', 'spread', 'runs', 'note'];

function formatColumns(columns) {
  const left = new Set([0, 1, 2, 5, 9]);
  return columns
    .map((c, i) => (i >= WIDTHS.length ? c : left.has(i) ? String(c).padEnd(WIDTHS[i]) : String(c).padStart(WIDTHS[i])))
    .join(' ')
    .trimEnd();
}

const ms = (s) => (s >= 1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(s < 0.01 ? 3 : 1)} ms`);
const number = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 2));

/** The first lines: machine, versions, protocol, column headings. */
export function printTableHeader(header, data, timing) {
  console.log(`tasknet bench:compare — Node ${header.node}, ${header.cpu} (${header.cores} cores), ` +
    `PyTorch ${header.torch}, TensorFlow.js ${header.tfjs}`);
  console.log(`training: Adam lr 1e-3, cross-entropy, batch ${data.batch}, the first ${data.batches} Fashion-MNIST ` +
    'training batches in turn; matmul: float32 n×n @ n×n, GFLOP/s = 2n³/s');
  console.log('median of timed repetitions after warm-up; spread = half the min–max range relative to the median; ' +
    `runs = repetitions × steps; a measurement still running after ${timing.limit} s is stopped`);
  console.log('TF.js wasm runs on one thread: tfjs-backend-wasm turns multi-threading off in Node (tensorflow/tfjs#3830)\n');
  console.log(formatColumns(HEADINGS));
  console.log(formatColumns(WIDTHS.map((w) => '-'.repeat(w)).concat('----')));
}

/** One table row. */
export function printRow(row) {
  const backend = row.detail === undefined ? row.backend : `${row.backend}, ${row.detail}`;
  const head = [taskLabel(row.task), row.framework, backend, row.threads];
  if (row.value === null) {
    console.log(formatColumns([...head, 'n/a', '', '', '', '', row.reason]));
    return;
  }
  const result = `${row.upperBound ? '< ' : ''}${number(row.value)}`;
  const perStep = `${row.upperBound ? '> ' : ''}${ms(row.seconds)}`;
  const spread = row.runs > 1 ? `±${(row.spread * 100).toFixed(0)}%` : '';
  const runs = row.upperBound ? '' : `${row.runs}×${row.steps}`;
  const note = row.upperBound ? 'stopped: no step ended' : row.cold ? 'one cold step' : '';
  console.log(formatColumns([...head, result, row.unit, perStep, spread, runs, note]));
}

/** The fastest of `rows`: `{value, upperBound, row}`, or null when none has a figure. */
function fastest(rows) {
  const measured = rows.filter((r) => r.value !== null).sort((a, b) => b.value - a.value);
  return measured.length === 0 ? null : { value: measured[0].value, upperBound: measured[0].upperBound, row: measured[0] };
}

/**
 * a / b, where either figure may be an upper bound: `{value, kind}`, kind 'exact', 'lower bound' (b was an upper
 * bound) or 'upper bound' (a was); null when a figure is missing or both are bounds.
 */
function ratio(a, b) {
  if (a === null || b === null || (a.upperBound && b.upperBound)) return null;
  const kind = b.upperBound ? 'lower bound' : a.upperBound ? 'upper bound' : 'exact';
  return { value: a.value / b.value, kind };
}

/** 'pass', 'fail', or 'unknown' (a bound on the wrong side of the target, or no figure). */
function verdict(r, target) {
  if (r === null) return 'unknown';
  if (r.kind !== 'upper bound' && r.value >= target) return 'pass';
  if (r.kind !== 'lower bound' && r.value < target) return 'fail';
  return 'unknown';
}

function check(name, r, target) {
  const base = { name, value: r?.value ?? null, kind: r?.kind ?? null };
  return target === undefined ? base : { ...base, target, verdict: verdict(r, target) };
}

/** Per task of a `--gpu` run: tasknet webgpu against PyTorch CUDA, and the GFLOP/s target. */
function gpuRatioRecords(rows) {
  const tasks = [...new Set(rows.map((r) => r.task))];
  return tasks.map((task) => {
    const of = (framework) => fastest(rows.filter((r) => r.task === task && r.framework === framework));
    const best = { tasknet: of('tasknet'), torch: of('PyTorch'), tfjs: null };
    const targets = GPU_TARGETS[task] ?? {};
    const checks = [check('tasknet webgpu / PyTorch CUDA', ratio(best.tasknet, best.torch), targets.torch)];
    if (targets.gflops !== undefined) {
      const gflops = best.tasknet && { value: best.tasknet.value, kind: best.tasknet.upperBound ? 'upper bound' : 'exact' };
      checks.push(check('tasknet webgpu (GFLOP/s)', gflops, targets.gflops));
    }
    const summary = (b) => b && { value: b.value, upperBound: b.upperBound, backend: b.row.backend, threads: b.row.threads };
    return { task, unit: rows.find((r) => r.task === task && r.unit)?.unit ?? null,
      best: { tasknet: summary(best.tasknet), torch: summary(best.torch), tfjs: null }, checks };
  });
}

/** Per task: each framework's fastest row, and the ratios and targets of the issue (`gpu`: of issue 8). */
export function ratioRecords(rows, gpu = false) {
  if (gpu) return gpuRatioRecords(rows);
  const tasks = [...new Set(rows.map((r) => r.task))];
  return tasks.map((task) => {
    const of = (framework, threads) =>
      fastest(rows.filter((r) => r.task === task && r.framework === framework && (threads === undefined || r.threads === threads)));
    const best = { tasknet: of('tasknet'), torch: of('PyTorch'), tfjs: of('TF.js') };
    const oneThread = fastest(rows.filter((r) => r.task === task && r.framework === 'tasknet' && r.backend === 'wasm' && r.threads === 1));
    const targets = TARGETS[task] ?? {};
    const checks = [
      check('tasknet / PyTorch best', ratio(best.tasknet, best.torch), targets.torch),
      check('tasknet / PyTorch, 1 thread each', ratio(oneThread, of('PyTorch', 1))),
      check('tasknet / TF.js best', ratio(best.tasknet, best.tfjs), targets.tfjs),
    ];
    if (targets.oneThreadGflops !== undefined) {
      const gflops = oneThread && { value: oneThread.value, kind: oneThread.upperBound ? 'upper bound' : 'exact' };
      checks.push(check('tasknet wasm, 1 thread (GFLOP/s)', gflops, targets.oneThreadGflops));
    }
    const summary = (b) => b && { value: b.value, upperBound: b.upperBound, backend: b.row.backend, threads: b.row.threads };
    return { task, unit: rows.find((r) => r.task === task && r.unit)?.unit ?? null,
      best: { tasknet: summary(best.tasknet), torch: summary(best.torch), tfjs: summary(best.tfjs) }, checks };
  });
}

function describeBest(name, b) {
  if (b === null) return `${name} n/a`;
  return `${name} ${b.upperBound ? '< ' : ''}${number(b.value)} (${b.backend}, ${b.threads} thread${b.threads === 1 ? '' : 's'})`;
}

function formatCheck(c) {
  const symbol = { 'exact': '', 'lower bound': '> ', 'upper bound': '< ' }[c.kind] ?? '';
  const isRatio = !c.name.includes('GFLOP/s');
  const value = c.value === null ? 'n/a' : `${symbol}${isRatio ? c.value.toFixed(2) + '×' : number(c.value)}`;
  const target = c.target === undefined ? '' : `target ≥ ${c.target}${isRatio ? '×' : ''}`;
  const mark = { pass: '✓ pass', fail: '✗ FAIL', unknown: '? unknown' }[c.verdict] ?? '';
  return `  ${c.name.padEnd(34)} ${value.padStart(10)}   ${target.padEnd(15)} ${mark}`.trimEnd();
}

/** The ratios section and the total time. */
export function printRatios(records, seconds) {
  console.log('\nratios (best = the fastest row of a framework: any backend, any thread count)');
  for (const r of records) {
    console.log(`${taskLabel(r.task)}, ${r.unit ?? 'no figures'}: ${describeBest('tasknet', r.best.tasknet)} · ` +
      `${describeBest('PyTorch', r.best.torch)} · ${describeBest('TF.js', r.best.tfjs)}`);
    for (const c of r.checks) console.log(formatCheck(c));
  }
  console.log(`\ntotal ${seconds.toFixed(0)} s`);
}
