/**
 * nsfwjs's pretrained Keras MobileNetV2 (npm `nsfwjs`, uint8-quantised weights) imported into tasknet: at 224×224,
 * on a real image (an MNIST test digit upscaled to RGB) and a synthetic colour image, the probabilities and the
 * 1280 pooled features equal TensorFlow.js's on the same model; then the backbone as a frozen feature extractor.
 * Also nsfwjs's InceptionV3 (BatchNorm without γ, Concatenate, 'same' average pooling) on one 299×299 image.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tn from 'tasknet';
import { maxAbsDiff, tf, tfArtifacts, tfReady } from './helpers/tfjs.js';

type Tensor = ReturnType<typeof tn.tensor>;

const installed = ((): boolean => {
  try { createRequire(import.meta.url).resolve('nsfwjs'); return true; } catch (_) { return false; }
})();
const SIZE = 224;
/** Both models compute with the same dequantised weights, so only float32 rounding separates them. */
const PROB_TOL = 1e-4;
const FEATURE_TOL = 1e-3; // features reach ~6 (ReLU6 then averaging)

/** Two RGB images in [0, 1], NHWC values: an MNIST test digit upscaled 8× (nearest), and colour gradients with stripes. */
async function images(): Promise<Float32Array> {
  const { x } = await tn.datasets.mnist({ split: 'test' });
  const digit = x.narrow(0, 0, 1).dataSync();
  x.dispose();
  const out = new Float32Array(2 * SIZE * SIZE * 3);
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) {
      const grey = digit[Math.floor(i / 8) * 28 + Math.floor(j / 8)] as number;
      const synthetic = [i / SIZE, j / SIZE, 0.5 + 0.5 * Math.sin((i + 2 * j) / 9)];
      for (let c = 0; c < 3; c++) {
        out[(i * SIZE + j) * 3 + c] = grey;
        out[((SIZE + i) * SIZE + j) * 3 + c] = synthetic[c] as number;
      }
    }
  }
  return out;
}

