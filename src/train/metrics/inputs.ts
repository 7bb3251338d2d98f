/**
 * Reading metric inputs: tensors, typed arrays, plain arrays of numbers or booleans, and
 * nested `[N][C]` arrays all become a float64 matrix view (`values`, `rows`, `cols`).
 */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';

/**
 * What the metric functions accept: a tensor, a typed array, an array of numbers or booleans
 * (one value per sample), or a nested array of rows (`[N][C]` scores or multi-output targets).
 */
export type MetricInput =
  | Tensor
  | ArrayLike<number>
  | readonly boolean[]
  | readonly (readonly number[])[]
  | readonly ArrayLike<number>[];

/** A metric input read into host memory: row-major float64 values of shape [rows] or [rows, cols]. */
export interface Matrix {
  /** Row-major values. */
  readonly values: Float64Array;
  /** Number of samples. */
  readonly rows: number;
  /** Values per sample (1 for a vector). */
  readonly cols: number;
  /** 1 for a vector [N], 2 for a matrix [N, C]. */
  readonly ndim: 1 | 2;
  /** True when the source held float32 values (a float32 tensor, a Float32Array, or rows of Float32Arrays). */
  readonly float32: boolean;
}

/**
 * Read `x` as a vector [N] or a matrix [N, C].
 * @param x - the input
 * @param name - its parameter name, for errors (`yTrue`, `scores` ...)
 * @param op - the calling function, for errors
 * @throws ShapeError for rank 0 or rank > 2 inputs and ragged nested arrays.
 */
export function readMatrix(x: MetricInput, name: string, op: string): Matrix {
  if (x instanceof Tensor) {
    const shape = x.shape;
    if (shape.length !== 1 && shape.length !== 2) {
      throw new ShapeError(op, `${name} must be a vector [N] or a matrix [N,C], found shape ${formatShape(shape)}`);
    }
    const data = x.dataSync();
    const values = data instanceof Float64Array ? data : Float64Array.from(data);
    const rows = shape[0] as number;
    const cols = shape.length === 2 ? (shape[1] as number) : 1;
    return { values, rows, cols, ndim: shape.length === 2 ? 2 : 1, float32: x.dtype === 'float32' };
  }
  if (typeof x !== 'object' || x === null || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new ValueError(op, `${name} must be a tensor or an array, found ${x === null ? 'null' : typeof x}`);
  }
  const list = x as ArrayLike<unknown>;
  const rows = list.length;
  const first = rows > 0 ? list[0] : undefined;
  if (first !== undefined && first !== null && typeof first === 'object') {
    const cols = (first as ArrayLike<unknown>).length;
    const values = new Float64Array(rows * cols);
    let float32 = true;
    for (let i = 0; i < rows; i++) {
      const row = list[i] as ArrayLike<unknown> | null | undefined;
      if (row === null || typeof row !== 'object' || row.length !== cols) {
        const found = row !== null && typeof row === 'object' ? `length ${row.length}` : typeof row;
        throw new ShapeError(op, `${name} is a ragged nested array: row ${i} should have length ${cols}, found ${found}`);
      }
      if (!(row instanceof Float32Array)) float32 = false;
      for (let j = 0; j < cols; j++) values[i * cols + j] = toNumber(row[j], name, `[${i},${j}]`, op);
    }
    return { values, rows, cols, ndim: 2, float32 };
  }
  const values = new Float64Array(rows);
  for (let i = 0; i < rows; i++) values[i] = toNumber(list[i], name, `[${i}]`, op);
  return { values, rows, cols: 1, ndim: 1, float32: x instanceof Float32Array };
}

function toNumber(v: unknown, name: string, where: string, op: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new ValueError(op, `${name} must hold numbers or booleans, found ${typeof v} at ${where}`);
}

/**
 * Throw unless every value is finite (scikit-learn rejects NaN and infinity the same way).
 * @throws ValueError `rocAucScore: scores contains NaN at index 3`
 */
