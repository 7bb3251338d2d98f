/** The update of a strategy's own task weights, with the optimisers' pure update functions. */
import { ValueError } from '../../core/index.js';
import { tensor, tidy, type Tensor } from '../../tensor/index.js';
import { ADAM_DEFAULTS, adamUpdate, SGD_DEFAULTS, sgdUpdate } from '../../optim/index.js';
import { checkNumberArray } from './common.js';

/** How task weights descend their gradient: Adam or plain gradient descent. */
export type WeightOptimizerName = 'adam' | 'sgd';

/** Adam's moments as plain numbers, so that they fit a strategy's state dict. */
interface AdamMoments {
  step: number;
  expAvg: number[];
  expAvgSq: number[];
}

const ADAM_KEYS = ['adamStep', 'adamExpAvg', 'adamExpAvgSq'] as const;

/**
 * Gradient steps on a short vector of task weights held as numbers: `'sgd'` is w ← w − lr·∇ (`optim.sgdUpdate`
 * without momentum), `'adam'` is `optim.adamUpdate` with PyTorch's defaults besides `lr`, its moments kept here
 * (and in the state dict). The arithmetic runs in float64 tensors.
 * @example
 * const descent = new WeightDescent('GradNorm', 'sgd', 0.1);
 * descent.step([1, 1], [2, -1]); // [0.8, 1.1]
 */
export class WeightDescent {
  /** The state keys this optimiser writes. */
  readonly stateKeys: readonly string[];
  private moments: AdamMoments | undefined;

  /**
   * @param op - the owner, for messages
   * @param optimizer - `'adam'` or `'sgd'`
   * @param lr - the learning rate, > 0
   * @throws ValueError on an unknown optimizer
   */
  constructor(op: string, readonly optimizer: WeightOptimizerName, readonly lr: number) {
    if (optimizer !== 'adam' && optimizer !== 'sgd') {
      throw new ValueError(op, `invalid optimizer: ${JSON.stringify(optimizer)} (expected 'adam' or 'sgd')`);
    }
    this.stateKeys = optimizer === 'adam' ? ADAM_KEYS : [];
  }

  /** The weights after one step along −`gradient`. */
  step(weights: readonly number[], gradient: readonly number[]): number[] {
    const asTensor = (values: readonly number[]) => tensor([...values], { dtype: 'float64' });
    const read = (t: Tensor) => Array.from(t.dataSync());
    return tidy(() => {
      if (this.optimizer === 'sgd') {
        return read(sgdUpdate(asTensor(weights), asTensor(gradient), { momentumBuffer: null }, { ...SGD_DEFAULTS, lr: this.lr }).param);
      }
      const zeros = new Array<number>(weights.length).fill(0);
      const m = this.moments ?? { step: 0, expAvg: zeros, expAvgSq: zeros };
      const { param, state } = adamUpdate(asTensor(weights), asTensor(gradient),
        { step: m.step, expAvg: asTensor(m.expAvg), expAvgSq: asTensor(m.expAvgSq) }, { ...ADAM_DEFAULTS, lr: this.lr });
      this.moments = { step: state.step, expAvg: read(state.expAvg), expAvgSq: read(state.expAvgSq) };
      return read(param);
    });
  }

  /** Adam's moments (`adamStep`, `adamExpAvg`, `adamExpAvgSq`) once it has stepped; nothing for SGD. */
  stateDict(): Record<string, number | number[]> {
    if (this.moments === undefined) return {};
    return { adamStep: this.moments.step, adamExpAvg: [...this.moments.expAvg], adamExpAvgSq: [...this.moments.expAvgSq] };
  }

  /**
   * Restore Adam's moments for `n` weights (all three keys or none; none starts Adam afresh).
   * @throws ValueError when some keys are missing or a value is invalid
   */
  loadStateDict(op: string, state: Readonly<Record<string, number | number[]>>, n: number): void {
    const present = this.stateKeys.filter((k) => k in state);
    if (present.length === 0) {
      this.moments = undefined;
      return;
    }
    if (present.length !== this.stateKeys.length) {
      throw new ValueError(op, `expected all of ${this.stateKeys.join(', ')} or none, found only ${present.join(', ')}`);
    }
    const step = state.adamStep;
    if (typeof step !== 'number' || !Number.isInteger(step) || step < 1) {
      throw new ValueError(op, `state 'adamStep': expected an integer ≥ 1, found ${JSON.stringify(step)}`);
    }
    this.moments = {
      step,
      expAvg: checkNumberArray(op, "state 'adamExpAvg'", state.adamExpAvg, n),
      expAvgSq: checkNumberArray(op, "state 'adamExpAvgSq'", state.adamExpAvgSq, n, (v) => v >= 0),
    };
  }
}
