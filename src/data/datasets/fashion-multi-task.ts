/** Fashion-MNIST as three tasks on the same image (Node.js only): class, coarse group, mean intensity. */
import { dispose, fromTypedArray, type Tensor } from '../../tensor/index.js';
import { dropLabels, zeroUnlabelled } from '../drop-labels.js';
import type { MultiTaskSet } from '../multi-task-set.js';
import { meanStd, type Standardization } from '../standardization.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DEBIAN_DIR, fashionMnist } from './image-sets.js';

/** The coarse groups of `fashionMultiTask`'s `group` task, in label order. */
export const FASHION_GROUPS: readonly string[] = ['top', 'footwear', 'other'];

/**
 * The group of each Fashion-MNIST class (index = class label, value = index into `FASHION_GROUPS`):
 * top = T-shirt/top, pullover, coat, shirt; footwear = sandal, sneaker, ankle boot; other = trouser, dress, bag.
 */
export const FASHION_GROUP_OF: readonly number[] = [0, 2, 0, 2, 0, 1, 0, 1, 2, 1];

/** Options of `fashionMultiTask`. */
export interface FashionMultiTaskOptions {
  /** `'train'` (60000 images, default) or `'test'` (10000). */
  readonly split?: 'train' | 'test';
  /** Fraction in [0, 1] of each named task's labels to drop (mask 0), e.g. `{group: 0.3}`. */
  readonly missing?: Readonly<Partial<Record<'label' | 'group' | 'intensity', number>>>;
  /** Seed of the choice of missing labels (default 0). */
  readonly seed?: number;
  /** Images as rows `[N, 784]` instead of `[N, 1, 28, 28]` (default false). */
  readonly flat?: boolean;
  /** Folder with the IDX files (default: Debian's `/usr/share/datasets/fashion-mnist`). */
  readonly dir?: string;
}

/** What `fashionMultiTask` returns: tasks `label`, `group`, `intensity`. */
export interface FashionMultiTaskSet extends MultiTaskSet {
  /** Images, float32 in [0, 1], `[N, 1, 28, 28]` (`[N, 784]` with `flat`). */
  readonly x: Tensor;
  /** The training split's statistics of the mean intensity (`intensity` target = (value − mean) / std). */
  readonly intensity: Standardization;
}

const trainStatistics = new Map<string, Standardization>();

/** The mean intensity (mean pixel value in [0, 1]) of each 784-pixel image. */
function meanIntensities(pixels: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let p = i * 784; p < (i + 1) * 784; p++) sum += pixels[p] as number;
    out[i] = sum / 784;
  }
  return out;
}

async function trainIntensityStatistics(dir: string): Promise<Standardization> {
  const known = trainStatistics.get(dir);
  if (known !== undefined) return known;
  const train = await fashionMnist({ split: 'train', dir });
  try {
    const statistics = meanStd(meanIntensities(await train.x.data(), train.x.shape[0] as number));
    trainStatistics.set(dir, statistics);
    return statistics;
  } finally {
    dispose(train);
  }
}

/**
 * Fashion-MNIST with three tasks on each image: `label` (the 10 classes, int32 `[N]`), `group` (3 coarse groups,
 * int32 `[N]`: top, footwear, other; see `FASHION_GROUP_OF`) and `intensity` (a regression: the image's mean pixel
 * value, standardised with the training split's mean and standard deviation, float32 `[N, 1]`).
 * With `missing`, exactly round(fraction · N) labels of each named task are dropped, chosen by `seed` (see
 * `dropLabels`): their mask is 0 and their target a placeholder 0. `masks` holds a float32 `[N]` mask for each
 * task named in `missing` only. The test split loads the training split once per process for the statistics.
 * Shapes: x float32 `[N, 1, 28, 28]` in [0, 1] (`[N, 784]` with `flat`); N = 60000 train, 10000 test.
 * @param options - split ('train'), missing, seed (0), flat (false), dir
 * @throws StateError explaining how to get Fashion-MNIST when its files are missing; ValueError for a bad `missing`.
 * @example
 * const train = await tn.data.datasets.fashionMultiTask({split: 'train', missing: {group: 0.3}, seed: 0});
 * train.masks?.group; // float32 [60000], 18000 zeros
 */
export async function fashionMultiTask(options: FashionMultiTaskOptions = {}): Promise<FashionMultiTaskSet> {
  const dir = options.dir ?? FASHION_MNIST_DEBIAN_DIR;
  const images = await fashionMnist({ split: options.split, dir, flat: options.flat });
  const n = images.x.shape[0] as number;
  const labels = Int32Array.from(await images.y.data());
  const values = meanIntensities(await images.x.data(), n);
  if ((options.split ?? 'train') === 'train') trainStatistics.set(dir, meanStd(values));
  const intensity = await trainIntensityStatistics(dir);
  const tasks = ['label', 'group', 'intensity'];
  const masks = dropLabels(options.missing ?? {}, tasks, n, options.seed ?? 0, 'datasets.fashionMultiTask');
  const target = {
    label: labels,
    group: Int32Array.from(labels, (c) => FASHION_GROUP_OF[c] as number),
    intensity: Float32Array.from(values, (v) => (v - intensity.mean) / intensity.std),
  };
  for (const [task, mask] of Object.entries(masks)) zeroUnlabelled(target[task as keyof typeof target], mask);
  images.y.dispose();
  return {
    tasks,
    x: images.x,
    targets: {
      label: fromTypedArray(target.label, [n], 'int32'),
      group: fromTypedArray(target.group, [n], 'int32'),
      intensity: fromTypedArray(target.intensity, [n, 1], 'float32'),
    },
    ...(Object.keys(masks).length > 0 ? { masks: Object.fromEntries(Object.entries(masks).map(([t, m]) => [t, fromTypedArray(m, [n], 'float32')])) } : {}),
    classes: { label: [...FASHION_MNIST_CLASSES], group: [...FASHION_GROUPS], intensity: [] },
    intensity,
  };
}
