/**
 * KerasModel: an imported Keras functional (or Sequential) model as one tasknet Module. Each Keras layer is a child
 * module under its Keras name (state-dict keys `Conv1.weight`, `bn_Conv1.running_mean`, …), and forward runs the
 * layer graph. Feature maps are channels first: a Keras input [null, 224, 224, 3] is fed as [N, 3, 224, 224].
 */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { Module } from '../../nn/index.js';
import { isGradEnabled, type Tensor } from '../../tensor/index.js';
import type { Configurable, ModelConfig } from '../registry.js';
import { planGraph, refKey, type GraphPlan } from './graph-plan.js';
import type { KerasTensorRef, KerasTopology } from './topology.js';

/** The Keras input shape [null, H, W, C] as the tasknet shape [N, C, H, W] (rank 4), else unchanged. */
function tasknetInputShape(keras: readonly (number | null)[]): (number | null)[] {
  return keras.length === 4 ? [keras[0] ?? null, keras[3] ?? null, keras[1] ?? null, keras[2] ?? null] : [...keras];
}

/**
 * A Keras model run by tasknet (see the file summary). Build it with `tn.models.loadKerasModel`. It is a plain
 * Module: `freeze`, `summary`, optimisers, `stateDict` and `tn.transfer.features(model, x, 'out_relu')` all work on it.
 * @example
 * const model = await tn.models.loadKerasModel('web_model/model.json');
 * const probs = model.eval().forward(images);           // [N, 3, 224, 224] → [N, classes]
 * const body = model.upTo('global_average_pooling2d');  // the backbone, sharing the layers
 */
export class KerasModel extends Module implements Configurable {
  /** Rebuilds the model (with fresh weights) through `tn.models.createModel`, so `saveModel`/`loadModel` work. */
  readonly config: ModelConfig;
  /** The Keras model name. */
  readonly kerasName: string;
  readonly #topology: KerasTopology;
  readonly #layers: ReadonlyMap<string, Module>;
  readonly #outputs: readonly KerasTensorRef[];
  readonly #plan: GraphPlan;

  /**
   * @param topology - the parsed topology
   * @param layers - the module of every layer but the inputs, by Keras name (shared, not copied)
   * @param config - the config that rebuilds it
   * @param outputs - the tensors forward returns (default the model's outputs)
   * @throws ValueError when a layer name cannot be a child name, or the graph is malformed
   */
  constructor(topology: KerasTopology, layers: ReadonlyMap<string, Module>, config: ModelConfig, outputs: readonly KerasTensorRef[] = topology.outputs) {
    super();
    this.config = config;
    this.kerasName = topology.name;
    this.#topology = topology;
    this.#layers = layers;
    this.#outputs = outputs;
    this.#plan = planGraph(topology, outputs);
    const registered = new Set<string>();
    for (const call of this.#plan.calls) {
      if (registered.has(call.layer)) continue;
      registered.add(call.layer);
      const module = layers.get(call.layer);
      if (module === undefined) throw new ValueError('KerasModel', `no module was built for layer '${call.layer}'`);
      if (call.layer.includes('.') || call.layer in this) {
        throw new ValueError('KerasModel', `layer name '${call.layer}' cannot name a child module (it contains '.' or is a Module property)`);
      }
      (this as unknown as Record<string, Module>)[call.layer] = module;
    }
  }

  /** The names of the Keras layers this model runs, in execution order (its children). */
  layerNames(): string[] {
    return this.namedChildren().map(([name]) => name);
  }

  /**
   * The module of Keras layer `name`.
   * @throws ValueError listing the layers when there is none
   */
  layer(name: string): Module {
    const module = this.#layers.get(name);
    if (module === undefined) throw new ValueError('KerasModel.layer', `no layer '${name}' (layers: ${[...this.#layers.keys()].join(', ')})`);
    return module;
  }

