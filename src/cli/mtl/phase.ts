/**
 * One training phase of `tasknet mtl`: the multi-task network, or one single-task baseline. `fitMultiTask` with the
 * config's optimiser, checkpoints (best by the monitored value, and last), per-step and per-epoch metrics, early
 * stopping and Ctrl-C; then the best checkpoint's weights are evaluated on the test split.
 */
import { dispose } from '../../tensor/index.js';
import { MultiTaskLoader } from '../../data/index.js';
import { loadCheckpoint } from '../../io/index.js';
import { EarlyStopping, ModelCheckpoint, type Callback, type Logs } from '../../train/index.js';
import { evaluateMultiTask, fitMultiTask, type MultiTaskModel, type TaskSpec, type WeightingStrategy } from '../../mtl/index.js';
import type { MultiTaskConfig } from '../config/schema.js';
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';
import { MetricsLogger, type RunDir } from '../run-dir.js';
import { buildOptimizer } from '../training/build.js';
import type { MultiTaskSplit } from './data.js';

/** How a phase starts: from scratch, from its last checkpoint, or not at all (it finished before; only tested). */
export type PhaseStart = 'fresh' | 'resume' | 'done';

/** Options of {@link trainPhase}. */
export interface PhaseOptions {
  /** The resolved config (optimiser, epochs, batch size, seed). */
  readonly config: MultiTaskConfig;
  /** The run's folder. */
  readonly run: RunDir;
  /** Where it prints. */
  readonly out: Output;
  /** Ctrl-C watcher. */
  readonly interrupt?: Interrupt;
  /** The phase's name in metrics.jsonl and under checkpoints/ (`single-left`); none for the multi-task phase. */
  readonly phase?: string;
  /** The network, freshly built. */
  readonly model: MultiTaskModel;
  /** Its tasks. */
  readonly tasks: readonly TaskSpec[];
  /** Its weighting strategy. */
  readonly strategy: WeightingStrategy;
  /** Whether the strategy works on the shared representation. */
  readonly representation: boolean;
  /** Training, validation and test rows (only the model's tasks' targets are read). */
  readonly train: MultiTaskSplit;
  readonly validation?: MultiTaskSplit;
  readonly test: MultiTaskSplit;
  /** The logged name that picks the best checkpoint, as the run logs it. */
  readonly monitor: string;
  /** Early stopping's patience and monitored name (as logged), when the config asks for it. */
  readonly earlyStopping?: { readonly patience: number; readonly monitor: string };
  /** How the phase starts. */
  readonly start: PhaseStart;
  /** JSON stored in every checkpoint besides the run's state (tasks, architecture, data). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** What to tell the user after Ctrl-C (how to resume). */
  readonly resumeHint: string;
}

/** What a phase leaves. */
export interface PhaseResult {
  /** Epochs completed in all (a resumed phase's earlier ones included). */
  readonly epochs: number;
  /** The best epoch (1-based) by the monitored value. */
  readonly bestEpoch: number;
  /** Base path of the best checkpoint, whose weights the model now holds. */
  readonly checkpoint: string;
  /** Test-split losses and metrics of the best checkpoint (`loss`, `loss_<task>`, `<metric>_<task>`). */
  readonly test: Logs;
}

/** The checkpoints folder of a phase. */
export function phaseDir(run: RunDir, phase: string | undefined): string {
  return phase === undefined ? run.checkpoints : `${run.checkpoints}/${phase}`;
}

/** Put a checkpoint's weights into `model`; returns its epoch (1-based), when it records one. */
async function loadWeights(model: MultiTaskModel, path: string): Promise<number | undefined> {
  const ckpt = await loadCheckpoint(path);
  try {
    model.loadStateDict(ckpt.weights, { strict: true });
    const epoch = ckpt.extra.epoch;
    return typeof epoch === 'number' ? epoch + 1 : undefined;
  } finally {
    dispose([ckpt.weights, ckpt.optimizer]);
  }
}

/**
 * Train one phase (unless it is `done`), reload its best checkpoint and test it; a `test` record is appended to
 * metrics.jsonl (with the phase's name) when the phase trained.
 * @throws InterruptedError (exit 130) on Ctrl-C, after the last completed epoch's checkpoint was saved.
 */
export async function trainPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { config, run, out, model, tasks, phase } = options;
  const phaseField = phase === undefined ? {} : { phase };
  const checkpoint = new ModelCheckpoint({ dir: phaseDir(run, phase), monitor: options.monitor, extra: options.extra });
  if (options.start !== 'done') {
    const loader = new MultiTaskLoader(options.train, { batchSize: config.training.batchSize, shuffle: true, seed: config.seed });
    const validation = options.validation === undefined ? undefined : new MultiTaskLoader(options.validation, { batchSize: 512 });
    const optimizer = buildOptimizer(config.optimizer, model.parameters());
    const epochs = config.training.epochs;
    const callbacks: Callback[] = [
      ...(options.interrupt !== undefined ? [options.interrupt.callback(() => options.resumeHint)] : []),
      new MetricsLogger(run, phaseField),
      ...(options.earlyStopping !== undefined ? [new EarlyStopping({ ...options.earlyStopping })] : []),
      checkpoint,
      { onEpochEnd: (epoch, logs) => out.event('epoch', { ...phaseField, epoch: epoch + 1, epochs, ...logs }) },
    ];
    const sink = out.fitSink();
    await fitMultiTask(model, {
      tasks, train: loader, validation, optimizer, strategy: options.strategy, representation: options.representation, epochs, callbacks,
      progress: sink !== undefined, ...(sink !== undefined ? { sink } : {}),
      ...(options.start === 'resume' ? { resume: checkpoint.lastPath } : {}),
    });
  }
  const epochs = (await run.readMetrics()).filter((r) => r.type === 'epoch' && r.phase === phase).length;
  const bestEpoch = (await loadWeights(model, checkpoint.bestPath)) ?? epochs;
  const test = await evaluateMultiTask(model, new MultiTaskLoader(options.test, { batchSize: 1000 }), { tasks });
  if (options.start !== 'done') await run.appendMetrics([{ ...phaseField, type: 'test', ...test, checkpoint: 'best', epoch: bestEpoch }]);
  return { epochs, bestEpoch, checkpoint: checkpoint.bestPath, test };
}
