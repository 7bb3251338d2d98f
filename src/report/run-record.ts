/**
 * What a run report is made from: a plain, JSON-compatible record that a training run (the command line, a script)
 * fills in as it goes. Every part but the name is optional, and the report shows a section only when its data exist.
 */

/** Metric values by name, e.g. `{loss: 0.31, accuracy: 0.91}`; NaN or ±∞ (a diverged run) leave gaps in plots. */
export type MetricValues = Readonly<Record<string, number>>;

/** One task's metrics in one epoch of a multi-task run. */
export interface TaskEpochMetrics {
  /** On the training data (streaming, as `fit` logs them). */
  readonly train?: MetricValues;
  /** On the validation data, after the epoch. */
  readonly validation?: MetricValues;
}

/** One epoch. `epochsFromLogs` builds these from `fit`'s or `fitMultiTask`'s `History.epochs`. */
export interface EpochRecord {
  /** 1-based epoch number. */
  readonly epoch: number;
  /** Optimiser steps taken by the end of the epoch. */
  readonly step?: number;
  /** Learning rate at the end of the epoch (of the first parameter group). */
  readonly lr?: number;
  /** Training metrics, usually `loss` and more (`accuracy`, `delta_m`, ...). */
  readonly train: MetricValues;
  /** Validation metrics, same names as `train` (without `val_`). */
  readonly validation?: MetricValues;
  /** Multi-task runs: each task's metrics, by task name. */
  readonly tasks?: Readonly<Record<string, TaskEpochMetrics>>;
  /** Multi-task runs: each task's loss weight (the epoch's mean), by task name. */
  readonly taskWeights?: Readonly<Record<string, number>>;
}

/** One optimiser step (or every k-th one). */
export interface StepRecord {
  /** Optimiser steps taken so far (1 after the first). */
  readonly step: number;
  /** 1-based epoch the step belongs to. */
  readonly epoch?: number;
  /** Learning rate used for this step. */
  readonly lr?: number;
  /** The batch's training loss. */
  readonly loss?: number;
  /** Multi-task runs: the strategy's loss weight of each task at this step. */
  readonly taskWeights?: Readonly<Record<string, number>>;
}

/** A task's final main metric next to its single-task baseline, one row of the Δm% table. */
export interface TaskResult {
  /** Task name, as in `EpochRecord.tasks`. */
  readonly name: string;
  /** Name of the main metric, e.g. `accuracy` or `mse`. */
  readonly metric: string;
  /** Whether larger values of the metric are better (accuracy) or smaller ones (MSE). */
  readonly higherIsBetter: boolean;
  /** The multi-task model's value (on test data, or validation data, as `MultiTaskRecord.split` says). */
  readonly value: number;
  /** The single-task model's value of the same metric on the same data; without it the task has no Δ. */
  readonly baseline?: number;
}

/**
 * Multi-task results. Per-task curves and task weights come from `EpochRecord.tasks` and `taskWeights`
 * (or `StepRecord.taskWeights`); this part holds the final table, with Δm% (Maninis et al. 2019).
 */
export interface MultiTaskRecord {
  /** One row per task. */
  readonly tasks: readonly TaskResult[];
  /** Which data the values come from, shown with the table (default `'test'`). */
  readonly split?: string;
  /** Strategy and architecture, shown with the table, e.g. `'hard sharing, uncertainty weighting'`. */
  readonly method?: string;
}

/** One point of a transfer curve: the mean (± std) of a metric over seeds at a number of labelled examples. */
export interface TransferPoint {
  /** Number of labelled target examples (> 0: the axis is logarithmic). */
  readonly labels: number;
  /** Mean of the metric over runs (accuracy as a fraction in [0, 1] unless `TransferRecord.metric` says otherwise). */
  readonly mean: number;
  /** Standard deviation over runs; draws a ± std band. */
  readonly std?: number;
  /** Number of runs (seeds) averaged. */
  readonly runs?: number;
}

/** One transfer method's curve, e.g. `'fine-tune'` or `'from scratch'`. */
export interface TransferCurve {
  /** Method name. */
  readonly method: string;
  /** Points in any order (sorted by `labels` when drawn). */
  readonly points: readonly TransferPoint[];
}

/** One transfer scenario (source → target): accuracy against the number of labels, per method. */
export interface TransferRecord {
  /** Title, e.g. `'MNIST → 8×8 digits'`. */
  readonly title: string;
  /** A sentence on what was transferred and how it was measured. */
  readonly description?: string;
  /** Metric name on the y axis (default `'accuracy'`). */
  readonly metric?: string;
  /** Methods' curves. */
  readonly curves: readonly TransferCurve[];
  /** Horizontal reference lines, e.g. `{label: 'source model as is', value: 0.12}`. */
  readonly references?: readonly { readonly label: string; readonly value: number }[];
}

/** An image, row-major with channels interleaved (height × width × channels values). */
export interface ImageRecord {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** 1 grey (default) or 3 RGB. */
  readonly channels?: 1 | 3;
  /** Pixel values from 0 (black) to `maxValue` (white); values outside are clipped. */
  readonly pixels: ArrayLike<number>;
  /** The value of white: 1 (default, for float images) or 255 (for bytes). */
  readonly maxValue?: number;
}

/** A misclassified (or any) example shown with its true and predicted class. */
export interface ExampleRecord {
  /** The input image. */
  readonly image: ImageRecord;
  /** True class index into `ClassificationRecord.classNames`. */
  readonly trueLabel: number;
  /** Predicted class index. */
  readonly predictedLabel: number;
  /** Probability the model gave its prediction. */
  readonly confidence?: number;
}

/** Classification results on held-out data: confusion matrix and examples. */
export interface ClassificationRecord {
  /** Which data, shown in the section title (default `'test'`). */
  readonly split?: string;
  /** Class names, index = class id. */
  readonly classNames: readonly string[];
  /** counts[t][p]: examples of true class t predicted as p (n × n non-negative integers). */
  readonly confusion: readonly (readonly number[])[];
  /** A few misclassified examples. */
  readonly examples?: readonly ExampleRecord[];
}

/**
 * Everything a run report shows. Produced by a training run and passed to `renderReport` / `writeReport`; it
 * holds plain data only (numbers, strings, arrays), so it can also be written as JSON and read back.
 * @example
 * const record: RunRecord = {name: 'mnist-mlp', config: {epochs: 3, lr: 1e-3},
 *   epochs: tn.report.epochsFromLogs(history.epochs)};
 * tn.report.renderReport(record); // '<!DOCTYPE html>…'
 */
export interface RunRecord {
  /** Run name, the report's title. */
  readonly name: string;
  /** When the run started (ISO 8601 text), shown under the title. */
  readonly startedAt?: string;
  /** Key results shown first, e.g. `{'test accuracy': 0.97, 'wall time': '41 s'}`. */
  readonly summary?: Readonly<Record<string, number | string>>;
  /** The resolved configuration (any JSON value), shown as JSON. */
  readonly config?: unknown;
  /** Per-epoch records, in order. */
  readonly epochs?: readonly EpochRecord[];
  /** Per-step records, in order. */
  readonly steps?: readonly StepRecord[];
  /** Multi-task results. */
  readonly multiTask?: MultiTaskRecord;
  /** Transfer-learning curves, one entry per scenario. */
  readonly transfer?: readonly TransferRecord[];
  /** Classification results. */
  readonly classification?: ClassificationRecord;
}
