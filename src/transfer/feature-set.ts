/** FeatureSet: extracted features with their labels, ready for `tn.train.fit`. */
import { formatShape, ShapeError } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';
import { DataLoader, TensorDataset, type DataLoaderOptions } from '../data/index.js';

/** Where a FeatureSet's tensors came from. */
export type FeatureSource = 'extracted' | 'disk';

/**
 * Features `x` [N, ...] and labels `y` [N, ...] of N samples, held in memory: train a head on them with
 * `tn.train.fit(head, {train: set.loader({batchSize: 128, shuffle: true}), ...})`. It owns its two tensors
 * (`dispose()` frees them).
 * @example
 * const set = await tn.transfer.extractFeatures(tn.transfer.backbone(cnn), loader);
 * await tn.train.fit(head, {train: set.loader({batchSize: 256, shuffle: true, seed: 0}), loss: tn.crossEntropy, optimizer});
 */
export class FeatureSet {
  /**
   * @param x - features [N, ...]
   * @param y - labels [N, ...]
   * @param source - `'extracted'` (computed by the extractor) or `'disk'` (read from a cache file)
   * @throws ShapeError when x and y differ in their first dimension
   */
  constructor(readonly x: Tensor, readonly y: Tensor, readonly source: FeatureSource = 'extracted') {
    if (x.ndim === 0 || y.ndim === 0 || x.shape[0] !== y.shape[0]) {
      throw new ShapeError('FeatureSet', `features and labels must have the same first dimension, found ${formatShape(x.shape)} and ${formatShape(y.shape)}`);
    }
  }

  /** Number of samples N. */
  get length(): number {
    return this.x.shape[0] as number;
  }

  /** The samples as a `TensorDataset` of `[x, y]` rows (sharing this set's tensors). */
  dataset(): TensorDataset<[Tensor, Tensor]> {
    return new TensorDataset(this.x, this.y);
  }

  /**
   * A DataLoader of `[x, y]` batches over this set (each batch a new pair of tensors that `fit` disposes).
   * @param options - batchSize, shuffle, seed …, as for `tn.data.DataLoader`
   * @example set.loader({batchSize: 128, shuffle: true, seed: 0})
   */
  loader(options: DataLoaderOptions<[Tensor, Tensor], [Tensor, Tensor]> = {}): DataLoader<[Tensor, Tensor], [Tensor, Tensor]> {
    return new DataLoader(this.dataset(), options);
  }

  /** Free the features and labels. */
  dispose(): void {
    this.x.dispose();
    this.y.dispose();
  }
}
