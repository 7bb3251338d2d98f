/** Starting coefficients for a linear classifier taken from another fitted one, matched by class label. */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';

/** What a warm start needs from the source model: its labels and fitted coefficients. */
export interface LinearSource {
  /** The source's class labels, sorted (column order of its coefficients). */
  readonly classes: readonly number[];
  /** Coefficients [1, F] (two classes: the positive class `classes[1]` against `classes[0]`) or [K, F]. */
  readonly coef: Tensor | null;
  /** Intercepts [1] or [K]. */
  readonly intercept: Tensor | null;
}

/** Starting coefficients [k·f] (row-major) and intercepts [k]. */
export interface LinearStart {
  readonly coef: Float64Array;
  readonly intercept: Float64Array;
}

/** Each of the source's classes as a [f] row and an intercept: with one row, class 0 is the zero row. */
function rowsByClass(source: LinearSource, f: number): Map<number, [Float64Array, number]> {
  const coef = Float64Array.from((source.coef as Tensor).dataSync());
  const intercept = Float64Array.from((source.intercept as Tensor).dataSync());
  const rows = new Map<number, [Float64Array, number]>();
  if (coef.length === f) {
    rows.set(source.classes[0] as number, [new Float64Array(f), 0]);
    rows.set(source.classes[1] as number, [coef, intercept[0] ?? 0]);
  } else {
    source.classes.forEach((c, i) => rows.set(c, [coef.subarray(i * f, (i + 1) * f), intercept[i] ?? 0]));
  }
  return rows;
}

/**
 * Coefficients for a model over `classes` from a fitted `source`, matched by label. Several classes: each class's
 * row is the source's row for that label (zero for a label the source lacks). Two classes: the row is the source's
 * row of the positive class minus that of the negative one (a softmax over two classes is a logistic model with that
 * difference), so a binary start may come from a multinomial source holding both labels.
 * @param source - a fitted linear classifier (LogisticRegression)
 * @param classes - the sorted labels of the model to start
 * @param f - its number of features
 * @param op - the caller, for error messages
 * @throws ValueError when the source is not fitted or shares too few labels; ShapeError when its feature count differs
 * @example const start = tn.estimators.linearStartFrom(digitsModel, [3, 8], 64, 'fit');
 */
export function linearStartFrom(source: LinearSource, classes: readonly number[], f: number, op: string): LinearStart {
  if (source.coef === null || source.intercept === null) throw new ValueError(op, 'the init model is not fitted yet (fit it first)');
  const sourceF = source.coef.shape[1];
  if (source.coef.ndim !== 2 || sourceF !== f) {
    throw new ShapeError(op, `the init model has coefficients ${formatShape(source.coef.shape)} (${sourceF} features), the data has ${f} features`);
  }
  const rows = rowsByClass(source, f);
  const shared = classes.filter((c) => rows.has(c));
  const binary = classes.length === 2;
  if (binary ? shared.length < 2 : shared.length === 0) {
    throw new ValueError(op, `the init model's classes [${source.classes.join(', ')}] ${binary ? 'must include both' : 'share none'} of the data's classes [${classes.join(', ')}]`);
  }
  if (binary) {
    const [negative, negativeB] = rows.get(classes[0] as number) as [Float64Array, number];
    const [positive, positiveB] = rows.get(classes[1] as number) as [Float64Array, number];
    return { coef: positive.map((v, j) => v - (negative[j] as number)), intercept: Float64Array.of(positiveB - negativeB) };
  }
  const coef = new Float64Array(classes.length * f);
  const intercept = new Float64Array(classes.length);
  classes.forEach((c, i) => {
    const row = rows.get(c);
    if (row === undefined) return;
    coef.set(row[0], i * f);
    intercept[i] = row[1];
  });
  return { coef, intercept };
}
