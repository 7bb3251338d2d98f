/**
 * One classification run as `tasknet train` does it: data, model, optimiser and schedule from the config, `fit` with
 * checkpoints (best and last), per-step and per-epoch metrics, Ctrl-C handling and `--resume`, then the test split.
 */
import { manualSeed } from '../../core/index.js';
import { dispose } from '../../tensor/index.js';
import { DataLoader, TensorDataset } from '../../data/index.js';
import { crossEntropy } from '../../nn/index.js';
import { Accuracy, EarlyStopping, fit, ModelCheckpoint, restoreRun, type Callback } from '../../train/index.js';
import { loadModel } from '../../models/index.js';
import type { TrainConfig } from '../config/schema.js';
import { loadClassificationData, type ClassificationData } from '../data/classification-data.js';
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';
import { MetricsLogger, type RunDir } from '../run-dir.js';
import { buildClassifier, buildOptimizer, buildSchedule, modelInput, registryConfig, type Classifier } from './build.js';
import { testClassifier, type TestResult } from './classify.js';
import { exists } from './files.js';

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  /** The resolved config. */
  readonly config: TrainConfig;
  /** The run's folder. */
  readonly run: RunDir;
  /** Where it prints. */
  readonly out: Output;
  /** Where relative data paths start. */
  readonly cwd: string;
  /** Continue from the run's last checkpoint, when there is one. */
  readonly resume?: boolean;
  /** Ctrl-C watcher. */
  readonly interrupt?: Interrupt;
  /** A name for this phase in metrics.jsonl and the checkpoints' folder (the demo's `source`); none for a plain run. */
  readonly phase?: string;
}

/** What a run leaves. */
export interface TrainedClassifier extends Classifier {
  readonly data: ClassificationData;
  /** The test split's results with the best checkpoint's weights (none without a test split). */
  readonly test?: TestResult;
  /** Epochs completed in all (resumed runs included). */
  readonly epochs: number;
  /** The best epoch (1-based) by the monitored value. */
  readonly bestEpoch: number;
  /** Base path of the best checkpoint. */
  readonly checkpoint: string;
}

/** The monitored name: `training.monitor`, without `val_` when there is no validation split. */
function monitorFor(config: TrainConfig): string {
  return config.data.validation > 0 ? config.training.monitor : config.training.monitor.replace(/^val_/, '');
}

/**
 * Train a classifier as the config says. The best checkpoint (by `training.monitor`) is reloaded before testing.
 * @throws CliError (interrupted) on Ctrl-C, after the last completed epoch's checkpoint was saved.
 */
export async function trainClassifier(options: TrainClassifierOptions): Promise<TrainedClassifier> {
  const { config, run, out } = options;
  manualSeed(config.seed);
  const loading = out.progress('loading data', 1, 'sets');
  const data = await loadClassificationData(config.data, config.seed, options.cwd);
  loading.done();
  out.info(`data: ${data.description}`);
  const architecture = registryConfig(config.model, data.preprocess, data.classNames.length);
  const classifier = buildClassifier(architecture);
  const { model, flatten } = classifier;
  const trainX = modelInput(data.train[0], flatten);
  const loader = new DataLoader(new TensorDataset(trainX, data.train[1]), { batchSize: config.training.batchSize, shuffle: true, seed: config.seed });
  const validation = data.validation === undefined ? undefined
    : new DataLoader(new TensorDataset(modelInput(data.validation[0], flatten), data.validation[1]), { batchSize: 512 });
  const optimizer = buildOptimizer(config.optimizer, model.parameters());
  const schedule = buildSchedule(config.schedule, optimizer, config.optimizer.lr, config.training.epochs * loader.length);
  const dir = options.phase === undefined ? run.checkpoints : `${run.checkpoints}/${options.phase}`;
  const checkpoint = new ModelCheckpoint({
    dir, monitor: monitorFor(config), scheduler: schedule?.scheduler,
    extra: { classNames: data.classNames, preprocess: data.preprocess, run: run.dir, data: data.description },
  });
  let initialEpoch = 0;
  let initialStep = 0;
  if (options.resume === true && await exists(`${checkpoint.lastPath}.json`)) {
    ({ epoch: initialEpoch, step: initialStep } = await restoreRun(checkpoint.lastPath, { model, optimizer, scheduler: schedule?.scheduler, loader }));
    await run.truncateMetrics(initialEpoch, options.phase);
    out.info(`resuming after epoch ${initialEpoch} of ${config.training.epochs} (step ${initialStep})`);
  }
  const callbacks: Callback[] = [
    ...(options.interrupt !== undefined ? [options.interrupt.callback(() => `the last completed epoch is saved in ${checkpoint.lastPath}; continue with: tasknet train --resume ${run.dir}`)] : []),
    ...(schedule !== undefined ? [schedule.callback] : []),
    new MetricsLogger(run, options.phase === undefined ? {} : { phase: options.phase }),
    ...(config.training.earlyStopping !== undefined ? [new EarlyStopping({ ...config.training.earlyStopping })] : []),
    checkpoint,
    { onEpochEnd: (epoch, logs) => out.event('epoch', { ...(options.phase !== undefined ? { phase: options.phase } : {}), epoch: epoch + 1, epochs: config.training.epochs, ...logs }) },
  ];
  try {
    await fit(model, {
      train: loader, validation, loss: crossEntropy, optimizer, epochs: config.training.epochs, metrics: [() => new Accuracy()],
      callbacks, progress: out.fitSink() !== undefined, sink: out.fitSink(), initialEpoch, initialStep,
    });
  } finally {
    if (trainX !== data.train[0]) trainX.dispose();
    optimizer.zeroGrad();
    optimizer.dispose();
  }
  const epochs = (await run.readMetrics()).filter((r) => r.type === 'epoch' && r.phase === options.phase).length;
  const best = await loadModel(checkpoint.bestPath);
  const bestEpoch = checkpoint.bestEpoch >= 0 ? checkpoint.bestEpoch + 1 : epochs;
  const trained: Classifier = { model: best, flatten };
  dispose(model.parameters());
  const test = data.test === undefined ? undefined : testClassifier(trained.model, flatten, data.test, data.classNames);
  if (test !== undefined) await run.appendMetrics([{ ...(options.phase !== undefined ? { phase: options.phase } : {}), type: 'test', accuracy: test.accuracy, macro_f1: test.macroF1, checkpoint: 'best', epoch: bestEpoch }]);
  return { ...trained, data, test, epochs, bestEpoch, checkpoint: checkpoint.bestPath };
}
