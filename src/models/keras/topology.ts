/**
 * The Keras model topology (the `modelTopology` of a TF.js `model.json`), checked and normalised to one form for a
 * functional model (`Model` / `Functional`) or a `Sequential` one.
 */
import { ValueError } from '../../core/index.js';

/** A tensor in the graph: output `tensor` of call `node` of layer `layer` (Keras's `[layer, node, tensor]`). */
export interface KerasTensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** One layer: its name, Keras class, config, and the inputs of each of its calls (one call unless shared). */
export interface KerasLayerSpec {
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  /** Inputs of each call of the layer (node i's inputs at index i); empty for an InputLayer. */
  readonly inbound: readonly (readonly KerasTensorRef[])[];
}

/** A normalised Keras model: its layers in file order, and the graph's input and output tensors. */
export interface KerasTopology {
  readonly name: string;
  readonly layers: readonly KerasLayerSpec[];
  readonly inputs: readonly KerasTensorRef[];
  readonly outputs: readonly KerasTensorRef[];
}

const OP = 'parseKerasTopology';

function record(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValueError(OP, `${where}: expected an object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

function tensorRef(value: unknown, where: string): KerasTensorRef {
  if (!Array.isArray(value) || typeof value[0] !== 'string' || !Number.isInteger(value[1]) || !Number.isInteger(value[2] ?? 0)) {
    throw new ValueError(OP, `${where}: expected [layerName, nodeIndex, tensorIndex, …], found ${JSON.stringify(value)}`);
  }
  return { layer: value[0], node: value[1] as number, tensor: (value[2] ?? 0) as number };
}

function refList(value: unknown, where: string): KerasTensorRef[] {
  if (!Array.isArray(value)) throw new ValueError(OP, `${where}: expected a list of [layer, node, tensor], found ${JSON.stringify(value)}`);
  // a single-input model may store one ref instead of a list of them
  if (typeof value[0] === 'string') return [tensorRef(value, where)];
  return value.map((v, i) => tensorRef(v, `${where}[${i}]`));
}

function layerSpec(value: unknown, where: string, inbound?: KerasTensorRef[][]): KerasLayerSpec {
  const layer = record(value, where);
  const config = record(layer.config, `${where}.config`);
  const name = layer.name ?? config.name;
  if (typeof name !== 'string' || name === '') throw new ValueError(OP, `${where}: expected a layer name, found ${JSON.stringify(name)}`);
  if (typeof layer.class_name !== 'string') throw new ValueError(OP, `${where} ('${name}'): expected a "class_name" string`);
  if (inbound === undefined) {
    const nodes = layer.inbound_nodes ?? [];
    if (!Array.isArray(nodes)) throw new ValueError(OP, `layer '${name}': expected "inbound_nodes" to be a list, found ${JSON.stringify(nodes)}`);
    inbound = nodes.map((node, i) => {
      if (!Array.isArray(node)) {
        throw new ValueError(OP, `layer '${name}': inbound node ${i} is ${JSON.stringify(node)}; only the Keras 2 / TF.js form [[layer, node, tensor, kwargs], …] is supported`);
      }
      return node.map((ref, j) => tensorRef(ref, `layer '${name}' inbound node ${i} input ${j}`));
    });
  }
  return { name, className: layer.class_name, config, inbound };
}

/** A Sequential model: its layers chained, with an InputLayer made from the first layer's `batch_input_shape`. */
function sequential(name: string, layersValue: unknown): KerasTopology {
  if (!Array.isArray(layersValue) || layersValue.length === 0) throw new ValueError(OP, `Sequential '${name}': expected a non-empty list of layers`);
  const raw = layersValue.map((l, i) => record(l, `Sequential '${name}' layer ${i}`));
  const layers: KerasLayerSpec[] = [];
  let previous: string;
  if (raw[0]?.class_name === 'InputLayer') {
    layers.push(layerSpec(raw.shift(), `Sequential '${name}' layer 0`, []));
  } else {
    const first = record(raw[0]?.config, `Sequential '${name}' layer 0 config`);
    const shape = first.batch_input_shape;
    if (!Array.isArray(shape)) throw new ValueError(OP, `Sequential '${name}': the first layer has no "batch_input_shape", so the input is unknown`);
    layers.push({ name: `${name}_input`, className: 'InputLayer', config: { batch_input_shape: shape, dtype: first.dtype ?? 'float32' }, inbound: [] });
  }
  previous = (layers[0] as KerasLayerSpec).name;
  raw.forEach((l, i) => {
    const spec = layerSpec(l, `Sequential '${name}' layer ${i + 1}`, [[{ layer: previous, node: 0, tensor: 0 }]]);
    layers.push(spec);
    previous = spec.name;
  });
  return { name, layers, inputs: [{ layer: (layers[0] as KerasLayerSpec).name, node: 0, tensor: 0 }], outputs: [{ layer: previous, node: 0, tensor: 0 }] };
}

/**
 * Check a Keras topology and normalise it: the TF.js form `{class_name, config}` and the Keras converter's
 * `{model_config: {class_name, config}, keras_version, …}` are both accepted; a Sequential model becomes a chain.
 * @param topology - the parsed `modelTopology`
 * @returns the layers in file order with their inbound tensors, and the model's inputs and outputs
 * @throws ValueError naming the field (and layer) that is missing or malformed, or an unsupported model class
 * @example const {layers, outputs} = tn.models.keras.parseKerasTopology(artifacts.modelTopology);
 */
export function parseKerasTopology(topology: unknown): KerasTopology {
  const root = record(topology, 'modelTopology');
  const model = record(root.model_config ?? root, 'modelTopology.model_config');
  const className = model.class_name;
  const config = model.config;
  if (className === 'Sequential') {
    const c = Array.isArray(config) ? { layers: config } : record(config, 'Sequential config');
    return sequential(typeof c.name === 'string' ? c.name : 'sequential', c.layers);
  }
  if (className !== 'Model' && className !== 'Functional') {
    throw new ValueError(OP, `expected a Keras "Model", "Functional" or "Sequential", found class_name ${JSON.stringify(className)}`);
  }
  const c = record(config, `${String(className)} config`);
  if (!Array.isArray(c.layers)) throw new ValueError(OP, `${String(className)} config: expected "layers" to be a list`);
  const layers = c.layers.map((l, i) => layerSpec(l, `layer ${i}`));
  const names = new Set<string>();
  for (const l of layers) {
    if (names.has(l.name)) throw new ValueError(OP, `two layers are named '${l.name}'`);
    names.add(l.name);
  }
  return {
    name: typeof c.name === 'string' ? c.name : 'model',
    layers,
    inputs: refList(c.input_layers, 'input_layers'),
    outputs: refList(c.output_layers, 'output_layers'),
  };
}
