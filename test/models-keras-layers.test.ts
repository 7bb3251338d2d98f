/**
 * The Keras importer layer by layer against TensorFlow.js: small TF.js models with random weights (BatchNorm
 * statistics included) are saved to artifacts, loaded with tn.models.kerasModelFromArtifacts, and both run on the
 * same random input (channels last for TF.js, channels first for tasknet).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { maxAbsDiff, saveArtifacts, seededValues, tf, tfReady, toKerasValues, toTasknet } from './helpers/tfjs.js';

/** Tolerance relative to the reference's largest magnitude (float32 sums in different orders). */
const REL_TOL = 2e-5;

/** Give every weight seeded random values (moving variances positive), so biases and statistics matter. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  model.setWeights(model.weights.map((w, i) => {
    const positive = /moving_variance/.test(w.originalName);
    const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    return tf.tensor(seededValues(size, seed + i, positive ? 0.5 : -1, positive ? 1.5 : 1), w.shape as number[]);
  }));
}

interface CheckOptions {
  readonly seed?: number;
  /** Run both in training mode (batch statistics); default eval. */
  readonly training?: boolean;
}

/** Build the TF.js model, import it, run both on seeded inputs; returns the max abs difference over all outputs. */
async function check(model: tf.LayersModel, options: CheckOptions = {}): Promise<number> {
  const seed = options.seed ?? 1;
  randomizeWeights(model, seed);
  const imported = tn.models.kerasModelFromArtifacts(await saveArtifacts(model));
  imported.train(options.training === true);
  const shapes = model.inputs.map((t) => t.shape.map((d) => d ?? 2));
  const values = shapes.map((s, i) => seededValues(s.reduce((a, b) => a * b, 1), seed * 31 + i));
  const tfInputs = values.map((v, i) => tf.tensor(v, shapes[i]));
  const expected = (options.training === true
    ? [model.apply(tfInputs, { training: true })].flat()
    : [model.predict(tfInputs)].flat()) as tf.Tensor[];
  const inputs = values.map((v, i) => toTasknet(v, shapes[i] as number[]));
  const actual = tn.noGrad(() => imported.forwardAll(...inputs));
  let worst = 0;
  expected.forEach((e, i) => {
    const out = actual[i] as ReturnType<typeof tn.tensor>;
    const want = e.dataSync() as Float32Array;
    assert.deepEqual(out.ndim === 4 ? [out.shape[0], out.shape[2], out.shape[3], out.shape[1]] : out.shape, e.shape, `output ${i} shape`);
    const scale = Math.max(1, ...Array.from(want, Math.abs));
    const diff = maxAbsDiff(toKerasValues(out), want);
    assert.ok(diff <= REL_TOL * scale, `output ${i}: max abs difference ${diff} > ${REL_TOL * scale}`);
    worst = Math.max(worst, diff / scale);
  });
  tn.dispose([inputs, actual]);
  tf.dispose([tfInputs, expected]);
  return worst;
}

/** A one-input model applying `layers` in turn to an input of NHWC shape `shape` (without the batch). */
function chain(shape: number[], ...layers: tf.layers.Layer[]): tf.LayersModel {
  const input = tf.input({ shape });
  let x: tf.SymbolicTensor = input;
  for (const layer of layers) x = layer.apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x });
}

before(async () => { await tfReady(); });