export function assertAllFinite(m: Matrix, name: string, op: string): void {
  const v = m.values;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (!Number.isFinite(x)) throw new ValueError(op, `${name} contains ${x} at index ${i}`);
  }
}

/**
 * Read class labels: a vector [N] (or [N,1]) of integers; booleans count as 0/1.
 * @throws ValueError for non-integer values, ShapeError for a matrix with more than one column.
 */
export function readLabels(x: MetricInput, name: string, op: string): Float64Array {
  const m = readMatrix(x, name, op);
  if (m.ndim === 2 && m.cols !== 1) {
    throw new ShapeError(op, `${name} must be a vector of class labels [N], found shape [${m.rows},${m.cols}]`);
  }
  const v = m.values;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (!Number.isInteger(x)) {
      throw new ValueError(op, `${name} must hold integer class labels, found ${x} at index ${i}`);
    }
  }
  return v;
}

/** Options for turning predictions into labels. */
export interface PredictionOptions {
  /**
   * Turn scores of a single output (a vector [N] or [N,1]) into labels: `score > threshold ? 1 : 0`
   * (0.5 for probabilities, 0 for logits). Without it a vector must already hold integer labels.
   */
  readonly threshold?: number;
}

/** Index of the largest value of row `i` (the first one on ties, as `argmax` in NumPy and PyTorch). */
export function argmaxRow(values: Float64Array, i: number, cols: number): number {
  let best = 0;
  let bestValue = values[i * cols] as number;
  for (let j = 1; j < cols; j++) {
    const v = values[i * cols + j] as number;
    if (v > bestValue || (Number.isNaN(v) && !Number.isNaN(bestValue))) {
      best = j;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Read predictions as class labels: integer labels [N]; scores [N,C] with C ≥ 2 → argmax per row;
 * a single score per sample ([N] or [N,1]) with `threshold` → `score > threshold ? 1 : 0`.
 * @throws ValueError for non-integer labels without a threshold, and for [N,1] scores without one.
 */
export function readPredictedLabels(x: MetricInput, name: string, op: string, options: PredictionOptions = {}): Float64Array {
  const m = readMatrix(x, name, op);
  const threshold = options.threshold;
  if (threshold !== undefined && !Number.isFinite(threshold)) {
    throw new ValueError(op, `threshold must be a finite number, found ${threshold}`);
  }
  if (m.ndim === 2 && m.cols >= 2) {
    if (threshold !== undefined) {
      throw new ValueError(op, `threshold applies to one score per sample, but ${name} has shape [${m.rows},${m.cols}] (argmax is used)`);
    }
    const out = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) out[i] = argmaxRow(m.values, i, m.cols);
    return out;
  }
  if (m.ndim === 2 && m.cols === 0) {
    throw new ShapeError(op, `${name} has shape [${m.rows},0]: no classes to choose from`);
  }
  const v = m.values;
  if (threshold !== undefined) {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) > threshold ? 1 : 0;
    return out;
  }
  if (m.ndim === 2) {
    throw new ValueError(op, `${name} has shape [${m.rows},1]: one score per sample needs {threshold} (0.5 for probabilities, 0 for logits)`);
  }
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (!Number.isInteger(x)) {
      throw new ValueError(op, `${name} must hold integer class labels, found ${x} at index ${i}; pass {threshold} to turn scores into labels`);
    }
  }
  return v;
}

/** @throws ShapeError `accuracy: yTrue and yPred have different numbers of samples: 4 vs 5` */
export function assertSameLength(a: number, b: number, names: string, op: string): void {
  if (a !== b) throw new ShapeError(op, `${names} have different numbers of samples: ${a} vs ${b}`);
}

/** Sorted distinct values of one or more label vectors. */
export function uniqueSorted(...arrays: Float64Array[]): number[] {
  const set = new Set<number>();
  for (const a of arrays) for (let i = 0; i < a.length; i++) set.add(a[i] as number);
  return [...set].sort((p, q) => p - q);
}
