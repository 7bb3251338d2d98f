/**
 * TF.js weights: tn.io.decodeTfjsWeights against tf.io.decodeWeights (float32, int32, bool, and uint8 / uint16 /
 * float16 quantisation), model.json + shard files read by tn.io.readTfjsModel, and a quantised model giving TF.js's
 * outputs once imported.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { maxAbsDiff, saveArtifacts, seededValues, tf, tfArtifacts, tfReady, toTasknet } from './helpers/tfjs.js';

type Spec = tn.io.TfjsWeightSpec;

/** The bytes of several typed arrays back to back. */
function concat(...parts: ArrayBufferView[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) { out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset); offset += p.byteLength; }
  return out;
}

/** Quantise a float32 weight to uint8/uint16 levels over its [min, max] range, as tensorflowjs_converter does. */
function quantize(values: Float32Array, dtype: 'uint8' | 'uint16'): { levels: Uint8Array | Uint16Array; scale: number; min: number } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const top = dtype === 'uint8' ? 255 : 65535;
  const scale = max > min ? (max - min) / top : 1;
  const levels = dtype === 'uint8' ? new Uint8Array(values.length) : new Uint16Array(values.length);
  values.forEach((v, i) => { levels[i] = Math.round((v - min) / scale); });
  return { levels, scale, min };
}

/** float32 → IEEE binary16 bits (normal range, truncated mantissa: any bit pattern is a valid test). */
function toHalfBits(values: Float32Array): Uint16Array {
  const bits = new Uint32Array(Float32Array.from(values).buffer);
  return Uint16Array.from(bits, (b) => {
    const sign = (b >>> 16) & 0x8000;
    const exponent = ((b >>> 23) & 0xff) - 127 + 15;
    if (exponent <= 0) return sign;
    if (exponent >= 31) return sign | 0x7c00;
    return sign | (exponent << 10) | ((b >>> 13) & 0x3ff);
  });
}

/** Artifacts with every float32 weight stored as `dtype`. */
function quantizeArtifacts(artifacts: tn.io.TfjsModelArtifacts, dtype: 'uint8' | 'uint16' | 'float16'): tn.io.TfjsModelArtifacts {
  const decoded = tn.io.decodeTfjsWeights(artifacts.weightSpecs, artifacts.weightData);
  const specs: Spec[] = [];
  const parts: ArrayBufferView[] = [];
  for (const spec of artifacts.weightSpecs) {
    const values = decoded.get(spec.name)?.values as Float32Array;
    if (dtype === 'float16') {
      specs.push({ ...spec, quantization: { dtype } });
      parts.push(toHalfBits(values));
    } else {
      const q = quantize(values, dtype);
      specs.push({ ...spec, quantization: { dtype, scale: q.scale, min: q.min } });
      parts.push(q.levels);
    }
  }
  return { modelTopology: artifacts.modelTopology, weightSpecs: specs, weightData: concat(...parts) };
}

before(async () => { await tfReady(); });

describe('decodeTfjsWeights', () => {
  test("float32, int32 and bool as TF.js's decodeWeights, at unaligned offsets", () => {
    const specs: Spec[] = [
      { name: 'flag', shape: [3], dtype: 'bool' },
      { name: 'w', shape: [2, 3], dtype: 'float32' },
      { name: 'i', shape: [2], dtype: 'int32' },
    ];
    const data = concat(new Uint8Array([1, 0, 1]), seededValues(6, 1), new Int32Array([-5, 123456]));
    const ours = tn.io.decodeTfjsWeights(specs, data);
    const theirs = tf.io.decodeWeights(data.slice().buffer, specs as tf.io.WeightsManifestEntry[]);
    for (const spec of specs) {
      assert.deepEqual(Array.from(ours.get(spec.name)?.values ?? []), Array.from((theirs[spec.name] as tf.Tensor).dataSync()), spec.name);
      assert.deepEqual(ours.get(spec.name)?.shape, spec.shape);
    }
    assert.equal(ours.get('i')?.dtype, 'int32');
  });

  test('uint8 and uint16 levels give q·scale + min exactly as TF.js (float and int32 weights)', () => {
    const specs: Spec[] = [
      { name: 'a', shape: [5], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.19357322992063036, min: -25.55166634952321 } },
      { name: 'b', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 1e-4, min: -3.25 } },
      { name: 'c', shape: [2], dtype: 'int32', quantization: { dtype: 'uint8', scale: 0.5, min: -7 } },
    ];
    const data = concat(new Uint8Array([0, 1, 127, 254, 255]), new Uint16Array([0, 40000, 65535]), new Uint8Array([3, 200]));
    const ours = tn.io.decodeTfjsWeights(specs, data);
    const theirs = tf.io.decodeWeights(data.slice().buffer, specs as tf.io.WeightsManifestEntry[]);
    for (const spec of specs) {
      assert.deepEqual(Array.from(ours.get(spec.name)?.values ?? []), Array.from((theirs[spec.name] as tf.Tensor).dataSync()), spec.name);
      assert.equal(ours.get(spec.name)?.quantized, spec.quantization?.dtype);
    }
  });

  test('float16: every one of the 65,536 bit patterns as TF.js', () => {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const spec: Spec = { name: 'h', shape: [65536], dtype: 'float32', quantization: { dtype: 'float16' } };
    const ours = tn.io.decodeTfjsWeights([spec], bits.buffer).get('h')?.values as Float32Array;
    const theirs = (tf.io.decodeWeights(bits.buffer, [spec as tf.io.WeightsManifestEntry]).h as tf.Tensor).dataSync();
    let differing = 0;
    for (let i = 0; i < 65536; i++) if (!Object.is(ours[i], theirs[i]) && !(Number.isNaN(ours[i]) && Number.isNaN(theirs[i]))) differing++;
    assert.equal(differing, 0);
  });

  test('errors name the weight: truncated data, extra bytes, unknown quantisation, missing scale, duplicates', () => {
    const w: Spec = { name: 'conv/kernel', shape: [2, 2], dtype: 'float32' };
    assert.throws(() => tn.io.decodeTfjsWeights([w], new Uint8Array(12)), /weight 'conv\/kernel' \[2,2\] needs bytes \[0, 16\) but the weight data has only 12 bytes/);
    assert.throws(() => tn.io.decodeTfjsWeights([w], new Uint8Array(20)), /the specs use 16 bytes but the weight data has 20/);
    assert.throws(() => tn.io.decodeTfjsWeights([{ ...w, quantization: { dtype: 'int4' as 'uint8' } }], new Uint8Array(4)),
      /weight 'conv\/kernel': unknown quantization dtype 'int4'/);
    assert.throws(() => tn.io.decodeTfjsWeights([{ ...w, quantization: { dtype: 'uint8' } }], new Uint8Array(4)), /uint8 quantization needs numeric "scale" and "min"/);
    assert.throws(() => tn.io.decodeTfjsWeights([{ ...w, dtype: 'string' }], new Uint8Array(4)), /unsupported dtype 'string'/);
    assert.throws(() => tn.io.decodeTfjsWeights([w, w], new Uint8Array(32)), /weight 'conv\/kernel' appears twice/);
  });
});

