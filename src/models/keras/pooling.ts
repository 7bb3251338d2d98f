/**
 * Keras pooling: MaxPooling2D and AveragePooling2D with 'valid' or TensorFlow 'same' padding (the average leaves
 * padded cells out of the divisor, as TensorFlow), and GlobalAveragePooling2D / GlobalMaxPooling2D.
 */
import { Module } from '../../nn/index.js';
import { avgPool2d, div, max, maxPool2d, mean, pad } from '../../ops/index.js';
import { scoped, tensor, type Tensor } from '../../tensor/index.js';
import { samePadding, padSame } from './same-padding.js';

/** How many of a window's taps fall inside the input, per output cell of one dimension. */
function insideCounts(size: number, kernel: number, stride: number, before: number, outSize: number): number[] {
  return Array.from({ length: outSize }, (_, o) => {
    const start = o * stride - before;
    return Math.min(start + kernel, size) - Math.max(start, 0);
  });
}

/**
 * Keras `MaxPooling2D` / `AveragePooling2D` on [N, C, H, W].
 * @example new tn.models.keras.KerasPooling2D('avg', [3, 3], [1, 1], 'same').forward(x) // [N, C, H, W] → same size
 */
export class KerasPooling2D extends Module {
  /**
   * @param mode - `'max'` or `'avg'`
   * @param poolSize - [ph, pw]
   * @param strides - [sh, sw]
   * @param padding - `'valid'` or `'same'` (TensorFlow's)
   */
  constructor(
    readonly mode: 'max' | 'avg', readonly poolSize: readonly [number, number], readonly strides: readonly [number, number],
    readonly padding: 'valid' | 'same',
  ) {
    super();
  }

  /** [N, C, H, W] → [N, C, H', W']. */
  forward(x: Tensor): Tensor {
    return scoped([x], () => {
      const stride = this.strides;
      if (this.padding === 'valid') {
        return this.mode === 'max' ? maxPool2d(x, this.poolSize, { stride }) : avgPool2d(x, this.poolSize, { stride });
      }
      if (this.mode === 'max') {
        const { input, symmetric } = padSame(x, this.poolSize, stride, [1, 1], -Infinity);
        return maxPool2d(input, this.poolSize, { stride, padding: symmetric });
      }
      return this.averageSame(x);
    });
  }

  /** 'same' average: zero-padded window sums divided by the number of taps inside the input. */
  private averageSame(x: Tensor): Tensor {
    const [h, w] = [x.shape[2] as number, x.shape[3] as number];
    const [kh, kw] = this.poolSize;
    const [sh, sw] = this.strides;
    const [top, bottom] = samePadding(h, kh, sh, 1);
    const [left, right] = samePadding(w, kw, sw, 1);
    const sums = avgPool2d(pad(x, [left, right, top, bottom]), this.poolSize, { stride: this.strides });
    const rows = insideCounts(h, kh, sh, top, sums.shape[2] as number);
    const cols = insideCounts(w, kw, sw, left, sums.shape[3] as number);
    const counts = new Float32Array(rows.length * cols.length);
    rows.forEach((r, i) => cols.forEach((c, j) => { counts[i * cols.length + j] = (r * c) / (kh * kw); }));
    return div(sums, tensor(counts, { shape: [rows.length, cols.length] }));
  }

  override extraRepr(): string {
    return `${this.mode}, pool_size=(${this.poolSize.join(', ')}), strides=(${this.strides.join(', ')}), padding=${this.padding}`;
  }
}

/**
 * Keras `GlobalAveragePooling2D` / `GlobalMaxPooling2D`: the mean or max over H and W.
 * @example new tn.models.keras.KerasGlobalPooling2D('avg').forward(features) // [N, 1280, 7, 7] → [N, 1280]
 */
export class KerasGlobalPooling2D extends Module {
  /**
   * @param mode - `'avg'` or `'max'`
   * @param keepDims - keep H and W as size-1 dimensions (Keras `keepdims`, default false)
   */
  constructor(readonly mode: 'avg' | 'max', readonly keepDims = false) {
    super();
  }

  /** [N, C, H, W] → [N, C] (or [N, C, 1, 1] with keepDims). */
  forward(x: Tensor): Tensor {
    return this.mode === 'avg' ? mean(x, [2, 3], this.keepDims) : max(x, [2, 3], this.keepDims);
  }

  override extraRepr(): string {
    return `${this.mode}${this.keepDims ? ', keepdims=True' : ''}`;
  }
}
