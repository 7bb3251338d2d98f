/** Confusion matrix, and the class-label sets shared by the classification metrics. */
import { ValueError } from '../../core/index.js';
import {
  assertSameLength, readLabels, readPredictedLabels, uniqueSorted, type MetricInput, type PredictionOptions,
} from './inputs.js';

/** Which classes a classification metric reports on. */
export interface LabelOptions {
  /** Classes are 0…numClasses−1; a label outside that range is an error. */
  readonly numClasses?: number;
  /**
   * The classes to report on, in this order; samples of other classes are ignored (scikit-learn's `labels`).
   * By default: the sorted classes present in yTrue or yPred.
   */
  readonly labels?: readonly number[];
}

/**
 * @internal The explicit label list of `options` (undefined when neither `numClasses` nor `labels` is given).
 * @throws ValueError for both options at once, a bad `numClasses`, non-integer or repeated labels.
 */
export function explicitLabels(options: LabelOptions, op: string): number[] | undefined {
  const { numClasses, labels } = options;
  if (numClasses !== undefined && labels !== undefined) {
    throw new ValueError(op, 'give either numClasses or labels, not both');
  }
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new ValueError(op, `numClasses must be a positive integer, found ${numClasses}`);
    }
    return Array.from({ length: numClasses }, (_, i) => i);
  }
  if (labels === undefined) return undefined;
  if (labels.length === 0) throw new ValueError(op, 'labels must contain at least one label');
  const seen = new Set<number>();
  for (const label of labels) {
    if (!Number.isInteger(label)) throw new ValueError(op, `labels must be integers, found ${label}`);
    if (seen.has(label)) throw new ValueError(op, `labels must be distinct, found ${label} twice`);
    seen.add(label);
  }
  return [...labels];
}

/** @internal Throw when `numClasses` was given and a label falls outside 0…numClasses−1. */
export function assertLabelsInRange(values: Float64Array, name: string, numClasses: number | undefined, op: string): void {
  if (numClasses === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < 0 || v >= numClasses) {
      throw new ValueError(op, `${name}[${i}] = ${v} is outside the classes 0…${numClasses - 1} (numClasses = ${numClasses})`);
    }
  }
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions extends LabelOptions, PredictionOptions {}

/**
 * Counts of (true class, predicted class) pairs: `C[i][j] = #{n : yₙ = labels[i], ŷₙ = labels[j]}`, rows are
 * true classes, columns predicted ones (scikit-learn `confusion_matrix`).
 * @param yTrue - true class labels [N]
 * @param yPred - predicted labels [N], or scores [N,C] (argmax), or single scores with `{threshold}`
 * @param options - `numClasses` (classes 0…C−1) or `labels` (these classes, in this order; other samples are
 *   ignored); by default the sorted classes present in either input
 * @returns a square matrix of counts
 * @example tn.train.confusionMatrix([0, 1, 1], [0, 0, 1], {numClasses: 2}); // [[1, 0], [1, 1]]
 */
export function confusionMatrix(yTrue: MetricInput, yPred: MetricInput, options: ConfusionMatrixOptions = {}): number[][] {
  const op = 'confusionMatrix';
  const t = readLabels(yTrue, 'yTrue', op);
  const p = readPredictedLabels(yPred, 'yPred', op, options);
  assertSameLength(t.length, p.length, 'yTrue and yPred', op);
  const explicit = explicitLabels(options, op);
  assertLabelsInRange(t, 'yTrue', options.numClasses, op);
  assertLabelsInRange(p, 'yPred', options.numClasses, op);
  const labels = explicit ?? uniqueSorted(t, p);
  if (options.labels !== undefined && t.length > 0 && !Array.from(t).some((v) => labels.includes(v))) {
    throw new ValueError(op, `none of the labels [${labels.join(', ')}] occurs in yTrue`);
  }
  const index = new Map(labels.map((label, i) => [label, i]));
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let n = 0; n < t.length; n++) {
    const i = index.get(t[n] as number);
    const j = index.get(p[n] as number);
    if (i !== undefined && j !== undefined) (matrix[i] as number[])[j] = ((matrix[i] as number[])[j] as number) + 1;
  }
  return matrix;
}
