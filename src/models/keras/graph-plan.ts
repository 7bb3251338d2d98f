/**
 * The execution plan of a Keras functional graph: the layer calls needed for some output tensors, in an order where
 * every call comes after the calls that produce its inputs, and how often each tensor is read.
 */
import { ValueError } from '../../core/index.js';
import type { KerasTensorRef, KerasTopology } from './topology.js';

/** One call of a layer: call `node` of `layer` on the tensors `inputs`. */
export interface GraphCall {
  readonly layer: string;
  readonly node: number;
  readonly inputs: readonly KerasTensorRef[];
}

/** The calls to run, in order, and how many times each tensor (by {@link refKey}) is read, outputs included. */
export interface GraphPlan {
  readonly calls: readonly GraphCall[];
  readonly reads: ReadonlyMap<string, number>;
}

/**
 * A tensor's key: `layer:node:tensor`.
 * @example refKey({layer: 'Conv1', node: 0, tensor: 0}) // 'Conv1:0:0'
 */
export function refKey(ref: KerasTensorRef): string {
  return `${ref.layer}:${ref.node}:${ref.tensor}`;
}

/**
 * Plan the calls that compute `outputs` from the model's inputs.
 * @example const {calls} = tn.models.keras.planGraph(tn.models.keras.parseKerasTopology(json)); // calls[0].layer === 'Conv1_pad'
 * @param topology - the model
 * @param outputs - the tensors wanted (default the model's outputs)
 * @throws ValueError for a reference to a missing layer or call, a layer output other than the first (multi-output
 *   layers are not supported), an InputLayer that is not a model input, or a cycle
 */
export function planGraph(topology: KerasTopology, outputs: readonly KerasTensorRef[] = topology.outputs): GraphPlan {
  const op = 'loadKerasModel';
  const layers = new Map(topology.layers.map((l) => [l.name, l]));
  const inputKeys = new Set(topology.inputs.map(refKey));
  const calls: GraphCall[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reads = new Map<string, number>();

  const visit = (ref: KerasTensorRef, from: string): void => {
    const key = refKey(ref);
    reads.set(key, (reads.get(key) ?? 0) + 1);
    const layer = layers.get(ref.layer);
    if (layer === undefined) throw new ValueError(op, `${from} reads layer '${ref.layer}', which the model does not have`);
    if (ref.tensor !== 0) throw new ValueError(op, `${from} reads output ${ref.tensor} of layer '${ref.layer}'; layers with several outputs are not supported`);
    if (layer.className === 'InputLayer' || layer.inbound.length === 0) {
      if (!inputKeys.has(key)) throw new ValueError(op, `${from} reads '${ref.layer}', which is not one of the model's inputs (${[...inputKeys].join(', ')})`);
      return;
    }
    const inputs = layer.inbound[ref.node];
    if (inputs === undefined) throw new ValueError(op, `${from} reads call ${ref.node} of layer '${ref.layer}', which has ${layer.inbound.length} call(s)`);
    const seen = state.get(key);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new ValueError(op, `the graph has a cycle through layer '${ref.layer}'`);
    state.set(key, 'visiting');
    for (const input of inputs) visit(input, `layer '${ref.layer}'`);
    state.set(key, 'done');
    calls.push({ layer: ref.layer, node: ref.node, inputs });
  };
  for (const ref of outputs) visit(ref, 'the model output');
  return { calls, reads };
}
