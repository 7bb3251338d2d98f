/**
 * RNNBase: what RNN, LSTM and GRU share (PyTorch 1.13 `nn.RNNBase`): the per-layer, per-direction
 * parameters with torch's names, input and state validation, batch-first layouts, stacking of layers
 * with dropout between them, both directions, and variable-length sequences through per-step masks.
 *
 * Naming: tasknet properties are normally camelCase, but the parameters here are registered under
 * PyTorch's snake_case names (`weight_ih_l0`, `bias_hh_l1_reverse` ...) because state-dict keys are
 * property names, and they must equal torch's for PyTorch weights to load unchanged.
 */
import { DTypeError, formatShape, isFloatDType, ShapeError, ValueError, type DType } from '../../core/index.js';
import { fromTypedArray, zeros, type Tensor, scoped } from '../../tensor/index.js';
import {
  concat, dropout as applyDropout, linear, reshape, slice, split, squeeze, stack, transpose, unsqueeze, where,
} from '../../ops/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { uniform_ } from '../init.js';
import { empty, adoptParameter } from '../tensor-factory.js';

/** Constructor options shared by RNN, LSTM and GRU (PyTorch's keyword arguments). */
export interface RecurrentOptions {
  /** Number of stacked layers, each fed the previous one's output (default 1). */
  readonly numLayers?: number;
  /** Learn the biases `bias_ih` and `bias_hh` (default true). */
  readonly bias?: boolean;
  /** Input and output are [N, L, features] instead of [L, N, features] (default false; states stay [layers, N, H]). */
  readonly batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, while training (default 0). */
  readonly dropout?: number;
  /** Add a reverse-direction layer at each level and concatenate both outputs (default false). */
  readonly bidirectional?: boolean;
  /** Parameter dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/** Options of a recurrent forward pass. */
export interface RecurrentForwardOptions {
  /**
   * Valid length of each sequence in the batch (int32 [N] or numbers, each in 1…L). Every sequence
   * stops at its length: outputs past it are zero, the final state is the state at its last valid
   * step, and the reverse direction starts there — the results of PyTorch's `pack_padded_sequence`
   * followed by `pad_packed_sequence(..., total_length=L)`.
   */
  readonly lengths?: Tensor | readonly number[];
}

/** The parameters of one layer and direction, as a cell sees them. */
export interface CellWeights {
  /** Input-to-hidden weight [gates·H, inputs]. */
  readonly weightIh: Parameter;
  /** Hidden-to-hidden weight [gates·H, H]. */
  readonly weightHh: Parameter;
  /** Input-to-hidden bias [gates·H], or null. */
  readonly biasIh: Parameter | null;
  /** Hidden-to-hidden bias [gates·H], or null. */
  readonly biasHh: Parameter | null;
}

function positiveInteger(value: number, name: string, op: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new ValueError(op, `${name} must be a positive integer, found ${value}`);
}

/**
 * Base class of the recurrent layers. A subclass gives the gate count, the number of state tensors
 * (2 for LSTM's h and c, else 1) and one time step of the cell.
 */
export abstract class RNNBase extends Module {
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** Whether input and output are batch-first. */
  readonly batchFirst: boolean;
  /** Dropout probability between layers. */
  readonly dropout: number;
  /** Whether each layer also runs backwards. */
  readonly bidirectional: boolean;

  /**
   * @param mode - the layer's name in messages (`RNN`, `LSTM`, `GRU`)
   * @param gateCount - gates stacked in the weights (1, 4 or 3)
   * @param stateNames - names of the state tensors (`['h0']`, or `['h0', 'c0']` for LSTM)
   * @param inputSize - features per input step
   * @param hiddenSize - features of the hidden state
   */
  protected constructor(
    readonly mode: string, private readonly gateCount: number, private readonly stateNames: readonly string[],
    readonly inputSize: number, readonly hiddenSize: number, options: RecurrentOptions,
  ) {
    super();
    positiveInteger(inputSize, 'inputSize', mode);
    positiveInteger(hiddenSize, 'hiddenSize', mode);
    this.numLayers = options.numLayers ?? 1;
    positiveInteger(this.numLayers, 'numLayers', mode);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    if (!(this.dropout >= 0 && this.dropout <= 1)) throw new ValueError(mode, `dropout must be in [0, 1], found ${this.dropout}`);
    this.bidirectional = options.bidirectional ?? false;
    const dtype = options.dtype ?? 'float32';
    const bound = 1 / Math.sqrt(hiddenSize);
    const self = this as unknown as Record<string, Parameter>;
    const create = (name: string, shape: number[]): void => {
      const p = adoptParameter(empty(shape, dtype));
      uniform_(p, -bound, bound);
      self[name] = p;
    };
    for (let layer = 0; layer < this.numLayers; layer++) {
      const layerInput = layer === 0 ? inputSize : hiddenSize * this.numDirections;
      for (let direction = 0; direction < this.numDirections; direction++) {
        const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
        create(`weight_ih${suffix}`, [gateCount * hiddenSize, layerInput]);
        create(`weight_hh${suffix}`, [gateCount * hiddenSize, hiddenSize]);
        if (this.bias) {
          create(`bias_ih${suffix}`, [gateCount * hiddenSize]);
          create(`bias_hh${suffix}`, [gateCount * hiddenSize]);
        }
      }
    }
  }

