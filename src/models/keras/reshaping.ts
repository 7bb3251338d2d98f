/**
 * Keras Flatten, Reshape and ZeroPadding2D. Flatten and Reshape order elements as Keras does (channels last), so a
 * Dense after them sees the features in the order its kernel was trained on.
 */
import { formatShape, ShapeError } from '../../core/index.js';
import { Module } from '../../nn/index.js';
import { pad, reshape } from '../../ops/index.js';
import { scoped, type Tensor } from '../../tensor/index.js';
import { fromKerasLayout, toKerasLayout } from './layout.js';

/**
 * Keras `Reshape` (and `Flatten`, the target [-1]): the elements in Keras's order, reshaped to [N, ...targetShape];
 * a rank-4 result is returned channels first.
 * @example new tn.models.keras.KerasReshape([-1]).forward(x) // [N, C, H, W] → [N, H·W·C] in Keras's (h, w, c) order
 */
export class KerasReshape extends Module {
  /** @param targetShape - the shape without the batch dimension (Keras's; one entry may be −1) */
  constructor(readonly targetShape: readonly number[]) {
    super();
  }

  /** [N, ...] → [N, ...targetShape] (a channels-first [N, C, H, W] when the target is [H, W, C]). */
  forward(x: Tensor): Tensor {
    return scoped([x], () => {
      const n = x.shape[0] as number;
      if (x.ndim === 2 && this.targetShape.length === 1) return x;
      return fromKerasLayout(reshape(toKerasLayout(x), [n, ...this.targetShape]));
    });
  }

  override extraRepr(): string {
    return `target_shape=(${this.targetShape.join(', ')})`;
  }
}

/**
 * Keras `ZeroPadding2D`: zeros around the height and width of [N, C, H, W].
 * @example new tn.models.keras.KerasZeroPadding2D([[0, 1], [0, 1]]).forward(x) // [N, C, 224, 224] → [N, C, 225, 225]
 */
export class KerasZeroPadding2D extends Module {
  /** @param padding - [[top, bottom], [left, right]] */
  constructor(readonly padding: readonly [readonly [number, number], readonly [number, number]]) {
    super();
  }

  /** [N, C, H, W] → [N, C, H + top + bottom, W + left + right]. */
  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new ShapeError('KerasZeroPadding2D', `expected input [N, C, H, W], found ${formatShape(x.shape)}`);
    const [[top, bottom], [left, right]] = this.padding;
    return pad(x, [left, right, top, bottom]);
  }

  override extraRepr(): string {
    return `padding=((${this.padding[0].join(', ')}), (${this.padding[1].join(', ')}))`;
  }
}
