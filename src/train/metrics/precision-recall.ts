/** Precision, recall, F-scores and support, per class or averaged, with scikit-learn's semantics. */
import { ValueError } from '../../core/index.js';
import { assertLabelsInRange, explicitLabels, type LabelOptions } from './confusion-matrix.js';
import { assertSameLength, readLabels, readPredictedLabels, type MetricInput, type PredictionOptions } from './inputs.js';

/**
 * How per-class scores are combined: `'binary'` reports the class `posLabel` only; `'macro'` is the unweighted
 * mean over classes; `'micro'` pools the counts of all classes first; `'weighted'` weights each class by its
 * support (number of true samples).
 */
export type Average = 'binary' | 'macro' | 'micro' | 'weighted';

/** Options of {@link precisionRecallFscoreSupport} and the single-score functions. */
export interface PrecisionRecallOptions extends LabelOptions, PredictionOptions {
  /** How to combine classes; `null` returns one value per class. */
  readonly average?: Average | null;
  /** The positive class when `average` is `'binary'` (default 1). */
  readonly posLabel?: number;
  /** Weight of recall in the F-score: `F_β = (1+β²)·P·R / (β²·P + R)` (default 1). */
  readonly beta?: number;
  /** The value of a ratio whose denominator is 0 (scikit-learn's default 'warn' gives 0, silently here). */
  readonly zeroDivision?: 0 | 1;
}

/** Averaged scores. */
export interface PrecisionRecallFscore {
  readonly precision: number;
  readonly recall: number;
  readonly fScore: number;
  /** Number of true samples of the classes reported on (scikit-learn returns None here). */
  readonly support: number;
}

/** Per-class scores, aligned with `labels`. */
export interface PerClassPrecisionRecallFscore {
  readonly labels: number[];
  readonly precision: number[];
  readonly recall: number[];
  readonly fScore: number[];
  /** Number of true samples of each class. */
  readonly support: number[];
}

const AVERAGES: readonly (Average | null)[] = ['binary', 'macro', 'micro', 'weighted', null];

/**
 * @internal Per-class counts of true positives, predictions and true samples, accumulated sample by sample
 * (so a streaming metric can keep them across batches instead of the predictions).
 */
export class LabelCounts {
  readonly tp = new Map<number, number>();
  readonly predicted = new Map<number, number>();
  readonly actual = new Map<number, number>();

  /** Count the pairs (t[i], p[i]). */
  add(t: Float64Array, p: Float64Array): void {
    for (let i = 0; i < t.length; i++) {
      const a = t[i] as number;
      const b = p[i] as number;
      this.actual.set(a, (this.actual.get(a) ?? 0) + 1);
      this.predicted.set(b, (this.predicted.get(b) ?? 0) + 1);
      if (a === b) this.tp.set(a, (this.tp.get(a) ?? 0) + 1);
    }
  }

  /** Classes seen in either vector, sorted. */
  present(): number[] {
    const set = new Set([...this.actual.keys(), ...this.predicted.keys()]);
    return [...set].sort((x, y) => x - y);
  }

  clear(): void {
    this.tp.clear();
    this.predicted.clear();
    this.actual.clear();
  }
}

function validateOptions(options: PrecisionRecallOptions, op: string): void {
  const { average, beta, zeroDivision, posLabel } = options;
  if (average !== undefined && !AVERAGES.includes(average)) {
    throw new ValueError(op, `average must be one of 'binary', 'macro', 'micro', 'weighted' or null, found ${String(average)}`);
  }
  if (beta !== undefined && (Number.isNaN(beta) || beta < 0)) throw new ValueError(op, `beta must be >= 0, found ${beta}`);
  if (zeroDivision !== undefined && zeroDivision !== 0 && zeroDivision !== 1) {
    throw new ValueError(op, `zeroDivision must be 0 or 1, found ${String(zeroDivision)}`);
  }
  if (posLabel !== undefined && !Number.isInteger(posLabel)) {
    throw new ValueError(op, `posLabel must be an integer, found ${posLabel}`);
  }
}

function divide(num: number, den: number, zero: number): number {
  return den === 0 ? zero : num / den;
}

function fScoreOf(p: number, r: number, beta: number): number {
  if (beta === Infinity) return r;
  const b2 = beta * beta;
  const den = b2 * p + r;
  return ((1 + b2) * p * r) / (den === 0 ? 1 : den);
}

