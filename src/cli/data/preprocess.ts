/**
 * How a model's inputs are prepared, stored with its checkpoint so that `tasknet eval` and `predict` prepare new
 * data the same way: image shape, or tabular feature names with the training rows' means and deviations.
 */
import { fromTypedArray, type Tensor } from '../../tensor/index.js';
import { CliError, EXIT } from '../errors.js';

/** Images `[C, H, W]` with values in [0, 1]. */
export interface ImagePreprocess {
  readonly kind: 'image';
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/** Rows of numeric features, standardised with the training rows' statistics. */
export interface TabularPreprocess {
  readonly kind: 'tabular';
  /** Feature names in column order. */
  readonly features: readonly string[];
  /** The training rows' mean of each feature. */
  readonly mean: readonly number[];
  /** The training rows' standard deviation of each feature (1 where it is 0). */
  readonly std: readonly number[];
  /** The label column of CSV files, when the data came from one. */
  readonly target?: string;
}

/** Either preparation. */
export type Preprocess = ImagePreprocess | TabularPreprocess;

/** The per-feature mean and standard deviation of rows `[N, F]` (std 1 for constant features). */
export function fitStandardization(x: Tensor, features: readonly string[], target?: string): TabularPreprocess {
  const [n, f] = x.shape as [number, number];
  const v = x.dataSync();
  const mean = new Array<number>(f).fill(0);
  const sq = new Array<number>(f).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) mean[j]! += v[i * f + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) sq[j]! += (v[i * f + j]! - mean[j]!) ** 2 / n;
  return { kind: 'tabular', features, mean, std: sq.map((s) => (s > 0 ? Math.sqrt(s) : 1)), ...(target !== undefined ? { target } : {}) };
}

/** Standardise rows `[N, F]` with stored statistics (a new tensor). */
export function standardize(x: Tensor, p: TabularPreprocess): Tensor {
  const [n, f] = x.shape as [number, number];
  if (f !== p.features.length) {
    throw new CliError(`expected ${p.features.length} features (${p.features.join(', ')}), found ${f}`, EXIT.failure);
  }
  const v = x.dataSync();
  const out = new Float32Array(n * f);
  for (let i = 0; i < n; i++) for (let j = 0; j < f; j++) out[i * f + j] = (v[i * f + j]! - p.mean[j]!) / p.std[j]!;
  return fromTypedArray(out, [n, f], 'float32');
}

/** The input shape of one example. */
export function inputShape(p: Preprocess): number[] {
  return p.kind === 'image' ? [p.channels, p.height, p.width] : [p.features.length];
}

/** Number of input values per example. */
export function inputSize(p: Preprocess): number {
  return inputShape(p).reduce((a, b) => a * b, 1);
}
