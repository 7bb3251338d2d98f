/** train: the fit/evaluate loop, callbacks, progress bars and metrics. */
export * from './types.js';
export { ProgressBar, defaultSink, type ProgressSink, type ProgressOptions } from './progress-bar.js';
export * from './callbacks.js';
export { NonFiniteLossError } from './loop.js';
export { evaluate, predict, type EvaluateOptions } from './evaluate.js';
export { fit, type FitOptions, type History } from './fit.js';
export { runEpochs } from './run-epochs.js';
export * from './metrics/index.js';
export {
  ModelCheckpoint, resumeFrom, restoreRun, type ModelCheckpointOptions, type ResumeTargets, type RestoredRun, type TrainCheckpointInfo,
  type StatefulOptimizer, type StatefulScheduler,
} from './model-checkpoint.js';
export { CSVLogger, JSONLLogger, type EpochLoggerOptions, type CsvLoggerOptions } from './epoch-loggers.js';
export { optimizerComponent, type StatefulComponent } from './components.js';
