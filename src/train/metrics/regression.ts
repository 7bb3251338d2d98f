/** Regression metrics: mean squared error, mean absolute error, R². */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { assertAllFinite, readMatrix, type Matrix, type MetricInput } from './inputs.js';

/** How the scores of several outputs (targets [N,K]) are combined. */
export type MultiOutput = 'uniform_average' | 'raw_values';

/** Options of the regression metrics. */
export interface RegressionOptions {
  /** `'uniform_average'` (default): the mean of the per-output scores; `'raw_values'`: one score per output. */
  readonly multioutput?: MultiOutput;
}

/** Options of {@link r2Score}, which can also weight outputs by the variance of their targets. */
export interface R2Options {
  /** As {@link RegressionOptions}, plus `'variance_weighted'`: outputs weighted by Σᵢ(yᵢ − ȳ)². */
  readonly multioutput?: MultiOutput | 'variance_weighted';
}

/** @internal Read targets and predictions of the same shape ([N] and [N,1] are interchangeable). */
export function readPair(yTrue: MetricInput, yPred: MetricInput, op: string): [Matrix, Matrix] {
  const t = readMatrix(yTrue, 'yTrue', op);
  const p = readMatrix(yPred, 'yPred', op);
  if (t.rows !== p.rows || t.cols !== p.cols) {
    const shape = (m: Matrix): string => formatShape(m.ndim === 1 ? [m.rows] : [m.rows, m.cols]);
    throw new ShapeError(op, `yTrue and yPred must have the same shape, found ${shape(t)} and ${shape(p)}`);
  }
  assertAllFinite(t, 'yTrue', op);
  assertAllFinite(p, 'yPred', op);
  return [t, p];
}

function checkMultiOutput(value: string | undefined, allowed: readonly string[], op: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new ValueError(op, `multioutput must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, found ${String(value)}`);
  }
}

function perOutput(t: Matrix, p: Matrix, f: (d: number) => number): number[] {
  const sums = new Array<number>(t.cols).fill(0);
  for (let i = 0; i < t.rows; i++) {
    for (let j = 0; j < t.cols; j++) {
      const k = i * t.cols + j;
      sums[j] = (sums[j] as number) + f((t.values[k] as number) - (p.values[k] as number));
    }
  }
  return sums.map((s) => s / t.rows);
}

function combine(scores: number[], multioutput: MultiOutput | undefined): number | number[] {
  if (multioutput === 'raw_values') return scores;
  return scores.reduce((s, x) => s + x, 0) / scores.length;
}

/**
 * Mean squared error `(1/N) Σᵢ (yᵢ − ŷᵢ)²`, per output then averaged (scikit-learn `mean_squared_error`).
 * @param yTrue - targets [N] or [N,K]
 * @param yPred - predictions of the same shape
 * @example tn.train.meanSquaredError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.375
 */
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput, options: { readonly multioutput: 'raw_values' }): number[];
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput, options?: { readonly multioutput?: 'uniform_average' }): number;
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput, options?: RegressionOptions): number | number[];
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput, options: RegressionOptions = {}): number | number[] {
  const op = 'meanSquaredError';
  checkMultiOutput(options.multioutput, ['uniform_average', 'raw_values'], op);
  const [t, p] = readPair(yTrue, yPred, op);
  return combine(perOutput(t, p, (d) => d * d), options.multioutput);
}

/**
 * Mean absolute error `(1/N) Σᵢ |yᵢ − ŷᵢ|`, per output then averaged (scikit-learn `mean_absolute_error`).
 * @param yTrue - targets [N] or [N,K]
 * @param yPred - predictions of the same shape
 * @example tn.train.meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.5
 */
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput, options: { readonly multioutput: 'raw_values' }): number[];
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput, options?: { readonly multioutput?: 'uniform_average' }): number;
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput, options?: RegressionOptions): number | number[];
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput, options: RegressionOptions = {}): number | number[] {
  const op = 'meanAbsoluteError';
  checkMultiOutput(options.multioutput, ['uniform_average', 'raw_values'], op);
  const [t, p] = readPair(yTrue, yPred, op);
  return combine(perOutput(t, p, Math.abs), options.multioutput);
}

/**
 * Coefficient of determination `R² = 1 − Σᵢ(yᵢ − ŷᵢ)² / Σᵢ(yᵢ − ȳ)²` per output (scikit-learn `r2_score`).
 * A constant target gives 1 when predicted exactly and 0 otherwise; fewer than two samples give NaN.
 * @param yTrue - targets [N] or [N,K]
 * @param yPred - predictions of the same shape
 * @param options - `multioutput`: `'uniform_average'` (default), `'raw_values'` or `'variance_weighted'`
 * @example tn.train.r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]); // 0.9486…
 */
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options: { readonly multioutput: 'raw_values' }): number[];
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options?: { readonly multioutput?: 'uniform_average' | 'variance_weighted' }): number;
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options?: R2Options): number | number[];
export function r2Score(yTrue: MetricInput, yPred: MetricInput, options: R2Options = {}): number | number[] {
  const op = 'r2Score';
  checkMultiOutput(options.multioutput, ['uniform_average', 'raw_values', 'variance_weighted'], op);
  const [t, p] = readPair(yTrue, yPred, op);
  const { rows, cols } = t;
  if (rows < 2) return options.multioutput === 'raw_values' ? new Array<number>(cols).fill(NaN) : NaN;
  const means = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) means[j] = (means[j] as number) + (t.values[i * cols + j] as number);
  for (let j = 0; j < cols; j++) means[j] = (means[j] as number) / rows;
  const num = new Array<number>(cols).fill(0);
  const den = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const y = t.values[i * cols + j] as number;
      const e = y - (p.values[i * cols + j] as number);
      const d = y - (means[j] as number);
      num[j] = (num[j] as number) + e * e;
      den[j] = (den[j] as number) + d * d;
    }
  }
  const scores = num.map((n, j) => {
    const d = den[j] as number;
    if (n === 0) return 1;
    return d === 0 ? 0 : 1 - n / d;
  });
  if (options.multioutput === 'variance_weighted') {
    const total = den.reduce((s, x) => s + x, 0);
    if (total === 0) return combine(scores, 'uniform_average');
    return scores.reduce((s, x, j) => s + x * (den[j] as number), 0) / total;
  }
  return combine(scores, options.multioutput);
}
