/** CrossStitchUnit: a learnable T×T linear mix of the tasks' activations (Misra et al. 2016). */
import { ValueError } from '../../core/index.js';
import { tensor, type Tensor } from '../../tensor/index.js';
import { matmul, reshape, split, squeeze, stack } from '../../ops/index.js';
import { Module, Parameter } from '../../nn/index.js';

/** Options of CrossStitchUnit. */
export interface CrossStitchUnitOptions {
  /** The initial diagonal αᵢᵢ in [0, 1]; the rest of each row shares 1 − αᵢᵢ equally (default 0.9, as the paper). */
  readonly selfWeight?: number;
}

/**
 * Cross-stitch unit (Misra, Shrivastava, Gupta & Hebert 2016, "Cross-stitch networks for multi-task
 * learning"): given one activation per task, of one shape, it returns
 *
 *   x̃ᵢ = Σⱼ αᵢⱼ · xⱼ
 *
 * with a learnable α [T, T] shared by every element of the activations. α starts near the identity:
 * αᵢᵢ = selfWeight (0.9) and αᵢⱼ = (1 − selfWeight)/(T − 1), so each row sums to 1 (the paper's
 * (α_S, α_D) = (0.9, 0.1) for two tasks). The paper trains α with a larger learning rate than the
 * rest (put `unit.alpha` in its own parameter group). State-dict key: `alpha`.
 * @example
 * const unit = new tn.mtl.CrossStitchUnit(2);           // α = [[0.9, 0.1], [0.1, 0.9]]
 * const [a, b] = unit.forward([ha, hb]);                // a = 0.9·ha + 0.1·hb
 */
export class CrossStitchUnit extends Module {
  /** α [T, T]: row i mixes the tasks' activations into task i's. */
  readonly alpha: Parameter;

  /**
   * @param numTasks - T ≥ 2
   * @param options - `selfWeight`, the initial diagonal (default 0.9)
   */
  constructor(readonly numTasks: number, options: CrossStitchUnitOptions = {}) {
    super();
    if (!Number.isInteger(numTasks) || numTasks < 2) {
      throw new ValueError('CrossStitchUnit', `numTasks must be an integer ≥ 2, found ${numTasks}`);
    }
    const self = options.selfWeight ?? 0.9;
    if (typeof self !== 'number' || !(self >= 0 && self <= 1)) {
      throw new ValueError('CrossStitchUnit', `selfWeight must be a number in [0, 1], found ${String(self)}`);
    }
    const other = (1 - self) / (numTasks - 1);
    const values = Array.from({ length: numTasks }, (_, i) => Array.from({ length: numTasks }, (__, j) => (i === j ? self : other)));
    const fresh = tensor(values);
    this.alpha = new Parameter(fresh);
    fresh.dispose();
  }

  /**
   * The mixed activations, one per task.
   * @param xs - T activations of one shape [N, …], in task order
   * @returns T tensors of that shape: x̃ᵢ = Σⱼ αᵢⱼ·xⱼ
   * @throws ValueError when `xs` does not hold T tensors; ShapeError when their shapes differ
   */
  forward(xs: readonly Tensor[]): Tensor[] {
    if (xs.length !== this.numTasks) {
      throw new ValueError('CrossStitchUnit', `expected ${this.numTasks} activations (one per task), found ${xs.length}`);
    }
    const stacked = stack(xs);                                              // [T, N, …]
    const mixed = matmul(this.alpha, reshape(stacked, [this.numTasks, -1])); // [T, N·…]
    return split(reshape(mixed, stacked.shape), 1).map((x) => squeeze(x, 0));
  }

  override extraRepr(): string {
    return `num_tasks=${this.numTasks}`;
  }
}
