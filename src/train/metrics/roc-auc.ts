/** Area under the ROC curve: binary, and one-vs-rest for multiclass scores. */
import { ShapeError, ValueError } from '../../core/index.js';
import { assertAllFinite, assertSameLength, readLabels, readMatrix, uniqueSorted, type MetricInput } from './inputs.js';

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /** Multiclass strategy: one-vs-rest (the only one so far). */
  readonly multiClass?: 'ovr';
  /** Multiclass averaging: unweighted mean over classes, or weighted by class prevalence (default 'macro'). */
  readonly average?: 'macro' | 'weighted';
}

/**
 * @internal Binary ROC AUC of `scores[offset + i·stride]` (i < n) against `positive[i]`, computed as
 * scikit-learn does: the ROC curve through every distinct threshold (tied scores form one step, a diagonal
 * segment), collinear points dropped, then the trapezoidal rule. Requires both classes present.
 */
export function binaryAuc(positive: Uint8Array, scores: Float64Array, offset: number, stride: number): number {
  const n = positive.length;
  const order = Array.from({ length: n }, (_, i) => i);
  const score = (i: number): number => scores[offset + i * stride] as number;
  order.sort((a, b) => score(b) - score(a));
  // Cumulative true/false positives at the last index of each run of tied scores.
  const fps: number[] = [];
  const tps: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    tp += positive[i] as number;
    if (k === n - 1 || score(order[k + 1] as number) !== score(i)) {
      tps.push(tp);
      fps.push(k + 1 - tp);
    }
  }
  // Drop points collinear with their neighbours (exact on integer counts), keep the ends.
  const xs = [0];
  const ys = [0];
  for (let k = 0; k < fps.length; k++) {
    const keep = k === 0 || k === fps.length - 1 ||
      (fps[k - 1] as number) - 2 * (fps[k] as number) + (fps[k + 1] as number) !== 0 ||
      (tps[k - 1] as number) - 2 * (tps[k] as number) + (tps[k + 1] as number) !== 0;
    if (keep) {
      xs.push(fps[k] as number);
      ys.push(tps[k] as number);
    }
  }
  const fpTotal = xs[xs.length - 1] as number;
  const tpTotal = ys[ys.length - 1] as number;
  let area = 0;
  for (let k = 1; k < xs.length; k++) {
    const dx = (xs[k] as number) / fpTotal - (xs[k - 1] as number) / fpTotal;
    area += (dx * ((ys[k] as number) / tpTotal + (ys[k - 1] as number) / tpTotal)) / 2;
  }
  return area;
}

/**
 * @internal ROC AUC of label vector `t` against scores (a vector, or a matrix [N,C] with `cols` columns).
 */
export function rocAucFromArrays(
  t: Float64Array, scores: Float64Array, cols: number, matrix: boolean, options: RocAucOptions, op: string,
): number {
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted') {
    throw new ValueError(op, `average must be 'macro' or 'weighted', found ${String(average)}`);
  }
  if (options.multiClass !== undefined && options.multiClass !== 'ovr') {
    throw new ValueError(op, `multiClass must be 'ovr', found ${String(options.multiClass)}`);
  }
  const n = t.length;
  if (!matrix || cols === 1 || cols === 2) {
    const classes = uniqueSorted(t);
    if (classes.length !== 2) {
      if (classes.length > 2) {
        throw new ValueError(op, `yTrue has ${classes.length} classes [${classes.join(', ')}]: multiclass ROC AUC needs scores [N,C]`);
      }
      throw new ValueError(op, `only one class (${classes.join('') || 'none'}) present in yTrue; ROC AUC is not defined in that case`);
    }
    if (cols === 2 && (classes[0] !== 0 || classes[1] !== 1)) {
      throw new ValueError(op, `scores [N,2] need yTrue labels 0 and 1 (column 1 scores class 1), found [${classes.join(', ')}]`);
    }
    const positiveLabel = classes[1] as number;
    const positive = new Uint8Array(n);
    for (let i = 0; i < n; i++) positive[i] = t[i] === positiveLabel ? 1 : 0;
    return binaryAuc(positive, scores, cols === 2 ? 1 : 0, cols);
  }
  const counts = new Array<number>(cols).fill(0);
  for (let i = 0; i < n; i++) {
    const label = t[i] as number;
    if (label < 0 || label >= cols) {
      throw new ValueError(op, `yTrue[${i}] = ${label} is not a class index of scores with ${cols} columns`);
    }
    counts[label] = (counts[label] as number) + 1;
  }
  const missing = counts.flatMap((c, k) => (c === 0 ? [k] : []));
  if (missing.length > 0) {
    throw new ValueError(op, `one-vs-rest ROC AUC needs every class in yTrue, but class${missing.length > 1 ? 'es' : ''} ` +
      `${missing.join(', ')} of ${cols} never occur${missing.length > 1 ? '' : 's'}`);
  }
  let num = 0;
  let den = 0;
  const positive = new Uint8Array(n);
  for (let c = 0; c < cols; c++) {
    for (let i = 0; i < n; i++) positive[i] = t[i] === c ? 1 : 0;
    const auc = binaryAuc(positive, scores, c, cols);
    const w = average === 'weighted' ? (counts[c] as number) : 1;
    num += w * auc;
    den += w;
  }
  return num / den;
}

/**
 * Area under the receiver operating characteristic curve (scikit-learn `roc_auc_score`):
 * `AUC = ∫₀¹ TPR d(FPR)` by the trapezoidal rule over every distinct threshold, which equals the probability
 * that a random positive scores above a random negative, ties counting ½ (the Mann–Whitney U / (n₊·n₋)).
 *
 * Binary: `scores` is a vector [N] (or [N,2], whose column 1 is used) and the larger of the two labels in
 * `yTrue` is the positive class. Multiclass (scores [N,C], C > 2, labels 0…C−1, every class present): the
 * one-vs-rest AUC of each column, averaged (`'macro'`) or weighted by class prevalence (`'weighted'`).
 * scikit-learn also insists that multiclass scores are probabilities summing to 1; here any scores are
 * accepted (logits give a different, still well-defined, one-vs-rest AUC than their softmax).
 * @example
 * tn.train.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 */
export function rocAucScore(yTrue: MetricInput, scores: MetricInput, options: RocAucOptions = {}): number {
  const op = 'rocAucScore';
  const t = readLabels(yTrue, 'yTrue', op);
  const s = readMatrix(scores, 'scores', op);
  assertSameLength(t.length, s.rows, 'yTrue and scores', op);
  if (s.ndim === 2 && s.cols === 0) throw new ShapeError(op, `scores has shape [${s.rows},0]`);
  assertAllFinite(s, 'scores', op);
  return rocAucFromArrays(t, s.values, s.cols, s.ndim === 2, options, op);
}