describe('Conv2D', () => {
  test('valid padding, stride 1, bias, relu', async () => {
    await check(chain([7, 9, 3], tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu' })));
  });
  test("TensorFlow 'same' padding at stride 2 pads bottom/right (even and odd sizes)", async () => {
    await check(chain([8, 8, 3], tf.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same', useBias: false })));
    await check(chain([7, 10, 2], tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' })));
  });
  test("'same' with even and non-square kernels, and dilation", async () => {
    await check(chain([6, 7, 2], tf.layers.conv2d({ filters: 3, kernelSize: 2, padding: 'same' })));
    await check(chain([9, 9, 3], tf.layers.conv2d({ filters: 4, kernelSize: [1, 7], padding: 'same' }),
      tf.layers.conv2d({ filters: 2, kernelSize: [7, 1], padding: 'same' })));
    await check(chain([9, 8, 2], tf.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' })));
  });
});

describe('DepthwiseConv2D', () => {
  test('depth multiplier 2, stride 2, same padding, bias', async () => {
    await check(chain([8, 7, 3], tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' })));
  });
  test('multiplier 1, valid, no bias, relu6', async () => {
    await check(chain([6, 6, 4], tf.layers.depthwiseConv2d({ kernelSize: 3, useBias: false, activation: 'relu6' })));
  });
});

describe('BatchNormalization', () => {
  test('moving statistics, epsilon and momentum as Keras (eval)', async () => {
    await check(chain([5, 5, 3], tf.layers.conv2d({ filters: 4, kernelSize: 1 }), tf.layers.batchNormalization({ epsilon: 1e-3 })));
  });
  test('without scale (gamma) or without center (beta)', async () => {
    await check(chain([4, 4, 3], tf.layers.batchNormalization({ scale: false })));
    await check(chain([4, 4, 3], tf.layers.batchNormalization({ center: false })));
  });
  test('on Dense features (rank 2)', async () => {
    await check(chain([6], tf.layers.dense({ units: 5 }), tf.layers.batchNormalization({})));
  });
  test('training mode normalises with the batch statistics, as TF.js training=true', async () => {
    await check(chain([5, 5, 3], tf.layers.batchNormalization({})), { training: true });
  });
  test("Keras's momentum becomes tasknet's 1 − momentum; epsilon is kept", async () => {
    const model = tn.models.kerasModelFromArtifacts(await saveArtifacts(chain([3], tf.layers.batchNormalization({ momentum: 0.9, epsilon: 0.01 }))));
    const bn = model.layer(model.layerNames()[0] as string) as tn.models.keras.KerasBatchNormalization;
    assert.ok(Math.abs((bn.momentum as number) - 0.1) < 1e-12);
    assert.equal(bn.eps, 0.01);
  });
});

describe('Dense, Flatten and Reshape', () => {
  test('Flatten orders features as Keras (h, w, c) before a Dense softmax', async () => {
    await check(chain([3, 4, 5], tf.layers.conv2d({ filters: 2, kernelSize: 1 }), tf.layers.flatten(), tf.layers.dense({ units: 3, activation: 'softmax' })));
  });
  test('Dense on a feature map acts on the channels', async () => {
    await check(chain([3, 4, 5], tf.layers.dense({ units: 2, activation: 'tanh' })));
  });
  test('Reshape to rank 3 and to a feature map', async () => {
    await check(chain([4, 4, 2], tf.layers.reshape({ targetShape: [8, 4] })));
    await check(chain([4, 4, 2], tf.layers.reshape({ targetShape: [2, 2, 8] }), tf.layers.conv2d({ filters: 3, kernelSize: 1 })));
    await check(chain([12], tf.layers.reshape({ targetShape: [2, 3, 2] }), tf.layers.conv2d({ filters: 2, kernelSize: 2 })));
  });
});

describe('activations', () => {
  const names = ['elu', 'selu', 'relu', 'relu6', 'linear', 'sigmoid', 'hardSigmoid', 'softplus', 'softsign', 'tanh', 'softmax', 'logSoftmax',
    'swish', 'mish', 'gelu', 'gelu_new'] as const;
  for (const activation of names) {
    test(`Activation('${activation}') on a feature map`, async () => {
      await check(chain([3, 4, 5], tf.layers.activation({ activation: activation as never })), { seed: 7 });
    });
  }
  test('ReLU(max_value), LeakyReLU(alpha), Softmax(axis)', async () => {
    await check(chain([3, 4, 5], tf.layers.reLU({ maxValue: 0.5 })));
    await check(chain([3, 4, 5], tf.layers.leakyReLU({ alpha: 0.2 })));
    await check(chain([3, 4, 5], tf.layers.softmax({ axis: -1 })));
  });
  test("ReLU's threshold and negative_slope (Keras only) follow Keras's formula", () => {
    const relu = new tn.models.keras.KerasReLU({ maxValue: 2, negativeSlope: 0.5, threshold: 1 });
    const y = relu.forward(tn.tensor([-1, 0.5, 1, 1.5, 3]));
    assert.deepEqual(Array.from(y.dataSync()), [-1, -0.25, 1, 1.5, 2]);
  });
  test('an unknown activation name is an error that lists the known ones', () => {
    assert.throws(() => tn.models.keras.kerasActivation('sparkle', 'Dense'), /unknown activation "sparkle" \(known: linear, relu/);
  });
});

describe('padding and pooling', () => {
  test('ZeroPadding2D with different sides', async () => {
    await check(chain([3, 4, 2], tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 3]] })));
  });
  test("MaxPooling2D 'valid' and 'same' (stride 2, odd sizes)", async () => {
    await check(chain([6, 8, 2], tf.layers.maxPooling2d({ poolSize: 2 })));
    await check(chain([7, 9, 2], tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })));
  });
  test("AveragePooling2D 'same' leaves padding out of the divisor", async () => {
    await check(chain([7, 7, 3], tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same' })));
    await check(chain([7, 9, 2], tf.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })));
    await check(chain([8, 8, 2], tf.layers.averagePooling2d({ poolSize: 4, strides: 4 })));
  });
  test('GlobalAveragePooling2D and GlobalMaxPooling2D', async () => {
    await check(chain([5, 6, 3], tf.layers.globalAveragePooling2d({})));
    await check(chain([5, 6, 3], tf.layers.globalMaxPooling2d({})));
  });
});

describe('graphs', () => {
  /** Two feature-map branches of one input merged by `merge`. */
  function branches(merge: tf.layers.Layer): tf.LayersModel {
    const input = tf.input({ shape: [4, 5, 3] });
    const a = tf.layers.conv2d({ filters: 3, kernelSize: 1 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: merge.apply([a, b]) as tf.SymbolicTensor });
  }
  test('Add, Multiply, Average, Maximum, Minimum', async () => {
    for (const merge of [tf.layers.add({}), tf.layers.multiply({}), tf.layers.average({}), tf.layers.maximum({}), tf.layers.minimum({})]) {
      await check(branches(merge));
    }
  });
  test('Concatenate over the channels and over a spatial axis', async () => {
    await check(branches(tf.layers.concatenate({ axis: -1 })));
    await check(branches(tf.layers.concatenate({ axis: 1 })));
  });
  test('a Sequential model, Dropout as the identity in eval mode', async () => {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3 }), tf.layers.dropout({ rate: 0.5 }), tf.layers.flatten(), tf.layers.dense({ units: 2 }),
    ] });
    await check(model);
  });
  test('a layer shared by two calls, two inputs and two outputs (forwardAll)', async () => {
    const a = tf.input({ shape: [4] });
    const b = tf.input({ shape: [4] });
    const shared = tf.layers.dense({ units: 3, activation: 'sigmoid' });
    const sa = shared.apply(a) as tf.SymbolicTensor;
    const sb = shared.apply(b) as tf.SymbolicTensor;
    const sum = tf.layers.add({}).apply([sa, sb]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: [sum, sb] });
    await check(model);
    const imported = tn.models.kerasModelFromArtifacts(await saveArtifacts(model));
    assert.equal(imported.numParameters(), 15, 'the shared Dense counts once');
    assert.throws(() => imported.forward(tn.zeros([1, 4]), tn.zeros([1, 4])), /has 2 outputs; use forwardAll/);
  });
});

