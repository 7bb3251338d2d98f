/**
 * Image files to tensors: `decodeImage` recognises PNG and PGM/PPM by their first bytes, `imageToTensor` turns the
 * decoded pixels into a float32 `[C, H, W]` tensor (grey or RGB, alpha over a background, resized, inverted, scaled).
 * Plain TypeScript: runs in browsers too.
 */
import { ValueError } from '../core/index.js';
import { fromTypedArray, type Tensor } from '../tensor/index.js';
import type { DecodedImage } from './decoded-image.js';
import { DataFormatError } from './errors.js';
import { decodeNetpbm } from './netpbm.js';
import { decodePng, PNG_SIGNATURE } from './png-decode.js';
import { resizePlane } from './resample.js';

const SUPPORTED = 'PNG, PGM (P2, P5) or PPM (P3, P6)';

/** Formats recognised only to name them in the error message. */
function otherFormat(b: Uint8Array): string | undefined {
  const ascii = (at: number, s: string): boolean => [...s].every((ch, i) => b[at + i] === ch.charCodeAt(0));
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'JPEG';
  if (ascii(0, 'GIF8')) return 'GIF';
  if (ascii(0, 'BM')) return 'BMP';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'WebP';
  if (ascii(0, 'II*\0') || ascii(0, 'MM\0*')) return 'TIFF';
  if (ascii(4, 'ftyp')) return 'an ISO media file (HEIC/AVIF/MP4)';
  if (ascii(0, '<svg') || ascii(0, '<?xml')) return 'SVG/XML text';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip data';
  if (ascii(0, 'P1') || ascii(0, 'P4')) return 'PBM (a Netpbm bitmap)';
  if (ascii(0, 'P7')) return 'PAM';
  return undefined;
}

/**
 * Decode an image file, recognising its format by its first bytes: PNG (signature 89 50 4e 47 …, see `decodePng`)
 * or Netpbm PGM/PPM (P2, P3, P5, P6, see `decodeNetpbm`); the file name does not matter.
 * @param bytes - the whole file
 * @param source - the file name for error messages (default `'<bytes>'`)
 * @returns 8-bit pixels, row-major, channels interleaved (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA)
 * @throws DataFormatError for another format (naming it when it is a common one, such as JPEG, and the supported
 * ones) or a corrupt file.
 * @example
 * const image = tn.data.decodeImage(readFileSync('digit.png'), 'digit.png');
 * const x = tn.data.imageToTensor(image, {channels: 1, size: [28, 28], invert: true}); // [1, 28, 28]
 */
export function decodeImage(bytes: Uint8Array, source = '<bytes>'): DecodedImage {
  if (bytes.length >= 4 && PNG_SIGNATURE.slice(0, 4).every((v, i) => bytes[i] === v)) return decodePng(bytes, source);
  if (bytes[0] === 0x50 && [0x32, 0x33, 0x35, 0x36].includes(bytes[1]!)) return decodeNetpbm(bytes, source);
  const other = otherFormat(bytes);
  const found = other !== undefined ? `${other}, which is not supported (convert it to PNG)`
    : bytes.length === 0 ? 'an empty file'
      : `unrecognised data starting ${Array.from(bytes.subarray(0, 8), (v) => v.toString(16).padStart(2, '0')).join(' ')}`;
  throw new DataFormatError('decodeImage', { file: source, offset: 0 }, `expected an image file: ${SUPPORTED}; found ${found}`);
}

/** Options of `imageToTensor`. */
export interface ImageToTensorOptions {
  /** Output channels: 1 (grey) or 3 (RGB). Default: 1 for a grey image (with or without alpha), else 3. */
  readonly channels?: 1 | 3;
  /** Resize to `[height, width]` with Pillow's bilinear rule (averaging when shrinking). Default: keep the size. */
  readonly size?: readonly [number, number];
  /** `'unit'`: values in [0, 1] (byte / 255, as `toTensor`); `'byte'`: values in [0, 255]. Default `'unit'`. */
  readonly scale?: 'unit' | 'byte';
  /** Replace v by 255 − v (before scaling): dark strokes on white become MNIST's white on black. Default false. */
  readonly invert?: boolean;
  /** Grey level 0 to 255 that transparent pixels are composited over (before `invert`). Default 255 (white). */
  readonly background?: number;
}

