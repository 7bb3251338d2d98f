/** RNN: the Elman recurrent layer, hₜ = act(W_ih·xₜ + b_ih + W_hh·hₜ₋₁ + b_hh). */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { add, linear, relu, tanh } from '../../ops/index.js';
import { RNNBase, type CellWeights, type RecurrentForwardOptions, type RecurrentOptions } from './rnn-base.js';

/** Options of RNN: the shared recurrent options and the nonlinearity. */
export interface RNNOptions extends RecurrentOptions {
  /** The activation, `'tanh'` (default) or `'relu'`. */
  readonly nonlinearity?: 'tanh' | 'relu';
}

/**
 * Multi-layer Elman RNN (PyTorch `nn.RNN`): hₜ = act(W_ih·xₜ + b_ih + W_hh·hₜ₋₁ + b_hh), act tanh or relu.
 * Parameters carry torch's names (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, `..._reverse`)
 * so that PyTorch state dicts load unchanged; all are initialised U(−1/√H, 1/√H).
 *
 * Shapes: input [L, N, inputSize] ([N, L, inputSize] with `batchFirst`, or unbatched [L, inputSize]);
 * h0 and hN [D·numLayers, N, H] (D = 2 when bidirectional); output [L, N, D·H].
 * @example
 * const rnn = new tn.nn.RNN(10, 20, {numLayers: 2});
 * const [output, hN] = rnn.forward(tn.randn([5, 3, 10])); // [5, 3, 20], [2, 3, 20]
 */
export class RNN extends RNNBase {
  /** The activation. */
  readonly nonlinearity: 'tanh' | 'relu';

  /**
   * @param inputSize - features per input step
   * @param hiddenSize - features of the hidden state
   */
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('RNN', 1, ['h0'], inputSize, hiddenSize, options);
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ValueError('RNN', `nonlinearity must be 'tanh' or 'relu', found '${String(nonlinearity)}'`);
    }
    this.nonlinearity = nonlinearity;
  }

  /**
   * Run the sequence; `h0` defaults to zeros.
   * @returns [output, hN]
   * @throws ShapeError on a wrong input or h0 shape; ValueError on bad lengths.
   */
  forward(input: Tensor, h0?: Tensor | null, options: RecurrentForwardOptions = {}): [Tensor, Tensor] {
    const [output, finals] = this.runRecurrence(input, [h0], options);
    return [output, finals[0] as Tensor];
  }

  protected cell(xProj: Tensor, state: readonly Tensor[], w: CellWeights): Tensor[] {
    const pre = add(xProj, linear(state[0] as Tensor, w.weightHh, w.biasHh ?? undefined));
    return [this.nonlinearity === 'tanh' ? tanh(pre) : relu(pre)];
  }

  override extraRepr(): string {
    const base = super.extraRepr();
    return this.nonlinearity === 'tanh' ? base : `${base}, nonlinearity=${this.nonlinearity}`;
  }
}
