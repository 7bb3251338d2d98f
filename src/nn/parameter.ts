/** Parameter: a tensor that a Module owns and an optimiser updates. */
import { engine, Tensor } from '../tensor/index.js';

/**
 * A trainable tensor (PyTorch `nn.Parameter`): registered automatically when assigned to a
 * Module property, never disposed by `tidy`, and updated in place by optimisers via `assign`.
 * @example this.weight = new tn.nn.Parameter(tn.zeros([10, 784]));
 */
export class Parameter extends Tensor {
  /**
   * @param data - the initial values (shared, not copied)
   * @param requiresGrad - whether the parameter trains (default true)
   */
  constructor(data: Tensor, requiresGrad = true) {
    data.assertLive('Parameter');
    super(data.ref.retain(), data.shape, data.dtype);
    engine.keep(this);
    this.requiresGrad = requiresGrad;
  }
}