  /** 2 when bidirectional, else 1. */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** The parameters of each layer and direction in PyTorch's order (its `all_weights`). */
  get allWeights(): Parameter[][] {
    const out: Parameter[][] = [];
    for (let layer = 0; layer < this.numLayers; layer++) {
      for (let direction = 0; direction < this.numDirections; direction++) {
        const w = this.weightsOf(layer, direction);
        out.push([w.weightIh, w.weightHh, ...(w.biasIh !== null && w.biasHh !== null ? [w.biasIh, w.biasHh] : [])]);
      }
    }
    return out;
  }

  /** The parameters of `layer` in `direction` (0 forward, 1 reverse), looked up by torch's names. */
  weightsOf(layer: number, direction: number): CellWeights {
    const self = this as unknown as Record<string, unknown>;
    const suffix = `_l${layer}${direction === 1 ? '_reverse' : ''}`;
    const get = (name: string): Parameter | null => {
      const p = self[name + suffix];
      return p instanceof Parameter ? p : null;
    };
    const weightIh = get('weight_ih');
    const weightHh = get('weight_hh');
    if (weightIh === null || weightHh === null) {
      throw new ValueError(this.mode, `no weights for layer ${layer} direction ${direction} (have ${this.numLayers} layer(s), ${this.numDirections} direction(s))`);
    }
    return { weightIh, weightHh, biasIh: get('bias_ih'), biasHh: get('bias_hh') };
  }

  /**
   * One time step: the new state tensors from the input projection `xProj` = x·W_ihᵀ + b_ih [N, gates·H]
   * and the previous state tensors (each [N, H]). The first returned tensor is the step's output h.
   */
  protected abstract cell(xProj: Tensor, state: readonly Tensor[], weights: CellWeights): Tensor[];

  /**
   * The whole recurrence: validate, bring the input to [L, N, features], run every layer and
   * direction, and return the output and the final state tensors in the caller's layout.
   */
  protected runRecurrence(input: Tensor, hx: readonly (Tensor | null | undefined)[] | null,
    options: RecurrentForwardOptions): [Tensor, Tensor[]] {
    const op = this.mode;
    const given = hx ?? [];
    return scoped([input, ...given, ...this.parameters()], () => {
      if (input.ndim !== 2 && input.ndim !== 3) {
        const layout = this.batchFirst ? '[N, L, inputSize]' : '[L, N, inputSize]';
        throw new ShapeError(op, `expected a batched input ${layout} or an unbatched input [L, inputSize], found ${formatShape(input.shape)}`);
      }
      if (input.shape[input.ndim - 1] !== this.inputSize) {
        throw new ShapeError(op, `input ${formatShape(input.shape)} must end in inputSize=${this.inputSize}`);
      }
      const batched = input.ndim === 3;
      const x = batched ? (this.batchFirst ? transpose(input, 0, 1) : input) : unsqueeze(input, 1);
      const [steps, batch] = x.shape as [number, number];
      if (steps === 0 || batch === 0) throw new ShapeError(op, `expected a non-empty sequence and batch, found input ${formatShape(input.shape)}`);
      const stateShape = [this.numLayers * this.numDirections, batch, this.hiddenSize];
      const dtype: DType = isFloatDType(x.dtype) ? x.dtype : 'float32';
      const states = this.stateNames.map((name, k) => {
        const h = given[k];
        if (h === undefined || h === null) return zeros(stateShape, { dtype });
        const expected = batched ? stateShape : [stateShape[0] as number, this.hiddenSize];
        if (h.ndim !== expected.length || h.shape.some((d, i) => d !== expected[i])) {
          throw new ShapeError(op, `expected ${name} of shape ${formatShape(expected)} for input ${formatShape(input.shape)}, found ${formatShape(h.shape)}`);
        }
        return batched ? h : unsqueeze(h, 1);
      });
      const masks = options.lengths === undefined ? null : this.stepMasks(options.lengths, steps, batch);
      const [output, finals] = this.runLayers(x, states, masks);
      const out = batched ? (this.batchFirst ? transpose(output, 0, 1) : output) : squeeze(output, 1);
      return [out, batched ? finals : finals.map((f) => squeeze(f, 1))];
    });
  }

