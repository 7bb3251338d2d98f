// TensorFlow.js runner of `npm run bench:compare`: one workload on the tfjs `cpu` or `wasm` backend, started by
// bench/compare.mjs with a JSON spec; prints event lines (see compare-common.mjs).
//
//   node bench/compare-tfjs.mjs '{"workload":"mlp","backend":"wasm","threads":1,"batch":128,"batches":20,...}'
//
// The wasm backend loads its .wasm files from node_modules (a directory path works in Node). It uses SIMD where
// the runtime validates it; it never uses threads under Node (tfjs-backend-wasm turns WASM_HAS_MULTITHREAD_SUPPORT
// off there, tensorflow/tfjs#3830), whatever `threads` says.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { batchOf, emit, readSpec, runWorkload, tasksOf } from './compare-common.mjs';

const spec = readSpec();
setWasmPaths(`${path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
if (!(await tf.setBackend(spec.backend))) {
  for (const task of tasksOf(spec)) emit({ event: 'skip', task, reason: `tf.setBackend('${spec.backend}') failed` });
  process.exit(0);
}
emit({ event: 'info', ...(await backendInfo()) });

/** For wasm: whether it runs SIMD code and on how many threads. */
async function backendInfo() {
  if (spec.backend !== 'wasm') return {};
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { detail: simd ? 'SIMD' : 'no SIMD', threads: getThreadsCount() };
}

/** The same layers as tasknet's MLP([784, 256, 128, 10]) and SmallCNN (channels last, as TF.js wants). */
function buildModel(workload) {
  const layers = workload === 'mlp'
    ? [
      tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ]
    : [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 128, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ];
  return tf.sequential({ layers });
}

/**
 * One Adam step on the next batch (they cycle), through `optimizer.minimize`, which is as fast as
 * `model.trainOnBatch` here and synchronous; labels are one-hot encoded ahead of time. Reading the loss ends the step.
 */
function trainingStep(workload, data) {
  const model = buildModel(workload);
  const shape = workload === 'mlp' ? [spec.batch, 784] : [spec.batch, 28, 28, 1];
  const batches = Array.from({ length: spec.batches }, (_, i) => {
    const { pixels, labels } = batchOf(data, spec.batch, i);
    return [tf.tensor(pixels, shape), tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat()];
  });
  const optimizer = tf.train.adam(1e-3);
  let i = 0;
  return () => {
    const [x, y] = batches[i++ % batches.length];
    const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true);
    loss.dataSync();
    loss.dispose();
  };
}

/** One n×n float32 matmul; the cpu and wasm backends compute it before `matMul` returns, and it is freed. */
function matmulStep(n) {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', n);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', n + 1);
  return () => tf.matMul(a, b).dispose();
}

await runWorkload(spec, { trainingStep, matmulStep });
