/** Metrics: functions over predictions and labels (scikit-learn semantics) and streaming metrics for training loops. */
export type { MetricInput, PredictionOptions } from './inputs.js';
export { accuracy, topKAccuracy } from './accuracy.js';
export { confusionMatrix, type ConfusionMatrixOptions, type LabelOptions } from './confusion-matrix.js';
export {
  precisionRecallFscoreSupport, precision, recall, f1Score, fbetaScore,
  type Average, type PrecisionRecallOptions, type ScoreOptions, type PrecisionRecallFscore, type PerClassPrecisionRecallFscore,
} from './precision-recall.js';
export { rocAucScore, type RocAucOptions } from './roc-auc.js';
export { logLoss, type LogLossOptions } from './log-loss.js';
export {
  meanSquaredError, meanAbsoluteError, r2Score, type MultiOutput, type RegressionOptions, type R2Options,
} from './regression.js';
export type { Metric } from './metric.js';
export { R2Score } from './r2-metric.js';
export {
  Accuracy, F1, RocAuc, MeanSquaredError, Mean, type AccuracyOptions, type F1Options, type RocAucMetricOptions,
} from './streaming.js';