describe('files and quantised models', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tasknet-tfjs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A small conv net in TF.js with its artifacts. */
  async function smallNet(): Promise<{ model: tf.LayersModel; artifacts: tn.io.TfjsModelArtifacts }> {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
      tf.layers.batchNormalization({}), tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: 3, activation: 'softmax' }),
    ] });
    model.setWeights(model.weights.map((w, i) => tf.tensor(seededValues(w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 40 + i,
      /moving_variance/.test(w.originalName) ? 0.5 : -1, /moving_variance/.test(w.originalName) ? 1.5 : 1), w.shape as number[])));
    return { model, artifacts: await saveArtifacts(model) };
  }

  /** The imported and the TF.js model's outputs on one seeded image. */
  async function compare(model: tf.LayersModel, artifacts: tn.io.TfjsModelArtifacts, imported: tn.models.KerasModel): Promise<number> {
    const values = seededValues(2 * 8 * 8 * 3, 9);
    const reference = await tf.loadLayersModel(tf.io.fromMemory(tfArtifacts(artifacts)));
    const want = (reference.predict(tf.tensor(values, [2, 8, 8, 3])) as tf.Tensor).dataSync();
    const ours = tn.noGrad(() => imported.eval().forward(toTasknet(values, [2, 8, 8, 3]))).dataSync();
    assert.ok(model.countParams() > 0);
    return maxAbsDiff(ours, want);
  }

  test('readTfjsModel reads model.json and two shards; loadKerasModel(path) gives the same model', async () => {
    const { model, artifacts } = await smallNet();
    const bytes = tn.io.concatWeightData(artifacts.weightData);
    const cut = 37; // shards are byte ranges; a weight may straddle two
    writeFileSync(join(dir, 'w1.bin'), bytes.subarray(0, cut));
    writeFileSync(join(dir, 'w2.bin'), bytes.subarray(cut));
    const json = { format: 'layers-model', modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['w1.bin', 'w2.bin'], weights: artifacts.weightSpecs }] };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const read = await tn.io.readTfjsModel(join(dir, 'model.json'));
    assert.deepEqual(Array.from(tn.io.concatWeightData(read.weightData)), Array.from(bytes));
    const imported = await tn.models.loadKerasModel(join(dir, 'model.json'));
    assert.ok(await compare(model, artifacts, imported) < 1e-6);
  });

  test('a missing shard or a malformed model.json is an error naming the file', async () => {
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['nowhere.bin'], weights: [] }] }));
    await assert.rejects(tn.io.readTfjsModel(join(dir, 'broken.json')), /readTfjsModel: .*nowhere\.bin: ENOENT/);
    writeFileSync(join(dir, 'graph.json'), JSON.stringify({ format: 'graph-model', modelTopology: {}, weightsManifest: [] }));
    await assert.rejects(tn.io.readTfjsModel(join(dir, 'graph.json')), /graph\.json: expected format "layers-model", found "graph-model"/);
    writeFileSync(join(dir, 'bad-spec.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: [], weights: [{ name: 'w', shape: [2, -1], dtype: 'float32' }] }] }));
    await assert.rejects(tn.io.readTfjsModel(join(dir, 'bad-spec.json')), /weightsManifest\[0\]\.weights\[0\] \('w'\): expected a shape of non-negative integers/);
  });

  for (const dtype of ['uint8', 'uint16', 'float16'] as const) {
    test(`${dtype}-quantised weights: the imported model gives TF.js's outputs`, async () => {
      const { model, artifacts } = await smallNet();
      const quantized = quantizeArtifacts(artifacts, dtype);
      const diff = await compare(model, quantized, tn.models.kerasModelFromArtifacts(quantized));
      assert.ok(diff < 1e-6, `max abs difference ${diff}`);
    });
  }
});
