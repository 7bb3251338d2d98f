/** overlayPair: two square images overlaid with an offset on a larger canvas, then resized (MultiMNIST). */
import { ValueError } from '../core/index.js';

/** Options of `overlayPair`; the defaults are Sener & Koltun's MultiMNIST construction for 28×28 images. */
export interface OverlayOptions {
  /** Side of the square canvas (default 36). */
  readonly canvas?: number;
  /** Rows and columns the right image is shifted down and right from the top-left corner (default 6). */
  readonly offset?: number;
  /** Side of the result (default 28). */
  readonly outSize?: number;
}

/**
 * Overlay two `size`×`size` images (MultiMNIST, Sener & Koltun 2018, as in their released code): on a zero
 * `canvas`×`canvas` canvas the left image is placed at the top-left corner and the right image `offset` rows
 * and columns further down and right; where they overlap the canvas takes the pixel-wise maximum. The canvas is
 * then resized to `outSize`×`outSize` by nearest neighbour at pixel centres, out[i][j] =
 * canvas[⌊(i + ½)·canvas/outSize⌋][⌊(j + ½)·canvas/outSize⌋] (PIL's NEAREST, which their `scipy.misc.imresize`
 * call used). Requires size + offset ≤ canvas.
 * Shapes: left, right `[size·size]` row-major → `[outSize·outSize]`.
 * @param left - the top-left image, row-major
 * @param right - the bottom-right image, row-major
 * @param size - side of both images
 * @param options - canvas (36), offset (6), outSize (28)
 * @param out - where to write the result (default a new Float32Array)
 * @throws ValueError when the images are not `size`×`size` or do not fit on the canvas.
 * @example
 * // 2×2 images on a 3×3 canvas, shifted by 1, no resize: the overlapping pixel takes the maximum
 * tn.data.overlayPair([1, 0, 0, 2], [3, 0, 0, 4], 2, {canvas: 3, offset: 1, outSize: 3});
 * // Float32Array [1, 0, 0,  0, 3, 0,  0, 0, 4]
 */
export function overlayPair(left: ArrayLike<number>, right: ArrayLike<number>, size: number, options: OverlayOptions = {},
  out = new Float32Array((options.outSize ?? 28) ** 2)): Float32Array {
  const canvas = options.canvas ?? 36;
  const offset = options.offset ?? 6;
  const outSize = options.outSize ?? 28;
  checkGeometry(left.length, right.length, size, canvas, offset, outSize, out.length);
  for (let i = 0; i < outSize; i++) {
    const r = Math.floor((i + 0.5) * canvas / outSize);
    for (let j = 0; j < outSize; j++) {
      const c = Math.floor((j + 0.5) * canvas / outSize);
      const a = r < size && c < size ? left[r * size + c] as number : 0;
      const rr = r - offset;
      const rc = c - offset;
      const b = rr >= 0 && rc >= 0 && rr < size && rc < size ? right[rr * size + rc] as number : 0;
      out[i * outSize + j] = Math.max(a, b);
    }
  }
  return out;
}

function checkGeometry(leftLength: number, rightLength: number, size: number, canvas: number, offset: number, outSize: number, outLength: number): void {
  for (const [name, value] of [['size', size], ['canvas', canvas], ['outSize', outSize]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ValueError('overlayPair', `${name} must be a positive integer, found ${value}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || size + offset > canvas) {
    throw new ValueError('overlayPair', `expected an integer offset with 0 ≤ offset and size + offset ≤ canvas (${size} + offset ≤ ${canvas}), found offset ${offset}`);
  }
  if (leftLength !== size * size || rightLength !== size * size) {
    throw new ValueError('overlayPair', `expected two images of ${size}×${size} = ${size * size} pixels, found ${leftLength} (left) and ${rightLength} (right)`);
  }
  if (outLength !== outSize * outSize) {
    throw new ValueError('overlayPair', `expected an output array of ${outSize}×${outSize} = ${outSize * outSize} values, found ${outLength}`);
  }
}
