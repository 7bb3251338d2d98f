/** Keras merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate, over several inputs. */
import { formatShape, ShapeError } from '../../core/index.js';
import { Module } from '../../nn/index.js';
import { add, concat, div, maximum, minimum, mul, sub } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { kerasAxis } from './layout.js';

/** The merge operations. */
export type KerasMergeMode = 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum' | 'concatenate';

const PAIRWISE: Readonly<Record<Exclude<KerasMergeMode, 'concatenate' | 'subtract'>, (a: Tensor, b: Tensor) => Tensor>> = {
  add, average: add, multiply: mul, maximum, minimum,
};

/**
 * A Keras merge layer: elementwise over inputs of one shape, or a concatenation along a Keras axis (default −1, the
 * channels of a feature map).
 * @example new tn.models.keras.KerasMerge('add').forward(a, b)
 */
export class KerasMerge extends Module {
  /**
   * @param mode - the operation
   * @param axis - the Keras axis of a concatenation
   */
  constructor(readonly mode: KerasMergeMode, readonly axis = -1) {
    super();
  }

  /** Two or more tensors → one (Subtract takes exactly two). */
  forward(...inputs: Tensor[]): Tensor {
    const op = `KerasMerge(${this.mode})`;
    const first = inputs[0];
    if (first === undefined || inputs.length < 2 || (this.mode === 'subtract' && inputs.length !== 2)) {
      throw new ShapeError(op, `expected ${this.mode === 'subtract' ? 'exactly 2' : 'at least 2'} inputs, found ${inputs.length}`);
    }
    return scoped(inputs, () => {
      if (this.mode === 'concatenate') return concat(inputs, kerasAxis(this.axis, first.ndim, op));
      const bad = inputs.find((t) => t.ndim !== first.ndim || t.shape.some((d, i) => d !== first.shape[i]));
      if (bad !== undefined) throw new ShapeError(op, `inputs must have one shape, found ${inputs.map((t) => formatShape(t.shape)).join(', ')}`);
      if (this.mode === 'subtract') return sub(first, inputs[1] as Tensor);
      const fn = PAIRWISE[this.mode];
      const total = inputs.slice(1).reduce((acc, t) => fn(acc, t), first);
      return this.mode === 'average' ? div(total, inputs.length) : total;
    });
  }

  override extraRepr(): string {
    return this.mode === 'concatenate' ? `concatenate, axis=${this.axis}` : this.mode;
  }
}
