/** Standardisation statistics (mean and standard deviation) of a feature or a regression target. */

/** A feature's or regression target's standardisation: z = (value − mean) / std, with training-set statistics. */
export interface Standardization {
  readonly mean: number;
  readonly std: number;
}

/**
 * The mean and population standard deviation of `values` (std 1 when they are constant).
 * @example meanStd([1, 3]); // {mean: 2, std: 1}
 */
export function meanStd(values: ArrayLike<number>): Standardization {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2;
  const std = Math.sqrt(squares / values.length);
  return { mean, std: std > 0 ? std : 1 };
}
