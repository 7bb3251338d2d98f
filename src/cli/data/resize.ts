/** Bilinear image resizing for data sets whose images are another size than the model's input. */
import { fromTypedArray, type Tensor } from '../../tensor/index.js';

/** Bilinear resize (half-pixel centres, as PyTorch's `align_corners=False`) of one `h × w` plane into `out`. */
function resizePlane(src: Float32Array, h: number, w: number, out: Float32Array, outH: number, outW: number, outStride: number, offset: number): void {
  for (let i = 0; i < outH; i++) {
    const sy = Math.min(Math.max((i + 0.5) * (h / outH) - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const wy = sy - y0;
    for (let j = 0; j < outW; j++) {
      const sx = Math.min(Math.max((j + 0.5) * (w / outW) - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const wx = sx - x0;
      const top = src[y0 * w + x0]! * (1 - wx) + src[y0 * w + x1]! * wx;
      const bottom = src[y1 * w + x0]! * (1 - wx) + src[y1 * w + x1]! * wx;
      out[offset + i * outStride + j] = top * (1 - wy) + bottom * wy;
    }
  }
}

/**
 * Resize images `[N, C, H, W]` to `[N, C, size, size]`. With `box` < `size`, each image is resized to `box × box`
 * and centred on a zero canvas (MNIST's digits fill a 20×20 box of their 28×28 images).
 * @param x - images
 * @param size - output height and width
 * @param box - the resized image's size inside the canvas (default `size`)
 */
export function resizeImages(x: Tensor, size: number, box = size): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const src = x.dataSync() as Float32Array;
  const out = new Float32Array(n * c * size * size);
  const margin = Math.floor((size - box) / 2);
  for (let p = 0; p < n * c; p++) {
    resizePlane(src.subarray(p * h * w, (p + 1) * h * w), h, w, out, box, box, size, p * size * size + margin * size + margin);
  }
  return fromTypedArray(out, [n, c, size, size], 'float32');
}
