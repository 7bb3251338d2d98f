// Micro-benchmarks (`npm run bench`): matmul GFLOP/s, per-op dispatch overhead, conv2d and training throughput.
//
//   node bench/micro.mjs                     a table, on the default backend (cpu)
//   node bench/micro.mjs --backend wasm      on the wasm backend; `--backend cpu,wasm` runs both, one after the other
//   node bench/micro.mjs --only matmul       only the matmul rows (also: overhead, conv, optim, train; comma-separated)
//   node bench/micro.mjs --json              the table, then one JSON object per measurement on its own line
//
// Each figure is the median of several timed runs after warm-up runs. Results are disposed after every run (the
// conv2d passes inside tn.tidy, which also frees their intermediates), and forward passes run under tn.noGrad.
// FLOPs counted: matmul 2n³; conv2d forward 2·N·O·outH·outW·C·kh·kw, and forward+backward three times that (the
// input and weight gradients each cost about one forward pass).
import * as tn from 'tasknet';
import { findUpdateKernel, registerUpdateKernel, unregisterUpdateKernel } from 'tasknet/backend';

const USAGE = 'usage: node bench/micro.mjs [--backend cpu|wasm|cpu,wasm] [--only matmul,overhead,conv,optim,train] [--json]';
const GROUPS = ['matmul', 'overhead', 'conv', 'optim', 'train'];
let json = false;
let backends = [];
let only = GROUPS;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (arg === '--json') json = true;
  else if (arg === '--backend' && argv[i + 1] !== undefined) backends = argv[++i].split(',').filter(Boolean);
  else if (arg === '--only' && argv[i + 1] !== undefined) only = argv[++i].split(',').filter(Boolean);
  else {
    console.error(`unknown argument ${arg}; ${USAGE}`);
    process.exit(2);
  }
}
for (const group of only) {
  if (!GROUPS.includes(group)) {
    console.error(`unknown group ${group} (groups: ${GROUPS.join(', ')}); ${USAGE}`);
    process.exit(2);
  }
}

/**
 * Median seconds of `fn` after `warmup` calls; runs at least `minRuns` times and until `minSeconds` have been spent
 * timing, at most `maxRuns` times.
 */
