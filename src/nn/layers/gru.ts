/** GRU: the gated recurrent unit layer with gates r, z, n. */
import type { Tensor } from '../../tensor/index.js';
import { add, chunk, linear, mul, sigmoid, sub, tanh } from '../../ops/index.js';
import { RNNBase, type CellWeights, type RecurrentForwardOptions, type RecurrentOptions } from './rnn-base.js';

/**
 * Multi-layer GRU (PyTorch `nn.GRU`): with gates stacked in the order r, z, n,
 * r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz),
 * n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 * Parameters carry torch's names (`weight_ih_l0` [3H, in], `weight_hh_l0` [3H, H], `bias_ih_l0`,
 * `bias_hh_l0`, `..._reverse`) so that PyTorch state dicts load unchanged; all start U(−1/√H, 1/√H).
 *
 * Shapes: input [L, N, inputSize] ([N, L, inputSize] with `batchFirst`, or unbatched [L, inputSize]);
 * h0 and hN [D·numLayers, N, H] (D = 2 when bidirectional); output [L, N, D·H].
 * @example
 * const gru = new tn.nn.GRU(8, 16, {numLayers: 2, dropout: 0.1});
 * const [output, hN] = gru.forward(tn.randn([7, 4, 8])); // [7, 4, 16], [2, 4, 16]
 */
export class GRU extends RNNBase {
  /**
   * @param inputSize - features per input step
   * @param hiddenSize - features of the hidden state
   */
  constructor(inputSize: number, hiddenSize: number, options: RecurrentOptions = {}) {
    super('GRU', 3, ['h0'], inputSize, hiddenSize, options);
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
    const h = state[0] as Tensor;
    const [xr, xz, xn] = chunk(xProj, 3, 1) as [Tensor, Tensor, Tensor];
    const [hr, hz, hn] = chunk(linear(h, w.weightHh, w.biasHh ?? undefined), 3, 1) as [Tensor, Tensor, Tensor];
    const r = sigmoid(add(xr, hr));
    const z = sigmoid(add(xz, hz));
    const n = tanh(add(xn, mul(r, hn)));
    // h' = (1 − z)·n + z·h, computed as n + z·(h − n) like PyTorch
    return [add(n, mul(z, sub(h, n)))];
  }
}
