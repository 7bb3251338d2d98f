// tasknet runner of `npm run bench:compare`: one workload on one backend and thread count, started by
// bench/compare.mjs with a JSON spec; prints event lines (see compare-common.mjs).
//
//   node bench/compare-tasknet.mjs '{"workload":"matmul","backend":"wasm","threads":1,"sizes":[256],"timing":{...}}'
import * as tn from 'tasknet';
import { batchOf, emit, readSpec, runWorkload, tasksOf } from './compare-common.mjs';

const spec = readSpec();
await tn.setBackend(spec.backend);
if (spec.backend !== 'webgpu' && typeof tn.setNumThreads === 'function') {
  await tn.setNumThreads(spec.threads);
} else if (spec.threads > 1) {
  for (const task of tasksOf(spec)) emit({ event: 'skip', task, reason: 'tn.setNumThreads is not available' });
  process.exit(0);
}
emit({ event: 'info', detail: backendDetail(), threads: tn.getNumThreads?.() ?? spec.threads });

/** The GPU adapter on webgpu; which kernel module the wasm backend loaded ('relaxed SIMD' or 'SIMD'); else undefined. */
function backendDetail() {
  const backend = tn.engine.backend;
  if (typeof backend.adapterDescription === 'string') return backend.adapterDescription;
  const relaxed = backend.relaxedSimd;
  return typeof relaxed === 'boolean' ? (relaxed ? 'relaxed SIMD' : 'SIMD') : undefined;
}

/** One Adam step of the MLP or the small CNN on the next batch (they cycle), as in bench/micro.mjs. */
function trainingStep(workload, data) {
  tn.manualSeed(0);
  const model = workload === 'mlp' ? new tn.models.MLP([784, 256, 128, 10]) : new tn.models.SmallCNN();
  const shape = workload === 'mlp' ? [spec.batch, 784] : [spec.batch, 1, 28, 28];
  const batches = Array.from({ length: spec.batches }, (_, i) => {
    const { pixels, labels } = batchOf(data, spec.batch, i);
    return [tn.tensor(pixels, { shape }), tn.tensor(labels, { shape: [spec.batch], dtype: 'int32' })];
  });
  const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-3 });
  let i = 0;
  const record = () => {
    const [x, y] = batches[i++ % batches.length];
    return tn.tidy(() => {
      optimizer.zeroGrad();
      const loss = tn.crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      return loss;
    });
  };
  if (tn.readsSynchronously()) return () => { const loss = record(); loss.item(); loss.dispose(); };
  // a GPU backend: reading the loss (as PyTorch's loss.item() does) waits for the step
  return async () => { const loss = record(); await loss.data(); loss.dispose(); };
}

/** One n×n float32 matmul; the product is computed when `matmul` returns, and is freed. */
function matmulStep(n) {
  tn.manualSeed(n);
  const a = tn.randn([n, n]);
  const b = tn.randn([n, n]);
  if (tn.readsSynchronously()) return () => tn.noGrad(() => tn.matmul(a, b).dispose());
  // a GPU backend records the product; sync() waits until the device has computed it
  return async () => { tn.noGrad(() => tn.matmul(a, b).dispose()); await tn.engine.backend.sync(); };
}

await runWorkload(spec, { trainingStep, matmulStep });
process.exit(0); // a worker-thread pool would keep the process alive