describe('nsfwjs MobileNetV2', { skip: !installed && 'the npm package nsfwjs is not installed' }, () => {
  let artifacts: tn.io.TfjsModelArtifacts;
  let model: tn.models.KerasModel;
  let pixels: Float32Array;
  let x: Tensor;
  let loadMs = 0;

  before(async () => {
    await tfReady();
    const start = performance.now();
    artifacts = await tn.models.keras.readNsfwjsModel('mobilenet_v2');
    model = tn.models.kerasModelFromArtifacts(artifacts).eval();
    loadMs = performance.now() - start;
    pixels = await images();
    x = tn.permute(tn.tensor(pixels, { shape: [2, SIZE, SIZE, 3] }), [0, 3, 1, 2]);
  });

  test('the layout: 161 layers, 2.59 M parameters, torch-style keys with NCHW kernels', (t) => {
    t.diagnostic(`read from the nsfwjs package and built in ${loadMs.toFixed(0)} ms`);
    assert.equal(model.layerNames().length, 161);
    assert.equal(model.numParameters(), 2_585_349);
    const sd = model.stateDict();
    assert.deepEqual(sd['Conv1.weight']?.shape, [32, 3, 3, 3]);
    assert.deepEqual(sd['expanded_conv_depthwise.weight']?.shape, [32, 1, 3, 3]);
    assert.deepEqual(sd['bn_Conv1.running_var']?.shape, [32]);
    assert.deepEqual(sd['dense_3.weight']?.shape, [5, 128]);
    assert.deepEqual(model.inputShapes(), [[null, 3, 224, 224]]);
  });

  test("probabilities and pooled features equal TensorFlow.js's on a real and a synthetic image", async (t) => {
    const reference = await tf.loadLayersModel(tf.io.fromMemory(tfArtifacts(artifacts)));
    const features = tf.model({ inputs: reference.inputs, outputs: reference.getLayer(tn.models.keras.NSFWJS_MOBILENET_V2_FEATURES).output });
    const input = tf.tensor(pixels, [2, SIZE, SIZE, 3]);
    const [wantProbs, wantFeatures] = [reference, features].map((m) => (m.predict(input) as tf.Tensor).dataSync());

    let start = performance.now();
    const probs = tn.noGrad(() => model.forward(x));
    const forwardMs = performance.now() - start;
    start = performance.now();
    const pooled = tn.noGrad(() => model.upTo(tn.models.keras.NSFWJS_MOBILENET_V2_FEATURES).forward(x));
    const featuresMs = performance.now() - start;

    assert.deepEqual(probs.shape, [2, 5]);
    assert.deepEqual(pooled.shape, [2, 1280]);
    const probDiff = maxAbsDiff(probs.dataSync(), wantProbs as Float32Array);
    const featureDiff = maxAbsDiff(pooled.dataSync(), wantFeatures as Float32Array);
    t.diagnostic(`${tn.getBackend()}: first forward of 2 images ${forwardMs.toFixed(0)} ms (with warm-up), then to the features ${featuresMs.toFixed(0)} ms; ` +
      `max abs difference vs TF.js (${tf.getBackend()}): probabilities ${probDiff.toExponential(2)}, features ${featureDiff.toExponential(2)}`);
    assert.ok(probDiff < PROB_TOL, `probabilities differ by ${probDiff}`);
    assert.ok(featureDiff < FEATURE_TOL, `features differ by ${featureDiff}`);
    // the two images are classified differently enough that a constant output would fail
    const p = probs.dataSync();
    assert.ok(Math.abs((p[0] as number) - (p[5] as number)) > 1e-3 || Math.abs((p[2] as number) - (p[7] as number)) > 1e-3);
    tn.dispose([probs, pooled]);
    input.dispose();
    reference.dispose();
  });

  test('as a frozen backbone: only the new head trains, BatchNorm statistics stay, any input size works', () => {
    const body = model.upTo('out_relu');
    assert.equal(body.numParameters(), 2_223_872, 'everything but the 256-128-5 classifier');
    const net = new tn.nn.Sequential(body, new tn.nn.AdaptiveAvgPool2d(1), new tn.nn.Flatten(), new tn.nn.Linear(1280, 2));
    tn.transfer.freeze(net, '0.**');
    assert.equal(net.numParameters(true), 1280 * 2 + 2);
    net.train();
    const small = tn.noGrad(() => tn.adaptiveAvgPool2d(x, [64, 64]));
    const mean = (body.layer('bn_Conv1') as tn.nn.BatchNorm2d).runningMean?.dataSync().slice();
    const kernel = (body.layer('Conv1') as tn.nn.Conv2d).weight.dataSync().slice();
    const head = net.at(3) as tn.nn.Linear;
    const headBefore = head.weight.dataSync().slice();
    const optimizer = new tn.optim.SGD(net.parameters().filter((p) => p.requiresGrad), { lr: 0.1 });
    const loss = tn.crossEntropy(net.forward(small), tn.tensor([0, 1], { dtype: 'int32' }));
    loss.backward();
    optimizer.step();
    assert.deepEqual((body.layer('bn_Conv1') as tn.nn.BatchNorm2d).runningMean?.dataSync(), mean);
    assert.deepEqual((body.layer('Conv1') as tn.nn.Conv2d).weight.dataSync(), kernel);
    assert.ok(maxAbsDiff(head.weight.dataSync(), headBefore) > 0, 'the head trained');
  });

  test('rebuilt from its config and state dict (saveModel / loadModel path), it computes the same features', () => {
    const body = model.upTo('out_relu').eval();
    const copy = tn.models.createModel(body.config) as tn.models.KerasModel;
    copy.loadStateDict(body.stateDict(), { strict: true });
    copy.eval();
    const small = tn.noGrad(() => tn.adaptiveAvgPool2d(x, [32, 32]));
    const [a, b] = tn.noGrad(() => [body.forward(small), copy.forward(small)]);
    assert.deepEqual((a as Tensor).shape, [2, 1280, 1, 1]);
    assert.equal(maxAbsDiff((a as Tensor).dataSync(), (b as Tensor).dataSync()), 0);
  });
});

describe('nsfwjs InceptionV3', { skip: !installed && 'the npm package nsfwjs is not installed' }, () => {
  test("one 299×299 image: probabilities and the 2048 pooled features equal TensorFlow.js's", async (t) => {
    await tfReady();
    const artifacts = await tn.models.keras.readNsfwjsModel('inception_v3');
    const model = tn.models.kerasModelFromArtifacts(artifacts).eval();
    assert.equal(model.numParameters(), 22_326_437);
    const pixels = Float32Array.from({ length: 299 * 299 * 3 }, (_, i) => 0.5 + 0.5 * Math.sin(i / 977));
    const reference = await tf.loadLayersModel(tf.io.fromMemory(tfArtifacts(artifacts)));
    const features = tf.model({ inputs: reference.inputs, outputs: reference.getLayer('flatten_1').output });
    const input = tf.tensor(pixels, [1, 299, 299, 3]);
    const [wantProbs, wantFeatures] = [reference, features].map((m) => (m.predict(input) as tf.Tensor).dataSync());
    const x = tn.permute(tn.tensor(pixels, { shape: [1, 299, 299, 3] }), [0, 3, 1, 2]);
    const [probs, pooled] = tn.noGrad(() => model.forwardAll(x).concat(model.upTo('flatten_1').forwardAll(x)));
    const probDiff = maxAbsDiff((probs as Tensor).dataSync(), wantProbs as Float32Array);
    const featureDiff = maxAbsDiff((pooled as Tensor).dataSync(), wantFeatures as Float32Array);
    t.diagnostic(`max abs difference vs TF.js: probabilities ${probDiff.toExponential(2)}, features ${featureDiff.toExponential(2)}`);
    assert.ok(probDiff < PROB_TOL && featureDiff < FEATURE_TOL, `probabilities ${probDiff}, features ${featureDiff}`);
    input.dispose();
    reference.dispose();
  });
});
