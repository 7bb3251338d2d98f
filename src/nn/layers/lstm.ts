/** LSTM: the long short-term memory layer with gates i, f, g, o. */
import type { Tensor } from '../../tensor/index.js';
import { add, chunk, linear, mul, sigmoid, tanh } from '../../ops/index.js';
import { RNNBase, type CellWeights, type RecurrentForwardOptions, type RecurrentOptions } from './rnn-base.js';

/**
 * Multi-layer LSTM (PyTorch `nn.LSTM`): with gates stacked in the order i, f, g, o,
 * i = σ(W_ii·x + b_ii + W_hi·h + b_hi), f = σ(…), g = tanh(…), o = σ(…),
 * c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c').
 * Parameters carry torch's names (`weight_ih_l0` [4H, in], `weight_hh_l0` [4H, H], `bias_ih_l0`,
 * `bias_hh_l0`, `..._reverse`) so that PyTorch state dicts load unchanged; all start U(−1/√H, 1/√H).
 *
 * Shapes: input [L, N, inputSize] ([N, L, inputSize] with `batchFirst`, or unbatched [L, inputSize]);
 * h0, c0, hN, cN [D·numLayers, N, H] (D = 2 when bidirectional); output [L, N, D·H].
 * @example
 * const lstm = new tn.nn.LSTM(8, 16, {batchFirst: true, bidirectional: true});
 * const [output, [hN, cN]] = lstm.forward(x, null, {lengths: [5, 3]}); // x [2, 5, 8] → output [2, 5, 32]
 */
export class LSTM extends RNNBase {
  /**
   * @param inputSize - features per input step
   * @param hiddenSize - features of the hidden and cell states
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('LSTM', 4, ['h0', 'c0'], inputSize, hiddenSize, options);
  }

  /**
   * Run the sequence; the states `[h0, c0]` default to zeros.
   * @returns [output, [hN, cN]]
   * @throws ShapeError on a wrong input or state shape; ValueError on bad lengths.
   */
  forward(input: Tensor, hx?: readonly [Tensor, Tensor] | null, options: RecurrentForwardOptions = {}): [Tensor, [Tensor, Tensor]] {
    const [output, finals] = this.runRecurrence(input, hx ?? null, options);
    return [output, [finals[0] as Tensor, finals[1] as Tensor]];
  }

  protected cell(xProj: Tensor, state: readonly Tensor[], w: CellWeights): Tensor[] {
    const [h, c] = state as [Tensor, Tensor];
    const gates = add(xProj, linear(h, w.weightHh, w.biasHh ?? undefined));
    const [i, f, g, o] = chunk(gates, 4, 1) as [Tensor, Tensor, Tensor, Tensor];
    const cNext = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
    return [mul(sigmoid(o), tanh(cNext)), cNext];
  }
}