describe('training through an imported model', () => {
  test("the input gradient equals TF.js's", async () => {
    const model = chain([5, 5, 2], tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization({}), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' }));
    randomizeWeights(model, 3);
    const imported = tn.models.kerasModelFromArtifacts(await saveArtifacts(model)).eval();
    const values = seededValues(2 * 5 * 5 * 2, 5);
    const weights = tf.tensor([[1, -2], [0.5, 3]]);
    const want = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(model.apply(x) as tf.Tensor, weights)))(tf.tensor(values, [2, 5, 5, 2]));
    const x = toTasknet(values, [2, 5, 5, 2]);
    x.requiresGrad = true;
    tn.sum(tn.mul(imported.forward(x), tn.tensor([[1, -2], [0.5, 3]]))).backward();
    const diff = maxAbsDiff(toKerasValues(x.grad as ReturnType<typeof tn.tensor>), want.dataSync());
    assert.ok(diff < 1e-5, `gradient max abs difference ${diff}`);
  });
  test('tn.transfer.features stops at a named Keras layer, as upTo does', async () => {
    const model = chain([6, 6, 3], tf.layers.conv2d({ name: 'stem', filters: 4, kernelSize: 3 }), tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 2 }));
    const imported = tn.models.kerasModelFromArtifacts(await saveArtifacts(model)).eval();
    const x = tn.rand([2, 3, 6, 6]);
    const [a, b] = tn.noGrad(() => [tn.transfer.features(imported, x, 'stem'), imported.upTo('stem').forward(x)]);
    assert.deepEqual(a?.shape, [2, 4, 4, 4]);
    assert.equal(maxAbsDiff(a?.dataSync() ?? [], b?.dataSync() ?? [1]), 0);
  });
  test('intermediates are freed in inference (no tensors left but the output)', async () => {
    const model = chain([6, 6, 3], tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }), tf.layers.batchNormalization({}),
      tf.layers.reLU({ maxValue: 6 }), tf.layers.globalAveragePooling2d({}));
    const imported = tn.models.kerasModelFromArtifacts(await saveArtifacts(model)).eval();
    const x = tn.zeros([2, 3, 6, 6]);
    const before = tn.numTensors();
    const y = tn.noGrad(() => imported.forward(x));
    assert.equal(tn.numTensors(), before + 1);
    assert.deepEqual(y.shape, [2, 4]);
    tn.dispose([x, y]);
  });
});