function measure(fn, { warmup = 2, minRuns = 5, maxRuns = 30, minSeconds = 1 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  let spent = 0;
  while (times.length < minRuns || (spent < minSeconds && times.length < maxRuns)) {
    const t0 = performance.now();
    fn();
    const dt = (performance.now() - t0) / 1000;
    times.push(dt);
    spent += dt;
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const median = times.length % 2 === 1 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { median, runs: times.length, min: times[0], max: times[times.length - 1] };
}

const rows = [];
const records = [];

function report(record, columns) {
  records.push({ backend: tn.getBackend(), ...record });
  rows.push(columns);
  console.log(formatRow(columns));
}

const widths = [46, 11, 9, 10, 7, 5];
const header = ['benchmark', 'median', 'GFLOP/s', 'samples/s', 'spread', 'runs'];
function formatRow(columns) {
  return columns.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
}
const ms = (s) => (s < 1e-4 ? `${(s * 1e6).toFixed(2)} µs` : `${(s * 1000).toFixed(s < 0.01 ? 3 : 1)} ms`);
const spread = (m) => `±${(((m.max - m.min) / 2 / m.median) * 100).toFixed(0)}%`;

function benchMatmul(n) {
  tn.manualSeed(n);
  const a = tn.randn([n, n]);
  const b = tn.randn([n, n]);
  const m = measure(() => tn.noGrad(() => tn.matmul(a, b).dispose()), { minRuns: n >= 1024 ? 3 : 5, warmup: n >= 1024 ? 1 : 2 });
  tn.dispose([a, b]);
  const flops = 2 * n ** 3;
  const gflops = flops / m.median / 1e9;
  report(
    { bench: 'matmul', dtype: 'float32', n, seconds: m.median, gflops, runs: m.runs },
    [`matmul float32 ${n}×${n} @ ${n}×${n}`, ms(m.median), gflops.toFixed(2), '', spread(m), m.runs],
  );
}

/**
 * What one tiny op costs through the engine (dispatch, output inference, kernel call, Tensor and storage
 * bookkeeping), in microseconds: the floor under every small-batch training step.
 */
function benchOverhead() {
  const a = tn.tensor([1, 2, 3, 4]);
  const b = tn.tensor([5, 6, 7, 8]);
  const reps = 2000;
  const noGrad = measure(() => tn.noGrad(() => { for (let i = 0; i < reps; i++) tn.add(a, b).dispose(); }), { minRuns: 5 });
  report(
    { bench: 'overhead', op: 'add [4] + [4], no grad', seconds: noGrad.median / reps, runs: noGrad.runs },
    ['op overhead: add [4] + [4], no grad', ms(noGrad.median / reps), '', '', spread(noGrad), noGrad.runs],
  );
  const ag = tn.tensor([1, 2, 3, 4], { requiresGrad: true });
  const recorded = measure(() => tn.tidy(() => { for (let i = 0; i < reps; i++) tn.add(ag, b); }), { minRuns: 5 });
  report(
    { bench: 'overhead', op: 'add [4] + [4], recorded, in tidy', seconds: recorded.median / reps, runs: recorded.runs },
    ['op overhead: add [4] + [4], recorded, tidy', ms(recorded.median / reps), '', '', spread(recorded), recorded.runs],
  );
  tn.dispose([a, b, ag]);
}

function benchConv({ batch, inChannels, outChannels, size, kernel = 3, padding = 1 }) {
  tn.manualSeed(size);
  const x = tn.randn([batch, inChannels, size, size]);
  const bound = 1 / Math.sqrt(inChannels * kernel * kernel);
  const w = tn.tidy(() => tn.rand([outChannels, inChannels, kernel, kernel]).mul(2 * bound).sub(bound));
  const b = tn.zeros([outChannels]);
  const outSize = size + 2 * padding - kernel + 1;
  const flops = 2 * batch * outChannels * outSize * outSize * inChannels * kernel * kernel;
  const name = `conv2d ${batch}×${inChannels}×${size}×${size} → ${outChannels}, ${kernel}×${kernel} p${padding}`;
  const layer = { batch, inChannels, outChannels, size, kernel, padding };

  // tidy as well as dispose: conv2d leaves its intermediates (padding, window indices, im2col) as live tensors
  const fwd = measure(() => tn.tidy(() => tn.noGrad(() => { tn.conv2d(x, w, b, { padding }); })), { minRuns: 3 });
  report(
    { bench: 'conv2d', pass: 'forward', ...layer, seconds: fwd.median, gflops: flops / fwd.median / 1e9,
      imagesPerSecond: batch / fwd.median, runs: fwd.runs },
    [`${name} fwd`, ms(fwd.median), (flops / fwd.median / 1e9).toFixed(2), (batch / fwd.median).toFixed(0),
      spread(fwd), fwd.runs],
  );

  // forward + backward: gradients for the input, the weight and the bias, as in a training step
  const xg = x.detach().requiresGrad_(true);
  const wg = w.detach().requiresGrad_(true);
  const bg = b.detach().requiresGrad_(true);
  const seed = tn.ones([batch, outChannels, outSize, outSize]);
  const fb = measure(() => {
    tn.tidy(() => tn.conv2d(xg, wg, bg, { padding }).backward(seed));
    for (const p of [xg, wg, bg]) { p.grad?.dispose(); p.grad = null; }
  }, { minRuns: 3 });
  report(
    { bench: 'conv2d', pass: 'forward+backward', ...layer, seconds: fb.median, gflops: (3 * flops) / fb.median / 1e9,
      imagesPerSecond: batch / fb.median, runs: fb.runs },
    [`${name} fwd+bwd`, ms(fb.median), ((3 * flops) / fb.median / 1e9).toFixed(2), (batch / fb.median).toFixed(0),
      spread(fb), fb.runs],
  );
  tn.dispose([x, w, b, xg, wg, bg, seed]);
}

/**
 * One Adam step over the MLP's parameters (fixed random gradients): fused, by the backend's `adam` update kernel,
 * and composite, the same step with that kernel unregistered (ten element-wise ops per parameter).
 */
function benchOptimizerStep() {
  tn.manualSeed(2);
  const model = new tn.models.MLP([784, 256, 128, 10]);
  const params = [...model.parameters()];
  for (const p of params) p.grad = tn.randn(p.shape);
  const count = params.reduce((n, p) => n + p.size, 0);
  const backend = tn.getBackend();
  const kernel = findUpdateKernel(backend, 'adam');
  const run = (path) => {
    const optimizer = new tn.optim.Adam(params, { lr: 1e-3 });
    const m = measure(() => optimizer.step(), { minRuns: 10 });
    optimizer.dispose();
    report(
      { bench: 'optim', optimizer: 'Adam', path, parameters: count, seconds: m.median, runs: m.runs },
      [`Adam step, ${count} parameters, ${path}`, ms(m.median), '', '', spread(m), m.runs],
    );
  };
  if (kernel !== undefined) run('fused');
  unregisterUpdateKernel(backend, 'adam');
  try {
    run('composite');
  } finally {
    if (kernel !== undefined) registerUpdateKernel(backend, 'adam', kernel);
  }
  tn.dispose(params.map((p) => p.grad));
  tn.dispose(params);
}

/** Training throughput: forward, cross-entropy, backward and an Adam step per batch, on random Fashion-MNIST-shaped data. */
function benchTraining(name, model, inputShape, batch) {
  tn.manualSeed(1);
  const x = tn.randn([batch, ...inputShape]);
  const y = tn.randint(0, 10, [batch]);
  const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-3 });
  const m = measure(() => tn.tidy(() => {
    optimizer.zeroGrad();
    tn.crossEntropy(model.forward(x), y).backward();
    optimizer.step();
  }), { minRuns: 3, warmup: 1 });
  optimizer.zeroGrad();
  optimizer.dispose();
  tn.dispose(model.parameters());
  report(
    { bench: 'train', model: name, batch, seconds: m.median, samplesPerSecond: batch / m.median, runs: m.runs },
    [`train ${name}, batch ${batch}, Adam`, ms(m.median), '', (batch / m.median).toFixed(0), spread(m), m.runs],
  );
  tn.dispose([x, y]);
}