function checkOptions(image: DecodedImage, options: ImageToTensorOptions): void {
  const op = 'imageToTensor';
  const { width, height, channels, data } = image;
  if (![1, 2, 3, 4].includes(channels) || !Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ValueError(op, `expected an image of positive integer size with 1 to 4 channels, found ${width}×${height}×${channels}`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * channels) {
    const found = data instanceof Uint8Array ? `${data.length} bytes` : typeof data;
    throw new ValueError(op, `expected ${width}×${height}×${channels} = ${width * height * channels} bytes of pixels, found ${found}`);
  }
  if (options.channels !== undefined && options.channels !== 1 && options.channels !== 3) {
    throw new ValueError(op, `channels must be 1 or 3, found ${String(options.channels)}`);
  }
  const size = options.size;
  if (size !== undefined && (size.length !== 2 || size.some((v) => !Number.isInteger(v) || v < 1))) {
    throw new ValueError(op, `size must be [height, width], two positive integers, found [${String(size)}]`);
  }
  if (options.scale !== undefined && options.scale !== 'unit' && options.scale !== 'byte') {
    throw new ValueError(op, `scale must be 'unit' or 'byte', found '${String(options.scale)}'`);
  }
  const bg = options.background;
  if (bg !== undefined && !(typeof bg === 'number' && bg >= 0 && bg <= 255)) {
    throw new ValueError(op, `background must be a grey level from 0 to 255, found ${String(bg)}`);
  }
}

/**
 * A decoded image as a float32 tensor `[C, H, W]`, ready for a model. In order: alpha (if any) is composited over
 * `background` (v·α + background·(1 − α), α = alpha / 255); colour becomes grey by luminance
 * 0.299 R + 0.587 G + 0.114 B (ITU-R 601, as Pillow's `convert('L')`, but not rounded) or grey is repeated into R, G,
 * B; the image is resized to `size` (see `ImageToTensorOptions.size`); `invert` maps v to 255 − v; `'unit'` divides by
 * 255.
 * @param image - pixels from `decodeImage`, `decodePng` or `decodeNetpbm`
 * @param options - output channels, size, scale, inversion, background
 * @returns float32 `[C, H, W]` (C = 1 or 3)
 * @throws ValueError for an inconsistent image or an invalid option.
 * @example
 * // a user's drawing of a digit (black on white) for an MNIST model
 * const x = tn.data.imageToTensor(tn.data.decodeImage(bytes, 'digit.png'), {channels: 1, size: [28, 28], invert: true});
 * const logits = model.forward(x.reshape([1, 1, 28, 28]));
 */
export function imageToTensor(image: DecodedImage, options: ImageToTensorOptions = {}): Tensor {
  checkOptions(image, options);
  const { width, height, channels: inC, data } = image;
  const hasAlpha = inC === 2 || inC === 4;
  const colour = inC >= 3;
  const outC = options.channels ?? (colour ? 3 : 1);
  const background = options.background ?? 255;
  const n = width * height;
  const planes = Array.from({ length: outC }, () => new Float32Array(n));
  for (let i = 0; i < n; i++) {
    const p = i * inC;
    const alpha = hasAlpha ? data[p + inC - 1]! / 255 : 1;
    const over = (v: number): number => (alpha === 1 ? v : v * alpha + background * (1 - alpha));
    if (colour) {
      const r = over(data[p]!);
      const g = over(data[p + 1]!);
      const b = over(data[p + 2]!);
      if (outC === 1) planes[0]![i] = 0.299 * r + 0.587 * g + 0.114 * b;
      else [planes[0]![i], planes[1]![i], planes[2]![i]] = [r, g, b];
    } else {
      const v = over(data[p]!);
      for (const plane of planes) plane[i] = v;
    }
  }
  const [outH, outW] = options.size ?? [height, width];
  const invert = options.invert === true;
  const unit = (options.scale ?? 'unit') === 'unit';
  const out = new Float32Array(outC * outH * outW);
  planes.forEach((plane, c) => {
    const resized = outH === height && outW === width ? plane : resizePlane(plane, height, width, outH, outW);
    const o = c * outH * outW;
    for (let i = 0; i < resized.length; i++) {
      const r = Math.min(255, Math.max(0, resized[i]!)); // resizing mixes values convexly: this only trims rounding
      const v = invert ? 255 - r : r;
      out[o + i] = unit ? v / 255 : v;
    }
  });
  return fromTypedArray(out, [outC, outH, outW], 'float32');
}
