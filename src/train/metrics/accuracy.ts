/** Accuracy and top-k accuracy. */
import { ShapeError, ValueError } from '../../core/index.js';
import {
  assertAllFinite, assertSameLength, readLabels, readMatrix, readPredictedLabels, type MetricInput, type PredictionOptions,
} from './inputs.js';

/**
 * Fraction of samples whose predicted label equals the true label: `(1/N) Σᵢ [ŷᵢ = yᵢ]`
 * (scikit-learn `accuracy_score`). NaN when there are no samples.
 * @param yTrue - true class labels [N] (integers; booleans count as 0/1)
 * @param yPred - predicted labels [N], or scores [N,C] (logits or probabilities: the argmax is taken),
 *   or one score per sample with `{threshold}`
 * @param options - `threshold` turns single scores into labels (`score > threshold`)
 * @example
 * tn.train.accuracy([0, 1, 2, 1], [0, 2, 2, 1]);                 // 0.75
 * tn.train.accuracy(labels, logits);                             // logits [N,C] → argmax
 * tn.train.accuracy([0, 1], [0.2, 0.9], {threshold: 0.5});       // 1
 */
export function accuracy(yTrue: MetricInput, yPred: MetricInput, options: PredictionOptions = {}): number {
  const t = readLabels(yTrue, 'yTrue', 'accuracy');
  const p = readPredictedLabels(yPred, 'yPred', 'accuracy', options);
  assertSameLength(t.length, p.length, 'yTrue and yPred', 'accuracy');
  return countCorrect(t, p) / t.length;
}

/** @internal Number of equal positions of two label vectors of the same length. */
export function countCorrect(t: Float64Array, p: Float64Array): number {
  let correct = 0;
  for (let i = 0; i < t.length; i++) if (t[i] === p[i]) correct++;
  return correct;
}

/**
 * @internal Whether true class `label` is among the `k` best scores of row `i` of `scores` [N,C]:
 * `#{j : sⱼ > s_y} + #{j < y : sⱼ = s_y} < k` (ties go to the lower class index).
 */
export function inTopK(scores: Float64Array, i: number, cols: number, label: number, k: number): boolean {
  const s = scores[i * cols + label] as number;
  let better = 0;
  for (let j = 0; j < cols; j++) {
    const v = scores[i * cols + j] as number;
    if (v > s || (v === s && j < label)) better++;
  }
  return better < k;
}

/**
 * @internal Validate top-k inputs and return the number of samples whose true label is in the top k.
 */
export function countTopK(yTrue: MetricInput, scores: MetricInput, k: number, op: string): { correct: number; total: number } {
  if (!Number.isInteger(k) || k < 1) throw new ValueError(op, `k must be a positive integer, found ${k}`);
  const t = readLabels(yTrue, 'yTrue', op);
  const s = readMatrix(scores, 'scores', op);
  if (s.ndim !== 2) throw new ShapeError(op, `scores must be a matrix [N,C] of class scores, found a vector of length ${s.rows}`);
  assertSameLength(t.length, s.rows, 'yTrue and scores', op);
  assertAllFinite(s, 'scores', op);
  let correct = 0;
  for (let i = 0; i < t.length; i++) {
    const label = t[i] as number;
    if (label < 0 || label >= s.cols) {
      throw new ValueError(op, `yTrue[${i}] = ${label} is not a class index of scores with ${s.cols} columns`);
    }
    if (inTopK(s.values, i, s.cols, label, k)) correct++;
  }
  return { correct, total: t.length };
}

/**
 * Fraction of samples whose true class is among the `k` highest scores:
 * `(1/N) Σᵢ [rank of s_{i,yᵢ} among s_{i,·} ≤ k]` (scikit-learn `top_k_accuracy_score`).
 * Ties are broken in favour of the lower class index; `k ≥ C` gives 1.
 * @param yTrue - true class indices [N] in 0…C−1
 * @param scores - class scores [N,C] (logits or probabilities)
 * @param k - how many of the best classes count as a hit (a positive integer)
 * @example tn.train.topKAccuracy([2, 0], [[0.1, 0.5, 0.4], [0.2, 0.3, 0.5]], 2); // 0.5
 */
export function topKAccuracy(yTrue: MetricInput, scores: MetricInput, k: number): number {
  const { correct, total } = countTopK(yTrue, scores, k, 'topKAccuracy');
  return correct / total;
}