const t0 = performance.now();
const liveAtStart = tn.numTensors();
if (backends.length === 0) backends = [tn.getBackend()];
for (const [index, backend] of backends.entries()) {
  await tn.setBackend(backend);
  if (index > 0) console.log('');
  console.log(`tasknet micro-benchmarks — backend '${tn.getBackend()}', Node ${process.version}`);
  console.log('median of timed runs after warm-up; spread = half the min–max range relative to the median\n');
  console.log(formatRow(header));
  console.log(formatRow(widths.map((w) => '-'.repeat(w))));
  if (only.includes('matmul')) for (const n of [256, 512, 1024]) benchMatmul(n);
  if (only.includes('overhead')) benchOverhead();
  if (only.includes('conv')) for (const size of [28, 14]) benchConv({ batch: 32, inChannels: 32, outChannels: 64, size });
  if (only.includes('optim')) benchOptimizerStep();
  if (only.includes('train')) {
    benchTraining('MLP 784-256-128-10', new tn.models.MLP([784, 256, 128, 10]), [784], 128);
    benchTraining('small CNN', new tn.models.SmallCNN(), [1, 28, 28], 128);
  }
}
console.log(`\ntotal ${((performance.now() - t0) / 1000).toFixed(1)} s, live tensors ${liveAtStart} → ${tn.numTensors()}`);

if (json) {
  console.log('');
  for (const r of records) console.log(JSON.stringify(r));
}
