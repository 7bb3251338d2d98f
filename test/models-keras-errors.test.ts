/**
 * The Keras importer's errors: each says what was expected, what was found, and where (layer and weight names) —
 * unknown layer classes, missing, unused and mis-shaped weights, malformed topologies, bad inputs.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { saveArtifacts, tf, tfReady } from './helpers/tfjs.js';

type Artifacts = tn.io.TfjsModelArtifacts;
type Json = Record<string, unknown> & { config: { layers: Record<string, unknown>[] } };

let base: Artifacts;

/** A copy of the base artifacts with the topology and specs edited. */
function edited(edit: (topology: Json, specs: tn.io.TfjsWeightSpec[]) => void, data = base.weightData): Artifacts {
  const topology = structuredClone(base.modelTopology) as Json;
  const specs = structuredClone(base.weightSpecs) as tn.io.TfjsWeightSpec[];
  edit(topology, specs);
  return { modelTopology: topology, weightSpecs: specs, weightData: data };
}

const load = (artifacts: Artifacts, strict = true): tn.models.KerasModel => tn.models.kerasModelFromArtifacts(artifacts, { strict });
const layerOf = (t: Json, name: string): Record<string, unknown> & { config: Record<string, unknown> } =>
  t.config.layers.find((l) => l.name === name) as Record<string, unknown> & { config: Record<string, unknown> };

before(async () => {
  await tfReady();
  const input = tf.input({ shape: [6, 6, 3], name: 'image' });
  const conv = tf.layers.conv2d({ name: 'conv', filters: 4, kernelSize: 3 }).apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor;
  const head = tf.layers.dense({ name: 'head', units: 5 }).apply(pooled) as tf.SymbolicTensor;
  base = await saveArtifacts(tf.model({ inputs: input, outputs: head, name: 'tiny' }));
});

describe('layers and weights', () => {
  test('the base model loads', () => {
    assert.deepEqual(load(base).layerNames(), ['conv', 'pool', 'head']);
  });
  test('an unknown layer class names the layer and lists the supported classes', () => {
    const artifacts = edited((t) => { layerOf(t, 'pool').class_name = 'Conv3DTranspose'; });
    assert.throws(() => load(artifacts), (e: Error) => e instanceof tn.ValueError &&
      /layer 'pool' has Keras class 'Conv3DTranspose', which the importer does not support \(supported: .*Conv2D.*DepthwiseConv2D/.test(e.message));
  });
  test('a missing weight names the layer and the weights found for it', () => {
    const artifacts = edited((_, specs) => { (specs[1] as { name: string }).name = 'conv/bias_renamed'; });
    assert.throws(() => load(artifacts), /Keras Conv2D 'conv': missing weight 'conv\/bias' in the weights manifest \(found: conv\/kernel, conv\/bias_renamed\)/);
  });
  test('a weight whose shape does not fit the layer is a ShapeError naming the weight', () => {
    // head/kernel [4, 5] stored as [5, 4]: the Dense becomes 5 → 4 and its bias [5] no longer fits
    const artifacts = edited((_, specs) => { (specs[2] as { shape: readonly number[] }).shape = [5, 4]; });
    assert.throws(() => load(artifacts), (e: Error) => e instanceof tn.ShapeError &&
      /Keras Dense 'head': weight 'head\/bias' gives \[5\] \(bias \[out\]\) but the layer expects \[4\]/.test(e.message));
    const rank = edited((_, specs) => { (specs[1] as { shape: readonly number[] }).shape = [2, 2]; });
    assert.throws(() => load(rank), /Keras Conv2D 'conv': weight 'conv\/bias' must have rank 1, found shape \[2,2\]/);
  });
  test('weights no layer uses are an error unless strict is off', () => {
    const extra = new Uint8Array(tn.io.concatWeightData(base.weightData).byteLength + 8);
    extra.set(tn.io.concatWeightData(base.weightData));
    const artifacts = edited((_, specs) => { specs.push({ name: 'ghost/kernel', shape: [2], dtype: 'float32' }); }, extra);
    assert.throws(() => load(artifacts), /the weights manifest has 1 weight\(s\) no layer uses: ghost\/kernel \(pass \{strict: false\} to ignore them\)/);
    assert.equal(load(artifacts, false).numParameters(), load(base).numParameters());
  });
  test('configs the importer cannot run: channels_first, an unknown padding', () => {
    assert.throws(() => load(edited((t) => { layerOf(t, 'conv').config.data_format = 'channels_first'; })),
      /Keras Conv2D 'conv': config "data_format" must be 'channels_last'/);
    assert.throws(() => load(edited((t) => { layerOf(t, 'conv').config.padding = 'causal'; })),
      /Keras Conv2D 'conv': config "padding" must be one of 'valid', 'same', found "causal"/);
  });
});

describe('topology', () => {
  test('not a layers model, an unknown model class', () => {
    assert.throws(() => load({ ...base, modelTopology: { class_name: 'GraphDef', config: {} } }),
      /expected a Keras "Model", "Functional" or "Sequential", found class_name "GraphDef"/);
    assert.throws(() => load({ ...base, modelTopology: null }), /modelTopology: expected an object, found null/);
  });
  test('a reference to a missing layer, a second output of a layer', () => {
    assert.throws(() => load(edited((t) => { layerOf(t, 'pool').inbound_nodes = [[['convo', 0, 0, {}]]]; })),
      /layer 'pool' reads layer 'convo', which the model does not have/);
    assert.throws(() => load(edited((t) => { layerOf(t, 'pool').inbound_nodes = [[['conv', 0, 1, {}]]]; })),
      /layer 'pool' reads output 1 of layer 'conv'; layers with several outputs are not supported/);
  });
  test('a layer name that cannot be a module property', () => {
    const artifacts = edited((t, specs) => {
      const pool = layerOf(t, 'pool');
      pool.name = 'forward';
      pool.config.name = 'forward';
      layerOf(t, 'head').inbound_nodes = [[['forward', 0, 0, {}]]];
      assert.ok(specs.length > 0);
    });
    assert.throws(() => load(artifacts), /layer name 'forward' cannot name a child module/);
  });
});

describe('using the model', () => {
  test('an input with the wrong channels or rank says what the model takes (channels first)', () => {
    const model = load(base);
    assert.deepEqual(model.inputShapes(), [[null, 3, 6, 6]]);
    assert.throws(() => model.forward(tn.zeros([1, 6, 6, 3])), /input 0 of 'tiny': expected \[N, 3, 6, 6\] \(channels first; H and W may differ\), found \[1,6,6,3\]/);
    assert.throws(() => model.forward(tn.zeros([1, 3, 6, 6]), tn.zeros([1, 3, 6, 6])), /model 'tiny' takes 1 input\(s\), found 2/);
  });
  test('upTo and layer name unknown layers', () => {
    const model = load(base);
    assert.throws(() => model.upTo('fc'), /no layer 'fc' \(layers: conv, pool, head\)/);
    assert.throws(() => model.layer('fc'), /no layer 'fc'/);
  });
});
