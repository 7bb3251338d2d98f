/** Feature scalers with scikit-learn's fit/transform API: StandardScaler and MinMaxScaler. */
import { formatShape, isFloatDType, ShapeError, StateError, ValueError, type DType } from '../core/index.js';
import { dispose, keep, noGrad, tidy, type Tensor } from '../tensor/index.js';
import { add, cast, div, eq, lt, max, mean, min, mul, sqrt, sub, variance, where } from '../ops/index.js';

const EPS64 = 2.220446049250313e-16;

function checkInput(x: Tensor, features: number | undefined, op: string): void {
  if (x.ndim !== 2) throw new ShapeError(op, `expected a 2-D tensor [samples, features], found ${formatShape(x.shape)}`);
  if (features !== undefined && x.shape[1] !== features) {
    throw new ShapeError(op, `expected ${features} features (as seen by fit), found ${formatShape(x.shape)}`);
  }
}

function floatOf(x: Tensor): DType {
  return isFloatDType(x.dtype) ? x.dtype : 'float32';
}

/** Options of `StandardScaler`. */
export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  readonly withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  readonly withStd?: boolean;
}

/**
 * Standardise features: z = (x − mean) / scale (scikit-learn `StandardScaler`). The statistics are computed in
 * float64 with the population variance (divide by N); constant columns get scale 1, so they map to 0.
 * Shapes: x `[N, F]`; mean, variance, scale `[F]`.
 * The scaler owns its statistic tensors (kept out of enclosing `tidy` scopes); `dispose()` frees them.
 * @example
 * const scaler = new tn.data.StandardScaler();
 * const xTrainZ = scaler.fitTransform(xTrain);
 * const xTestZ = scaler.transform(xTest);
 */
export class StandardScaler {
  /** Per-feature mean seen by `fit` (zeros with `withMean: false`). */
  mean: Tensor | undefined;
  /** Per-feature population variance seen by `fit`. */
  variance: Tensor | undefined;
  /** Per-feature divisor: √variance, 1 for constant columns (ones with `withStd: false`). */
  scale: Tensor | undefined;
  /** Rows seen by `fit`. */
  nSamplesSeen = 0;
  private readonly withMean: boolean;
  private readonly withStd: boolean;