function weightedAverage(values: number[], weights: number[] | undefined): number {
  if (values.length === 0) return NaN;
  let num = 0;
  let den = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] as number);
    num += w * (values[i] as number);
    den += w;
  }
  return num / den;
}

/**
 * @internal Precision, recall, F-score and support from per-class counts, exactly as scikit-learn's
 * `precision_recall_fscore_support` (labels, averaging, binary checks, zero division).
 */
export function scoresFromCounts(
  counts: LabelCounts, options: PrecisionRecallOptions, op: string, defaultAverage: Average | null,
): PrecisionRecallFscore | PerClassPrecisionRecallFscore {
  validateOptions(options, op);
  const average = options.average === undefined ? defaultAverage : options.average;
  const beta = options.beta ?? 1;
  const zero = options.zeroDivision ?? 0;
  const present = counts.present();
  let labels = explicitLabels(options, op) ?? present;
  if (average === 'binary') {
    const posLabel = options.posLabel ?? 1;
    if (present.length > 2) {
      throw new ValueError(op, `the targets have ${present.length} classes [${present.join(', ')}] but average='binary'; ` +
        "choose 'macro', 'micro', 'weighted' or null");
    }
    if (!present.includes(posLabel) && present.length === 2) {
      throw new ValueError(op, `posLabel=${posLabel} is not a valid label; it should be one of [${present.join(', ')}]`);
    }
    labels = [posLabel];
  }
  let tp = labels.map((l) => counts.tp.get(l) ?? 0);
  let predSum = labels.map((l) => counts.predicted.get(l) ?? 0);
  let trueSum = labels.map((l) => counts.actual.get(l) ?? 0);
  if (average === 'micro') {
    const total = (a: number[]): number[] => [a.reduce((s, x) => s + x, 0)];
    tp = total(tp);
    predSum = total(predSum);
    trueSum = total(trueSum);
  }
  const precision = tp.map((x, i) => divide(x, predSum[i] as number, zero));
  const recall = tp.map((x, i) => divide(x, trueSum[i] as number, zero));
  const fScore = precision.map((p, i) => fScoreOf(p, recall[i] as number, beta));
  if (average === null) return { labels, precision, recall, fScore, support: trueSum };
  const support = trueSum.reduce((s, x) => s + x, 0);
  let weights: number[] | undefined;
  if (average === 'weighted') {
    if (support === 0) {
      const anyPredicted = predSum.some((x) => x > 0);
      return anyPredicted
        ? { precision: 0, recall: zero, fScore: 0, support }
        : { precision: zero, recall: zero, fScore: zero, support };
    }
    weights = trueSum;
  }
  return {
    precision: weightedAverage(precision, weights),
    recall: weightedAverage(recall, weights),
    fScore: weightedAverage(fScore, weights),
    support,
  };
}

function countPairs(yTrue: MetricInput, yPred: MetricInput, options: PrecisionRecallOptions, op: string): LabelCounts {
  const t = readLabels(yTrue, 'yTrue', op);
  const p = readPredictedLabels(yPred, 'yPred', op, options);
  assertSameLength(t.length, p.length, 'yTrue and yPred', op);
  assertLabelsInRange(t, 'yTrue', options.numClasses, op);
  assertLabelsInRange(p, 'yPred', options.numClasses, op);
  const counts = new LabelCounts();
  counts.add(t, p);
  return counts;
}

/**
 * Precision `P = TP/(TP+FP)`, recall `R = TP/(TP+FN)`, `F_β = (1+β²)·P·R/(β²·P+R)` and support (true samples)
 * for each class, or averaged (scikit-learn `precision_recall_fscore_support`; the default `average` is `null`).
 * @param yTrue - true class labels [N]
 * @param yPred - predicted labels [N], or scores [N,C] (argmax), or single scores with `{threshold}`
 * @param options - `average`, `posLabel` (binary), `labels`/`numClasses`, `beta`, `zeroDivision`
 * @example
 * tn.train.precisionRecallFscoreSupport([0, 1, 2, 2], [0, 2, 2, 2], {average: 'macro'});
 * // {precision: 0.555…, recall: 0.666…, fScore: 0.6, support: 4}
 */