  /** The model's input shapes in tasknet's layout ([N, C, H, W] for images; null where Keras left the size open). */
  inputShapes(): (number | null)[][] {
    return this.#topology.inputs.map((ref) => {
      const shape = this.#topology.layers.find((l) => l.name === ref.layer)?.config.batch_input_shape;
      return Array.isArray(shape) ? tasknetInputShape(shape as (number | null)[]) : [];
    });
  }

  /**
   * The model cut after layer `name` (or after several layers): a KerasModel that shares this one's layer modules and
   * returns their outputs — a backbone for transfer learning (`model.upTo('flatten_1')` is everything before the
   * classifier), whose parameters are only those it uses.
   * @param names - one layer name, or several (forward then needs `forwardAll`)
   * @throws ValueError when a name is not a layer of the model
   */
  upTo(names: string | readonly string[]): KerasModel {
    const list = typeof names === 'string' ? [names] : names;
    const outputs = list.map((name) => {
      const layer = this.#topology.layers.find((l) => l.name === name);
      if (layer === undefined) throw new ValueError('KerasModel.upTo', `no layer '${name}' (layers: ${this.layerNames().join(', ')})`);
      return { layer: name, node: Math.max(layer.inbound.length - 1, 0), tensor: 0 };
    });
    const config = { ...this.config, outputs: outputs.map((r) => [r.layer, r.node, r.tensor]) };
    const cut = new KerasModel(this.#topology, this.#layers, config, outputs);
    cut.training = this.training;
    return cut;
  }

  /** Check the inputs' count, rank and channels against the Keras input layers. */
  private checkInputs(inputs: readonly Tensor[]): void {
    const expected = this.inputShapes();
    if (inputs.length !== expected.length) {
      throw new ShapeError('KerasModel.forward', `model '${this.kerasName}' takes ${expected.length} input(s), found ${inputs.length}`);
    }
    inputs.forEach((x, i) => {
      const shape = expected[i] as (number | null)[];
      if (shape.length === 0) return;
      const bad = x.ndim !== shape.length || (shape.length === 4 ? [1] : shape.map((_, d) => d).slice(1))
        .some((d) => shape[d] !== null && shape[d] !== x.shape[d]);
      if (bad) {
        const want = shape.map((d, j) => (j === 0 ? 'N' : d ?? '?')).join(', ');
        throw new ShapeError('KerasModel.forward', `input ${i} of '${this.kerasName}': expected [${want}]${shape.length === 4 ? ' (channels first; H and W may differ)' : ''}, ` +
          `found ${formatShape(x.shape)}`);
      }
    });
  }

  /**
   * Run the graph and return every output.
   * @param inputs - one tensor per model input, feature maps as [N, C, H, W]
   * @returns the outputs in order (rank-4 ones channels first)
   */
  forwardAll(...inputs: Tensor[]): Tensor[] {
    this.checkInputs(inputs);
    // Outside autograd each layer output is disposed after its last reader (peak memory stays a few feature maps);
    // while recording they belong to the graph, freed by the caller's tidy. No enclosing tidy here: a forward hook
    // that stops the pass by throwing (tn.transfer.features) keeps the output it captured.
    const recording = isGradEnabled() && [...inputs, ...this.parameters()].some((t) => t.requiresGrad);
    const values = new Map<string, Tensor>();
    const pending = new Map<Tensor, number>(); // reads left per tensor object (modules may return their input)
    const external = new Set(inputs);
    const store = (key: string, t: Tensor): void => {
      values.set(key, t);
      pending.set(t, (pending.get(t) ?? 0) + (this.#plan.reads.get(key) ?? 0));
    };
    try {
      this.#topology.inputs.forEach((ref, i) => store(refKey(ref), inputs[i] as Tensor));
      for (const call of this.#plan.calls) {
        const args = call.inputs.map((ref) => values.get(refKey(ref)) as Tensor);
        const module = this.#layers.get(call.layer) as Module & { forward(...xs: Tensor[]): Tensor };
        store(refKey({ layer: call.layer, node: call.node, tensor: 0 }), module.forward(...args));
        if (recording) continue;
        for (const t of args) {
          const left = (pending.get(t) ?? 1) - 1;
          pending.set(t, left);
          if (left === 0 && !external.has(t)) t.dispose();
        }
      }
    } catch (error) {
      if (!recording) for (const t of values.values()) if (!external.has(t)) t.dispose();
      throw error;
    }
    return this.#outputs.map((ref) => values.get(refKey(ref)) as Tensor);
  }

  /**
   * Run the graph on the model's single output.
   * @param inputs - one tensor per model input ([N, C, H, W] for images)
   * @throws ValueError when the model has several outputs (use `forwardAll`)
   */
  forward(...inputs: Tensor[]): Tensor {
    if (this.#outputs.length !== 1) {
      throw new ValueError('KerasModel.forward', `model '${this.kerasName}' has ${this.#outputs.length} outputs; use forwardAll`);
    }
    return this.forwardAll(...inputs)[0] as Tensor;
  }

  override extraRepr(): string {
    return `name=${this.kerasName}, outputs=${this.#outputs.map((r) => r.layer).join(', ')}`;
  }
}