  /** @param options - withMean (true), withStd (true) */
  constructor(options: StandardScalerOptions = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  /**
   * Compute the per-feature mean and standard deviation of `x`.
   * @throws ShapeError when x is not 2-D; ValueError when it has no rows.
   */
  fit(x: Tensor): this {
    checkInput(x, undefined, 'StandardScaler.fit');
    if (x.shape[0] === 0) throw new ValueError('StandardScaler.fit', 'expected at least one sample, found 0 rows');
    this.dispose();
    const dtype = floatOf(x);
    const stats = noGrad(() => tidy(() => {
      const x64 = cast(x, 'float64');
      const m = this.withMean ? mean(x64, 0) : mul(mean(x64, 0), 0);
      const v = variance(x64, 0, false, 0);
      const s = this.withStd ? where(lt(v, 10 * EPS64), 1, sqrt(v)) : add(mul(v, 0), 1);
      return [cast(m, dtype), cast(v, dtype), cast(s, dtype)];
    }));
    [this.mean, this.variance, this.scale] = stats.map(keep);
    this.nSamplesSeen = x.shape[0] as number;
    return this;
  }

  /** Standardise `x` with the fitted statistics. @throws StateError before `fit`; ShapeError on a feature mismatch. */
  transform(x: Tensor): Tensor {
    const [m, s] = this.fitted('transform');
    checkInput(x, m.shape[0], 'StandardScaler.transform');
    return noGrad(() => tidy(() => div(sub(cast(x, floatOf(x)), m), s)));
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** Undo `transform`: x = z·scale + mean. */
  inverseTransform(z: Tensor): Tensor {
    const [m, s] = this.fitted('inverseTransform');
    checkInput(z, m.shape[0], 'StandardScaler.inverseTransform');
    return noGrad(() => tidy(() => add(mul(cast(z, floatOf(z)), s), m)));
  }

  /** Free the statistic tensors (the scaler must be fitted again before use). */
  dispose(): void {
    dispose([this.mean, this.variance, this.scale]);
    this.mean = this.variance = this.scale = undefined;
  }

  private fitted(op: string): [Tensor, Tensor] {
    if (this.mean === undefined || this.scale === undefined) throw new StateError(`StandardScaler.${op}`, 'the scaler is not fitted; call fit(x) first');
    return [this.mean, this.scale];
  }
}

/**
 * Rescale each feature to `featureRange` (scikit-learn `MinMaxScaler`): x' = x·scale + min with
 * scale = (hi − lo) / (dataMax − dataMin) and min = lo − dataMin·scale; constant columns get range 1.
 * Shapes: x `[N, F]`; dataMin, dataMax, scale, min `[F]`. `dispose()` frees the fitted tensors.
 * @example
 * const scaler = new tn.data.MinMaxScaler([-1, 1]);
 * const x01 = scaler.fitTransform(x);
 */
export class MinMaxScaler {
  /** Per-feature minimum seen by `fit`. */
  dataMin: Tensor | undefined;
  /** Per-feature maximum seen by `fit`. */
  dataMax: Tensor | undefined;
  /** Per-feature multiplier. */
  scale: Tensor | undefined;
  /** Per-feature offset added after scaling (scikit-learn `min_`). */
  min: Tensor | undefined;

  /**
   * @param featureRange - the target interval [lo, hi], lo < hi (default [0, 1])
   * @param options - clip: clamp transformed values to the range (default false)
   * @throws ValueError when lo ≥ hi.
   */
  constructor(readonly featureRange: readonly [number, number] = [0, 1], readonly options: { readonly clip?: boolean } = {}) {
    if (!(featureRange[0] < featureRange[1])) {
      throw new ValueError('MinMaxScaler', `featureRange must satisfy lo < hi, found [${featureRange.join(', ')}]`);
    }
  }

  /** Compute the per-feature minimum and maximum of `x`. @throws ShapeError when x is not 2-D. */
  fit(x: Tensor): this {
    checkInput(x, undefined, 'MinMaxScaler.fit');
    if (x.shape[0] === 0) throw new ValueError('MinMaxScaler.fit', 'expected at least one sample, found 0 rows');
    this.dispose();
    const [lo, hi] = this.featureRange;
    const dtype = floatOf(x);
    const stats = noGrad(() => tidy(() => {
      const x64 = cast(x, 'float64');
      const dMin = min(x64, 0);
      const dMax = max(x64, 0);
      const range = sub(dMax, dMin);
      const scale = div(hi - lo, where(eq(range, 0), 1, range));
      const offset = sub(lo, mul(dMin, scale));
      return [dMin, dMax, scale, offset].map((t) => cast(t, dtype));
    }));
    [this.dataMin, this.dataMax, this.scale, this.min] = stats.map(keep);
    return this;
  }

  /** Rescale `x` with the fitted range. @throws StateError before `fit`. */
  transform(x: Tensor): Tensor {
    const [s, m] = this.fitted('transform');
    checkInput(x, s.shape[0], 'MinMaxScaler.transform');
    return noGrad(() => tidy(() => {
      const y = add(mul(cast(x, floatOf(x)), s), m);
      if (this.options.clip !== true) return y;
      const [lo, hi] = this.featureRange;
      return where(lt(y, lo), lo, where(lt(hi, y), hi, y));
    }));
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform(x: Tensor): Tensor {
    return this.fit(x).transform(x);
  }

  /** Undo `transform`: x = (x' − min) / scale. */
  inverseTransform(z: Tensor): Tensor {
    const [s, m] = this.fitted('inverseTransform');
    checkInput(z, s.shape[0], 'MinMaxScaler.inverseTransform');
    return noGrad(() => tidy(() => div(sub(cast(z, floatOf(z)), m), s)));
  }

  /** Free the fitted tensors. */
  dispose(): void {
    dispose([this.dataMin, this.dataMax, this.scale, this.min]);
    this.dataMin = this.dataMax = this.scale = this.min = undefined;
  }

  private fitted(op: string): [Tensor, Tensor] {
    if (this.scale === undefined || this.min === undefined) throw new StateError(`MinMaxScaler.${op}`, 'the scaler is not fitted; call fit(x) first');
    return [this.scale, this.min];
  }
}