  /** For each step t, a bool [N, 1] mask "t < length" (null when every sequence has the full length). */
  private stepMasks(lengths: Tensor | readonly number[], steps: number, batch: number): Tensor[] | null {
    const op = this.mode;
    let values: number[];
    if (Array.isArray(lengths)) {
      values = [...(lengths as readonly number[])];
    } else {
      const t = lengths as Tensor;
      if (t.dtype !== 'int32') throw new DTypeError(op, `lengths must be an int32 tensor or an array of numbers, found dtype ${t.dtype}`);
      if (t.ndim !== 1) throw new ShapeError(op, `lengths must be 1-D [N], found ${formatShape(t.shape)}`);
      values = Array.from(t.dataSync(), Number);
    }
    if (values.length !== batch) throw new ShapeError(op, `expected ${batch} lengths (one per sequence), found ${values.length}`);
    values.forEach((n, b) => {
      if (!Number.isInteger(n) || n < 1 || n > steps) {
        throw new ValueError(op, `lengths[${b}] must be an integer in [1, ${steps}] (the sequence length), found ${n}`);
      }
    });
    if (values.every((n) => n === steps)) return null;
    return Array.from({ length: steps }, (_, t) =>
      fromTypedArray(Uint8Array.from(values, (n) => (t < n ? 1 : 0)), [batch, 1], 'bool'));
  }

  /** Every layer and direction over time-major x [L, N, features]; returns [L, N, D·H] and the final states [D·layers, N, H]. */
  private runLayers(x: Tensor, states: readonly Tensor[], masks: readonly Tensor[] | null): [Tensor, Tensor[]] {
    const [steps, batch] = x.shape as [number, number];
    const hidden = this.hiddenSize;
    const finals: Tensor[][] = states.map(() => []);
    let layerInput = x;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const directionOutputs: Tensor[] = [];
      for (let direction = 0; direction < this.numDirections; direction++) {
        const index = layer * this.numDirections + direction;
        const w = this.weightsOf(layer, direction);
        // the input projection of every step at once: [L, N, gates·H]
        const projected = linear(layerInput, w.weightIh, w.biasIh ?? undefined);
        const stepInputs = split(projected, 1, 0).map((p) => reshape(p, [batch, this.gateCount * hidden]));
        let state = states.map((s) => reshape(slice(s, 0, index, index + 1), [batch, hidden]));
        const outputs = new Array<Tensor>(steps);
        for (let i = 0; i < steps; i++) {
          const t = direction === 0 ? i : steps - 1 - i;
          const next = this.cell(stepInputs[t] as Tensor, state, w);
          const mask = masks?.[t];
          if (mask === undefined) {
            state = next;
            outputs[t] = next[0] as Tensor;
          } else {
            const previous = state;
            state = next.map((s, k) => where(mask, s, previous[k] as Tensor));
            outputs[t] = where(mask, next[0] as Tensor, 0);
          }
        }
        directionOutputs.push(stack(outputs, 0));
        state.forEach((s, k) => finals[k]?.push(s));
      }
      let layerOutput = directionOutputs.length === 1 ? directionOutputs[0] as Tensor : concat(directionOutputs, 2);
      if (layer < this.numLayers - 1 && this.dropout > 0) layerOutput = applyDropout(layerOutput, this.dropout, this.training);
      layerInput = layerOutput;
    }
    return [layerInput, finals.map((f) => stack(f, 0))];
  }

  /** PyTorch's printout: `LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True)`. */
  override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`num_layers=${this.numLayers}`);
    if (!this.bias) parts.push('bias=False');
    if (this.batchFirst) parts.push('batch_first=True');
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=True');
    return parts.join(', ');
  }
}
