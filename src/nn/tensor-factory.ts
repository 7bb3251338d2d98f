/** Allocation helpers for layers. */
import type { Shape } from '../core/index.js';
import { zeros, type Tensor } from '../tensor/index.js';
import { Parameter } from './parameter.js';

/** A zero tensor to be overwritten by an initialiser (PyTorch `torch.empty`). */
export function empty(shape: Shape, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  return zeros(shape, { dtype });
}

/**
 * A Parameter made from a freshly created tensor, which is disposed (the Parameter keeps the storage alive),
 * so building a layer leaves no stray live tensors behind.
 */
export function adoptParameter(fresh: Tensor): Parameter {
  const p = new Parameter(fresh);
  fresh.dispose();
  return p;
}