export function precisionRecallFscoreSupport(
  yTrue: MetricInput, yPred: MetricInput, options: PrecisionRecallOptions & { readonly average: Average },
): PrecisionRecallFscore;
export function precisionRecallFscoreSupport(
  yTrue: MetricInput, yPred: MetricInput, options?: PrecisionRecallOptions & { readonly average?: null },
): PerClassPrecisionRecallFscore;
export function precisionRecallFscoreSupport(
  yTrue: MetricInput, yPred: MetricInput, options?: PrecisionRecallOptions,
): PrecisionRecallFscore | PerClassPrecisionRecallFscore;
export function precisionRecallFscoreSupport(
  yTrue: MetricInput, yPred: MetricInput, options: PrecisionRecallOptions = {},
): PrecisionRecallFscore | PerClassPrecisionRecallFscore {
  const op = 'precisionRecallFscoreSupport';
  return scoresFromCounts(countPairs(yTrue, yPred, options, op), options, op, null);
}

/** Options of the single-score functions (`beta` is fixed by f1Score). */
export type ScoreOptions = Omit<PrecisionRecallOptions, 'beta'>;

type Pick3 = 'precision' | 'recall' | 'fScore';

function single(
  key: Pick3, op: string, yTrue: MetricInput, yPred: MetricInput, options: PrecisionRecallOptions,
): number | number[] {
  const result = scoresFromCounts(countPairs(yTrue, yPred, options, op), options, op, 'binary');
  return result[key];
}

/**
 * Precision `TP / (TP + FP)`: of the samples predicted as a class, the fraction that belong to it
 * (scikit-learn `precision_score`; the default `average` is `'binary'` with `posLabel` 1).
 * @example tn.train.precision([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 */
export function precision(yTrue: MetricInput, yPred: MetricInput, options: ScoreOptions & { readonly average: null }): number[];
export function precision(yTrue: MetricInput, yPred: MetricInput, options?: ScoreOptions & { readonly average?: Average }): number;
export function precision(yTrue: MetricInput, yPred: MetricInput, options?: ScoreOptions): number | number[];
export function precision(yTrue: MetricInput, yPred: MetricInput, options: ScoreOptions = {}): number | number[] {
  return single('precision', 'precision', yTrue, yPred, options);
}

/**
 * Recall `TP / (TP + FN)`: of the samples of a class, the fraction predicted as it
 * (scikit-learn `recall_score`; the default `average` is `'binary'` with `posLabel` 1).
 * @example tn.train.recall([0, 1, 1, 0], [1, 1, 0, 0]); // 0.5
 */
export function recall(yTrue: MetricInput, yPred: MetricInput, options: ScoreOptions & { readonly average: null }): number[];
export function recall(yTrue: MetricInput, yPred: MetricInput, options?: ScoreOptions & { readonly average?: Average }): number;
export function recall(yTrue: MetricInput, yPred: MetricInput, options?: ScoreOptions): number | number[];
export function recall(yTrue: MetricInput, yPred: MetricInput, options: ScoreOptions = {}): number | number[] {
  return single('recall', 'recall', yTrue, yPred, options);
}

/**
 * F1 score `2·P·R / (P + R)`, the harmonic mean of precision and recall
 * (scikit-learn `f1_score`; the default `average` is `'binary'` with `posLabel` 1).
 * @example tn.train.f1Score([0, 1, 2, 2], [0, 2, 2, 2], {average: 'macro'}); // 0.6
 */
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options: ScoreOptions & { readonly average: null }): number[];
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options?: ScoreOptions & { readonly average?: Average }): number;
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options?: ScoreOptions): number | number[];
export function f1Score(yTrue: MetricInput, yPred: MetricInput, options: ScoreOptions = {}): number | number[] {
  return single('fScore', 'f1Score', yTrue, yPred, { ...options, beta: 1 });
}

/**
 * F-beta score `(1+β²)·P·R / (β²·P + R)`: recall weighs β times as much as precision
 * (scikit-learn `fbeta_score`; the default `average` is `'binary'` with `posLabel` 1).
 * @example tn.train.fbetaScore([0, 1, 1, 0], [1, 1, 0, 0], 2); // 0.5
 */
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, beta: number, options: ScoreOptions & { readonly average: null }): number[];
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, beta: number, options?: ScoreOptions & { readonly average?: Average }): number;
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, beta: number, options?: ScoreOptions): number | number[];
export function fbetaScore(yTrue: MetricInput, yPred: MetricInput, beta: number, options: ScoreOptions = {}): number | number[] {
  return single('fScore', 'fbetaScore', yTrue, yPred, { ...options, beta });
}
