/**
 * Image transforms (torchvision names): functions from tensor to tensor, composed with `compose`. Random ones draw
 * from a `Generator` passed in, or from the global one (`tn.manualSeed`). A transform never disposes its input.
 */
import { formatShape, Generator, globalGenerator, ShapeError, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, tidy, Tensor } from '../tensor/index.js';
import { concat, div, narrow, pad, slice, sub, take, where } from '../ops/index.js';

/** A transform: a function from a tensor to a new tensor. */
export type Transform = (x: Tensor) => Tensor;

/**
 * Chain transforms left to right; intermediate results are disposed. The first function may take something other
 * than a tensor (e.g. `toTensor` takes bytes).
 * @param first - the first transform
 * @param rest - the transforms applied after it, in order
 * @example
 * const augment = tn.data.compose(tn.data.randomCrop(32, {padding: 4}), tn.data.randomHorizontalFlip(),
 *   tn.data.normalize([0.49, 0.48, 0.45], [0.25, 0.24, 0.26]));
 */
export function compose<I = Tensor>(first: (x: I) => Tensor, ...rest: Transform[]): (x: I) => Tensor {
  return (input: I) => {
    let current = first(input);
    for (const transform of rest) {
      const next = transform(current);
      if (next !== current && (current as unknown) !== input) current.dispose();
      current = next;
    }
    return current;
  };
}

function channelsOf(x: Tensor): number {
  if (x.ndim < 3) return 1;
  return x.shape[x.ndim - 3] as number;
}

/**
 * Per-channel standardisation `(x − mean[c]) / std[c]` (torchvision `Normalize`).
 * Shapes: `[C, H, W]` or `[N, C, H, W]` with C = mean.length (or any shape when mean and std have one value).
 * @param mean - per-channel means (or one value for all)
 * @param std - per-channel standard deviations, non-zero
 * @throws ShapeError when the channel count differs from mean.length; ValueError for a zero std.
 * @example tn.data.normalize([0.1307], [0.3081])(images) // MNIST
 */
export function normalize(mean: readonly number[], std: readonly number[]): Transform {
  if (mean.length !== std.length || mean.length === 0) {
    throw new ValueError('normalize', `mean and std must be non-empty and of one length, found ${mean.length} and ${std.length}`);
  }
  if (std.some((s) => s === 0 || !Number.isFinite(s))) throw new ValueError('normalize', `std must be finite and non-zero, found [${std.join(', ')}]`);
  return (x) => noGrad(() => tidy(() => {
    const c = mean.length;
    if (c > 1 && channelsOf(x) !== c) {
      throw new ShapeError('normalize', `expected ${c} channels at dimension -3, found shape ${formatShape(x.shape)}`);
    }
    const shape = c > 1 ? [c, 1, 1] : [];
    const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
    const m = fromTypedArray(dtype === 'float64' ? Float64Array.from(mean) : Float32Array.from(mean), shape, dtype);
    const s = fromTypedArray(dtype === 'float64' ? Float64Array.from(std) : Float32Array.from(std), shape, dtype);
    return div(sub(x, m), s);
  }));
}

/** Options of `randomCrop`. */
export interface RandomCropOptions {
  /** Padding added on every side before cropping (one number), or `[leftRight, topBottom]` (default 0). */
  readonly padding?: number | readonly [number, number];
  /** Value of the padding (default 0). */
  readonly fill?: number;
  /** Source of randomness (default: the global generator). */
  readonly generator?: Generator;
}

function pairOf(value: number | readonly number[], name: string, op: string): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : [...value];
  if (pair.length !== 2 || pair.some((v) => !Number.isInteger(v) || v < 0)) {
    throw new ValueError(op, `${name} must be a non-negative integer or a pair of them, found ${String(value)}`);
  }
  return pair as [number, number];
}

function cropAt(x: Tensor, top: number, left: number, h: number, w: number): Tensor {
  return slice(slice(x, -2, top, top + h), -1, left, left + w);
}

/**
 * Crop a random `size` window, after optional padding (torchvision `RandomCrop`). A batch gets one window per
 * sample.
 * Shapes: `[H, W]`, `[C, H, W]` → `[..., h, w]`; `[N, C, H, W]` → `[N, C, h, w]`.
 * @param size - output height and width (one number for a square)
 * @param options - padding, fill, generator
 * @throws ShapeError when the (padded) image is smaller than `size`.
 * @example tn.data.randomCrop(32, {padding: 4, generator: new tn.Generator(0)})(image) // CIFAR augmentation
 */
export function randomCrop(size: number | readonly [number, number], options: RandomCropOptions = {}): Transform {
  const [h, w] = pairOf(size, 'size', 'randomCrop');
  const [padW, padH] = pairOf(options.padding ?? 0, 'padding', 'randomCrop');
  return (x) => noGrad(() => tidy(() => {
    if (x.ndim < 2) throw new ShapeError('randomCrop', `expected an image [..., H, W], found ${formatShape(x.shape)}`);
    const g = options.generator ?? globalGenerator;
    const padded = padW + padH > 0 ? pad(x, [padW, padW, padH, padH], options.fill ?? 0) : x;
    const height = padded.shape[padded.ndim - 2] as number;
    const width = padded.shape[padded.ndim - 1] as number;
    if (height < h || width < w) {
      throw new ShapeError('randomCrop', `crop size [${h}, ${w}] is larger than the (padded) image ${formatShape(padded.shape)}`);
    }
    if (x.ndim < 4) return cropAt(padded, g.integers(0, height - h + 1), g.integers(0, width - w + 1), h, w);
    const n = x.shape[0] as number;
    const crops = Array.from({ length: n }, (_, i) =>
      cropAt(narrow(padded, 0, i, 1), g.integers(0, height - h + 1), g.integers(0, width - w + 1), h, w));
    return concat(crops, 0);
  }));
}

