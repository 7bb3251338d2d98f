/** Allocation helpers for layers. */
import type { Shape } from '../core/index.js';
import { zeros, type Tensor } from '../tensor/index.js';

/** A zero tensor to be overwritten by an initialiser (PyTorch `torch.empty`). */
export function empty(shape: Shape, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return zeros(shape, { dtype });
}
