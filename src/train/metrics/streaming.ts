/**
 * Streaming metrics: state kept across batches so a training loop can report a metric over an epoch without
 * keeping every prediction (ROC AUC, which needs the ranking of all scores, keeps the scores).
 */
import { ShapeError, ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';
import { countCorrect, countTopK } from './accuracy.js';
import { assertLabelsInRange, explicitLabels } from './confusion-matrix.js';
import {
  assertAllFinite, assertSameLength, readLabels, readMatrix, readPredictedLabels, type MetricInput, type PredictionOptions,
} from './inputs.js';
import type { Metric } from './metric.js';
import { LabelCounts, scoresFromCounts, type Average, type ScoreOptions } from './precision-recall.js';
import { readPair } from './regression.js';
import { rocAucFromArrays, type RocAucOptions } from './roc-auc.js';

/** Options of {@link Accuracy}. */
export interface AccuracyOptions extends PredictionOptions {
  /** Count a hit when the true class is among the `topK` best scores (scores [N,C] required). */
  readonly topK?: number;
  /** The metric's name (default `'accuracy'`, or `'top<k>_accuracy'`). */
  readonly name?: string;
}

/**
 * Streaming accuracy `correct / seen`, equal to {@link accuracy} (or {@link topKAccuracy}) over all batches.
 * Keeps two counts.
 * @example
 * const acc = new tn.train.Accuracy();
 * acc.update([0, 1], [[2, 1], [0, 3]]);   // logits → argmax
 * acc.compute();                          // 1
 */
export class Accuracy implements Metric {
  readonly name: string;
  readonly #options: AccuracyOptions;
  #correct = 0;
  #total = 0;

  constructor(options: AccuracyOptions = {}) {
    const k = options.topK;
    if (k !== undefined && (!Number.isInteger(k) || k < 1)) throw new ValueError('Accuracy', `topK must be a positive integer, found ${k}`);
    this.#options = options;
    this.name = options.name ?? (k === undefined ? 'accuracy' : `top${k}_accuracy`);
  }

  /** Add a batch of true labels [N] and predictions (labels [N], scores [N,C], or scores with `threshold`). */
  update(yTrue: MetricInput, yPred: MetricInput): void {
    if (this.#options.topK !== undefined) {
      const { correct, total } = countTopK(yTrue, yPred, this.#options.topK, 'Accuracy.update');
      this.#correct += correct;
      this.#total += total;
      return;
    }
    const t = readLabels(yTrue, 'yTrue', 'Accuracy.update');
    const p = readPredictedLabels(yPred, 'yPred', 'Accuracy.update', this.#options);
    assertSameLength(t.length, p.length, 'yTrue and yPred', 'Accuracy.update');
    this.#correct += countCorrect(t, p);
    this.#total += t.length;
  }

  compute(): number {
    return this.#total === 0 ? NaN : this.#correct / this.#total;
  }

  reset(): void {
    this.#correct = 0;
    this.#total = 0;
  }
}

/** Options of {@link F1}: those of {@link f1Score} with an averaged result, plus a name. */
export interface F1Options extends Omit<ScoreOptions, 'average'> {
  /** How classes are combined (default `'binary'`, as `f1Score`). */
  readonly average?: Average;
  /** The metric's name (default `'f1'`). */
  readonly name?: string;
}

/**
 * Streaming F1 score `2·P·R/(P+R)`, equal to {@link f1Score} over all batches. Keeps per-class counts of true
 * positives, predictions and true samples (O(classes) memory).
 * @example
 * const f1 = new tn.train.F1({average: 'macro'});
 * f1.update(labels, logits);
 * f1.compute();
 */
export class F1 implements Metric {
  readonly name: string;
  readonly #options: F1Options;
  readonly #counts = new LabelCounts();
  #total = 0;

  constructor(options: F1Options = {}) {
    const average = options.average as Average | null | undefined;
    if (average === null) throw new ValueError('F1', "average must be 'binary', 'macro', 'micro' or 'weighted' (a streaming metric computes one number)");
    explicitLabels(options, 'F1');
    this.#options = options;
    this.name = options.name ?? 'f1';
  }

  /** Add a batch of true labels [N] and predictions (labels [N], scores [N,C], or scores with `threshold`). */
  update(yTrue: MetricInput, yPred: MetricInput): void {
    const op = 'F1.update';
    const t = readLabels(yTrue, 'yTrue', op);
    const p = readPredictedLabels(yPred, 'yPred', op, this.#options);
    assertSameLength(t.length, p.length, 'yTrue and yPred', op);
    assertLabelsInRange(t, 'yTrue', this.#options.numClasses, op);
    assertLabelsInRange(p, 'yPred', this.#options.numClasses, op);
    this.#counts.add(t, p);
    this.#total += t.length;
  }

  compute(): number {
    if (this.#total === 0) return NaN;
    return (scoresFromCounts(this.#counts, { ...this.#options, beta: 1 }, 'F1', 'binary') as { fScore: number }).fScore;
  }

  reset(): void {
    this.#counts.clear();
    this.#total = 0;
  }
}

/** A growable float64 buffer. */
class Float64Buffer {
  #data = new Float64Array(1024);
  #length = 0;

  get length(): number { return this.#length; }

  push(values: Float64Array): void {
    if (this.#length + values.length > this.#data.length) {
      const grown = new Float64Array(Math.max(this.#data.length * 2, this.#length + values.length));
      grown.set(this.#data.subarray(0, this.#length));
      this.#data = grown;
    }
    this.#data.set(values, this.#length);
    this.#length += values.length;
  }

  view(): Float64Array { return this.#data.subarray(0, this.#length); }

  clear(): void {
    this.#data = new Float64Array(1024);
    this.#length = 0;
  }
}

/** Options of {@link RocAuc}. */
export interface RocAucMetricOptions extends RocAucOptions {
  /** The metric's name (default `'roc_auc'`). */
  readonly name?: string;
}

/**
 * Streaming ROC AUC, equal to {@link rocAucScore} over all batches. It keeps every label and score (the AUC
 * depends on the ranking of all scores together): 8·(C+1) bytes per sample.
 * @example
 * const auc = new tn.train.RocAuc();
 * auc.update([0, 1], [0.3, 0.9]);
 * auc.update([1, 0], [0.6, 0.2]);
 * auc.compute(); // 1
 */
export class RocAuc implements Metric {
  readonly name: string;
  readonly #options: RocAucOptions;
  readonly #labels = new Float64Buffer();
  readonly #scores = new Float64Buffer();
  #layout: { cols: number; matrix: boolean } | undefined;

  constructor(options: RocAucMetricOptions = {}) {
    this.#options = options;
    this.name = options.name ?? 'roc_auc';
  }

  /** Add a batch of true labels [N] and scores ([N] for binary, [N,C] one-vs-rest). */
  update(yTrue: MetricInput, scores: MetricInput): void {
    const op = 'RocAuc.update';
    const t = readLabels(yTrue, 'yTrue', op);
    const s = readMatrix(scores, 'scores', op);
    assertSameLength(t.length, s.rows, 'yTrue and scores', op);
    assertAllFinite(s, 'scores', op);
    const layout = { cols: s.cols, matrix: s.ndim === 2 };
    if (this.#layout === undefined) this.#layout = layout;
    else if (this.#layout.cols !== layout.cols || this.#layout.matrix !== layout.matrix) {
      const shape = (l: { cols: number; matrix: boolean }): string => (l.matrix ? `[N,${l.cols}]` : '[N]');
      throw new ShapeError(op, `scores changed shape between batches: ${shape(this.#layout)} then ${shape(layout)}`);
    }
    this.#labels.push(t);
    this.#scores.push(s.values);
  }

  compute(): number {
    if (this.#layout === undefined || this.#labels.length === 0) return NaN;
    const { cols, matrix } = this.#layout;
    return rocAucFromArrays(this.#labels.view(), this.#scores.view(), cols, matrix, this.#options, 'RocAuc');
  }

  reset(): void {
    this.#labels.clear();
    this.#scores.clear();
    this.#layout = undefined;
  }
}

/**
 * Streaming mean squared error `Σ (y − ŷ)² / count`, equal to {@link meanSquaredError} (uniform average over
 * outputs) over all batches. Keeps a sum and a count.
 * @example
 * const mse = new tn.train.MeanSquaredError();
 * mse.update(targets, predictions);
 * mse.compute();
 */
export class MeanSquaredError implements Metric {
  readonly name: string;
  #sum = 0;
  #count = 0;
  #cols: number | undefined;

  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? 'mse';
  }

  /** Add a batch of targets and predictions of the same shape ([N] or [N,K]). */
  update(yTrue: MetricInput, yPred: MetricInput): void {
    const [t, p] = readPair(yTrue, yPred, 'MeanSquaredError.update');
    if (this.#cols !== undefined && this.#cols !== t.cols) {
      throw new ShapeError('MeanSquaredError.update', `targets changed width between batches: ${this.#cols} then ${t.cols} outputs`);
    }
    this.#cols = t.cols;
    for (let i = 0; i < t.values.length; i++) {
      const d = (t.values[i] as number) - (p.values[i] as number);
      this.#sum += d * d;
    }
    this.#count += t.values.length;
  }

  compute(): number {
    return this.#count === 0 ? NaN : this.#sum / this.#count;
  }

  reset(): void {
    this.#sum = 0;
    this.#count = 0;
    this.#cols = undefined;
  }
}

/**
 * A weighted running mean `Σ wᵢ·vᵢ / Σ wᵢ`, e.g. of a loss over batches (`update(loss, batchSize)`).
 * A tensor or array adds each of its elements with the given weight.
 * @example
 * const loss = new tn.train.Mean({name: 'loss'});
 * loss.update(batchLoss, x.shape[0]);   // a scalar tensor, weighted by the batch size
 * loss.compute();
 */
export class Mean implements Metric<[value: number | Tensor | ArrayLike<number>, weight?: number]> {
  readonly name: string;
  #sum = 0;
  #weight = 0;

  constructor(options: { readonly name?: string } = {}) {
    this.name = options.name ?? 'mean';
  }

  /** Add `value` (a number, or every element of a tensor or array) with weight `weight` (default 1). */
  update(value: number | Tensor | ArrayLike<number>, weight = 1): void {
    if (!Number.isFinite(weight) || weight < 0) throw new ValueError('Mean.update', `weight must be a finite number >= 0, found ${weight}`);
    const values: ArrayLike<number> = typeof value === 'number' ? [value] : value instanceof Tensor ? value.dataSync() : value;
    for (let i = 0; i < values.length; i++) {
      this.#sum += weight * (values[i] as number);
      this.#weight += weight;
    }
  }

  compute(): number {
    return this.#weight === 0 ? NaN : this.#sum / this.#weight;
  }

  reset(): void {
    this.#sum = 0;
    this.#weight = 0;
  }
}