/** Options of the random flips. */
export interface RandomFlipOptions {
  /** Source of randomness (default: the global generator). */
  readonly generator?: Generator;
}

function randomFlip(axis: number, p: number, options: RandomFlipOptions, op: string): Transform {
  if (!(p >= 0 && p <= 1)) throw new ValueError(op, `p must be a probability in [0, 1], found ${p}`);
  return (x) => noGrad(() => tidy(() => {
    if (x.ndim < 2) throw new ShapeError(op, `expected an image [..., H, W], found ${formatShape(x.shape)}`);
    const g = options.generator ?? globalGenerator;
    const n = x.shape[x.ndim + axis] as number;
    const flip = (): Tensor => take(x, fromTypedArray(Int32Array.from({ length: n }, (_, i) => n - 1 - i), [n], 'int32'), x.ndim + axis);
    if (x.ndim < 4) return g.uniform() < p ? flip() : x.detach();
    const batch = x.shape[0] as number;
    const mask = Uint8Array.from({ length: batch }, () => (g.uniform() < p ? 1 : 0));
    return where(fromTypedArray(mask, [batch, 1, 1, 1], 'bool'), flip(), x);
  }));
}

/**
 * Mirror the image left–right with probability `p` (torchvision `RandomHorizontalFlip`); a batch `[N, C, H, W]`
 * draws once per sample. Shapes: unchanged.
 * @param p - flip probability (default 0.5)
 * @param options - generator
 * @example tn.data.randomHorizontalFlip(0.5, {generator: new tn.Generator(1)})(image)
 */
export function randomHorizontalFlip(p = 0.5, options: RandomFlipOptions = {}): Transform {
  return randomFlip(-1, p, options, 'randomHorizontalFlip');
}

/**
 * Mirror the image top–bottom with probability `p` (torchvision `RandomVerticalFlip`); per sample in a batch.
 * @param p - flip probability (default 0.5)
 * @param options - generator
 * @example tn.data.randomVerticalFlip(0.5)(image)
 */
export function randomVerticalFlip(p = 0.5, options: RandomFlipOptions = {}): Transform {
  return randomFlip(-2, p, options, 'randomVerticalFlip');
}

/** Image bytes `toTensor` accepts: a typed or plain array with its shape, or an `ImageData`-like object. */
export type ImageInput =
  | Tensor
  | { readonly data: ArrayLike<number>; readonly width: number; readonly height: number }
  | ArrayLike<number>;

/** Options of `toTensor`. */
export interface ToTensorOptions {
  /** Shape of flat bytes: `[H, W, C]` for HWC (default layout), `[C, H, W]` for CHW, or `[H, W]`. */
  readonly shape?: readonly number[];
  /** Memory order of the input: `'HWC'` (PIL, canvas, default) or `'CHW'`. */
  readonly layout?: 'HWC' | 'CHW';
}

/**
 * Bytes in [0, 255] to a float32 image in [0, 1], channels first (torchvision `ToTensor`).
 * Shapes: HWC `[H, W, C]` or CHW `[C, H, W]` (or `[H, W]`, an `ImageData`) → `[C, H, W]`.
 * @param image - bytes with `options.shape`, an `{data, width, height}` object (e.g. `ImageData`, RGBA), or a tensor
 * @param options - shape and layout of flat bytes
 * @throws ShapeError when the byte count does not match the shape.
 * @example tn.data.toTensor(new Uint8Array(28 * 28 * 3), {shape: [28, 28, 3]}) // float32 [3, 28, 28]
 */
export function toTensor(image: ImageInput, options: ToTensorOptions = {}): Tensor {
  let bytes: ArrayLike<number>;
  let shape: number[];
  let layout = options.layout ?? 'HWC';
  if (image instanceof Tensor) {
    bytes = image.dataSync();
    shape = [...(options.shape ?? image.shape)];
  } else if ('width' in image && 'height' in image && 'data' in image) {
    bytes = image.data;
    const channels = image.data.length / (image.width * image.height);
    shape = [image.height, image.width, channels];
    layout = 'HWC';
  } else {
    bytes = image;
    if (options.shape === undefined) throw new ValueError('toTensor', 'flat bytes need options.shape ([H, W, C] or [C, H, W])');
    shape = [...options.shape];
  }
  if (shape.length === 2) shape = layout === 'HWC' ? [...shape, 1] : [1, ...shape];
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length !== 3 || !Number.isInteger(size) || size !== bytes.length) {
    throw new ShapeError('toTensor', `expected ${size} values for shape ${formatShape(shape)} (${layout}), found ${bytes.length}`);
  }
  const [c, hh, ww] = layout === 'HWC' ? [shape[2]!, shape[0]!, shape[1]!] : [shape[0]!, shape[1]!, shape[2]!];
  const out = new Float32Array(size);
  if (layout === 'CHW') {
    for (let i = 0; i < size; i++) out[i] = (bytes[i] as number) / 255;
  } else {
    const plane = hh * ww;
    for (let p = 0; p < plane; p++) {
      for (let k = 0; k < c; k++) out[k * plane + p] = (bytes[p * c + k] as number) / 255;
    }
  }
  return fromTypedArray(out, [c, hh, ww], 'float32');
}
