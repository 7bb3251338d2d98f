/** Images of a RunRecord (numbers from 0 to maxValue) as 8-bit PNG pixels. */
import { ValueError } from '../core/index.js';
import type { ImageRecord } from './run-record.js';
import type { PngImage } from './png.js';

/**
 * Quantise an ImageRecord to 8-bit pixels: round(255 · clamp(v / maxValue, 0, 1)); NaN becomes 0.
 * @throws ValueError when the number of pixel values is not height × width × channels.
 * @example toPngImage({width: 2, height: 1, pixels: [0, 1]}).data // Uint8Array [0, 255]
 */
export function toPngImage(image: ImageRecord): PngImage {
  const channels = image.channels ?? 1;
  const max = image.maxValue ?? 1;
  const n = image.width * image.height * channels;
  if (image.pixels.length !== n) {
    throw new ValueError('toPngImage', `expected ${image.height}×${image.width}×${channels} = ${n} pixel values, found ${image.pixels.length}`);
  }
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = image.pixels[i]! / max;
    data[i] = v > 0 ? Math.round(255 * Math.min(1, v)) : 0;
  }
  return { width: image.width, height: image.height, channels, data };
}
