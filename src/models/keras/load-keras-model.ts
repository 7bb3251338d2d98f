/**
 * loadKerasModel: a TF.js layers model (Keras topology + weights, quantised or not) as a tasknet {@link KerasModel},
 * from `model.json` on disk or from artifacts in memory.
 */
import { ValueError } from '../../core/index.js';
import type { Module } from '../../nn/index.js';
import { decodeTfjsWeights, readTfjsModel, type DecodedTfjsWeight, type TfjsModelArtifacts } from '../../io/index.js';
import { registerModel, type ModelConfig } from '../registry.js';
import { KerasModel } from './keras-model.js';
import { kerasLayerBuilder } from './layer-registry.js';
import { parseKerasTopology, type KerasTensorRef } from './topology.js';
import { KerasWeightStore, LayerWeights } from './weights.js';
import './builtin-layers.js';

/** Options of {@link loadKerasModel}. */
export interface LoadKerasModelOptions {
  /** Throw when the manifest has weights no layer uses (default true). */
  readonly strict?: boolean;
}

/** The name `createModel` rebuilds a KerasModel under. */
export const KERAS_MODEL_NAME = 'keras-model';

/** Build every layer's module from the topology and weights, and the model. */
function build(topologyJson: unknown, weights: ReadonlyMap<string, DecodedTfjsWeight>, strict: boolean, outputs?: KerasTensorRef[]): KerasModel {
  const topology = parseKerasTopology(topologyJson);
  const store = new KerasWeightStore(weights);
  const layers = new Map<string, Module>();
  for (const layer of topology.layers) {
    if (layer.className === 'InputLayer') continue;
    layers.set(layer.name, kerasLayerBuilder(layer)(layer, new LayerWeights(layer, store)));
  }
  const unused = store.unused();
  if (strict && unused.length > 0) {
    throw new ValueError('loadKerasModel', `the weights manifest has ${unused.length} weight(s) no layer uses: ${unused.slice(0, 10).join(', ')}` +
      `${unused.length > 10 ? ', …' : ''} (pass {strict: false} to ignore them)`);
  }
  const weightShapes = Object.fromEntries([...weights].map(([name, w]) => [name, [...w.shape]]));
  const config: ModelConfig = { name: KERAS_MODEL_NAME, topology: topologyJson, weightShapes, ...(outputs ? { outputs: outputs.map((r) => [r.layer, r.node, r.tensor]) } : {}) };
  return new KerasModel(topology, layers, config, outputs);
}

/**
 * A Keras model from TF.js artifacts in memory (synchronous): weights are decoded and dequantised, kernels transposed
 * to tasknet's layouts, every layer built and checked.
 * @param artifacts - `{modelTopology, weightSpecs, weightData}` (TF.js `ModelArtifacts`; `tn.io.readTfjsModel` reads them)
 * @param options - `strict` (default true): unused weights are an error
 * @returns the model, in training mode as every new Module (call `.eval()` for inference)
 * @throws ValueError for an unknown layer class, a missing weight, a bad config; ShapeError for a weight of the wrong shape
 * @example const model = tn.models.kerasModelFromArtifacts({modelTopology, weightSpecs, weightData}).eval();
 */
export function kerasModelFromArtifacts(artifacts: TfjsModelArtifacts, options: LoadKerasModelOptions = {}): KerasModel {
  const weights = decodeTfjsWeights(artifacts.weightSpecs ?? [], artifacts.weightData ?? new ArrayBuffer(0));
  return build(artifacts.modelTopology, weights, options.strict ?? true);
}

/**
 * Load a TF.js layers model (a Keras model converted by `tensorflowjs_converter`, or saved by TF.js's `model.save`)
 * into tasknet: a {@link KerasModel} whose forward takes images channels first, [N, C, H, W].
 * @param source - the path of `model.json` (Node.js; its shards are read from the same folder) or artifacts in memory
 * @param options - `strict` (default true): unused weights are an error
 * @returns the model (training mode; call `.eval()` for inference)
 * @throws TasknetError naming a file that cannot be read; ValueError / ShapeError as {@link kerasModelFromArtifacts}
 * @example
 * const model = (await tn.models.loadKerasModel('web_model/model.json')).eval();
 * const probs = model.forward(images); // [N, 3, 224, 224] → [N, classes]
 */
export async function loadKerasModel(source: string | TfjsModelArtifacts, options: LoadKerasModelOptions = {}): Promise<KerasModel> {
  const artifacts = typeof source === 'string' ? await readTfjsModel(source) : source;
  return kerasModelFromArtifacts(artifacts, options);
}

/** Rebuild from a config: the same layers with zero weights of the recorded shapes (load a state dict afterwards). */
function fromConfig(config: ModelConfig): KerasModel {
  const shapes = config.weightShapes as Record<string, number[]> | undefined;
  if (shapes === undefined || typeof shapes !== 'object') throw new ValueError('createModel', `a '${KERAS_MODEL_NAME}' config needs "weightShapes"`);
  const weights = new Map(Object.entries(shapes).map(([name, shape]): [string, DecodedTfjsWeight] =>
    [name, { shape, dtype: 'float32', values: new Float32Array(shape.reduce((a, b) => a * b, 1)) }]));
  const outputs = (config.outputs as [string, number, number][] | undefined)?.map(([layer, node, tensor]) => ({ layer, node, tensor }));
  return build(config.topology, weights, false, outputs);
}

registerModel(KERAS_MODEL_NAME, fromConfig);
