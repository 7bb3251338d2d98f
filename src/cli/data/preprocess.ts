/**
 * How a model's inputs are prepared, stored with its checkpoint so that `tasknet eval` and `predict` prepare new
 * data the same way: image shape, or tabular feature names with the training rows' means and deviations.
 */
import { dispose, noGrad, tensor, type Tensor } from '../../tensor/index.js';
import { div, sub } from '../../ops/index.js';
import { StandardScaler } from '../../data/index.js';
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

/** The training rows' per-feature mean and standard deviation (`StandardScaler`'s), as plain numbers for the checkpoint. */
export function fitStandardization(x: Tensor, features: readonly string[], target?: string): TabularPreprocess {
  const scaler = new StandardScaler().fit(x);
  const mean = Array.from(scaler.mean!.dataSync());
  const std = Array.from(scaler.scale!.dataSync());
  scaler.dispose();
  return { kind: 'tabular', features, mean, std, ...(target !== undefined ? { target } : {}) };
}

/** Standardise rows `[N, F]` with stored statistics (a new tensor). */
export function standardize(x: Tensor, p: TabularPreprocess): Tensor {
  const f = x.shape[1];
  if (x.ndim !== 2 || f !== p.features.length) {
    throw new CliError(`expected ${p.features.length} features (${p.features.join(', ')}), found ${f ?? 0}`, EXIT.failure);
  }
  const mean = tensor(Float32Array.from(p.mean));
  const std = tensor(Float32Array.from(p.std));
  const out = noGrad(() => div(sub(x, mean), std));
  dispose([mean, std]);
  return out;
}

/** The input shape of one example. */
export function inputShape(p: Preprocess): number[] {
  return p.kind === 'image' ? [p.channels, p.height, p.width] : [p.features.length];
}

/** Number of input values per example. */
export function inputSize(p: Preprocess): number {
  return inputShape(p).reduce((a, b) => a * b, 1);
}
