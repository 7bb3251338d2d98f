#!/usr/bin/env node
/**
 * Throughput of the webgpu backend's float32 matmul: n×n @ n×n for each n, timed after a warm-up
 * with `backend.sync()` (waits for the GPU), reported in GFLOP/s (2n³ per product), then a few
 * sampled elements checked against a float64 dot product on the host.
 *
 *   npm run build && node bench/gpu-matmul.mjs [--sizes 256,512,1024] [--min-seconds 1] [--transpose NN|NT|TN|TT]
 *
 * Without a GPU, Dawn runs on SwiftShader (CPU emulation, slow):
 *   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node bench/gpu-matmul.mjs
 */
import * as tn from '../dist/index.js';
import { getKernel } from '../dist/backend/index.js';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const sizes = option('sizes', '256,512,1024').split(',').map(Number);
const minSeconds = Number(option('min-seconds', '1'));
const transpose = option('transpose', 'NN').toUpperCase();
const transposeA = transpose[0] === 'T';
const transposeB = transpose[1] === 'T';

await tn.setBackend('webgpu');
const backend = tn.engine.backend;
console.log(`device: ${backend.adapterDescription}; transposes ${transpose}`);

/** Elements (i, j) of C to check: corners, the middle, and a few pseudo-random ones. */
function samples(n) {
  const picks = [[0, 0], [n - 1, n - 1], [0, n - 1], [n - 1, 0], [n >> 1, (n >> 1) + 1]];
  let s = 12345;
  for (let t = 0; t < 11; t++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const i = s % n;
    s = (s * 1103515245 + 12345) >>> 0;
    picks.push([i, s % n]);
  }
  return picks;
}

const matmul = getKernel('webgpu', 'matmul');

/** n·n values uniform in [−1, 1). */
function hostMatrix(n, seed) {
  const values = new Float32Array(n * n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < values.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    values[i] = s / 2147483648 - 1;
  }
  return values;
}

for (const n of sizes) {
  const av = hostMatrix(n, n);
  const bv = hostMatrix(n, n + 1);
  const a = { storage: backend.write(av, 'float32'), shape: [n, n], dtype: 'float32' };
  const b = { storage: backend.write(bv, 'float32'), shape: [n, n], dtype: 'float32' };
  const out = { shape: [n, n], dtype: 'float32' };
  const product = () => matmul(backend, [a, b], { transposeA, transposeB }, out);
  // warm-up: compiles the pipeline, fills the buffer pool
  backend.release(product());
  await backend.sync();
  let reps = 1;
  let seconds = 0;
  for (;;) {
    const start = performance.now();
    for (let r = 0; r < reps; r++) backend.release(product());
    await backend.sync();
    seconds = (performance.now() - start) / 1000;
    if (seconds >= minSeconds || reps >= 1 << 16) break;
    reps = Math.max(reps * 2, Math.ceil((reps * minSeconds * 1.2) / Math.max(seconds, 1e-6)));
  }
  const gflops = (2 * n ** 3 * reps) / seconds / 1e9;

  // correctness of sampled elements against a float64 dot product
  const c = product();
  const cv = await backend.read(c);
  let worst = 0;
  for (const [i, j] of samples(n)) {
    let dot = 0;
    let scale = 0;
    for (let p = 0; p < n; p++) {
      const x = transposeA ? av[p * n + i] : av[i * n + p];
      const y = transposeB ? bv[j * n + p] : bv[p * n + j];
      dot += x * y;
      scale += Math.abs(x * y);
    }
    worst = Math.max(worst, Math.abs(cv[i * n + j] - dot) / scale);
  }
  const ok = worst <= 1e-5;
  console.log(`n=${n}: ${gflops.toFixed(1)} GFLOP/s (${reps} products in ${seconds.toFixed(3)} s, ` +
    `${((seconds / reps) * 1000).toFixed(2)} ms each); sampled error ${worst.toExponential(2)} of Σ|a·b| ${ok ? 'ok' : 'TOO LARGE'}`);
  for (const s of [a.storage, b.storage, c]) backend.release(s);
  if (!ok) process.exitCode = 1;
}
