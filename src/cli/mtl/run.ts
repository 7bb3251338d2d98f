/**
 * A whole `tasknet mtl` run: the data, the multi-task network trained with the config's weighting, then (with
 * `baselines`) one single-task network per task with the same trunk and budget, every model tested on the test
 * split, and Δm% of the multi-task network against the baselines. `--resume` continues the multi-task phase from
 * its last checkpoint (or skips it when it had finished) and trains the baselines again.
 */
import { manualSeed } from '../../core/index.js';
import { dispose } from '../../tensor/index.js';
import { loadCheckpoint } from '../../io/index.js';
import type { Parameter } from '../../nn/index.js';
import { deltaM, type TaskSpec } from '../../mtl/index.js';
import type { MultiTaskConfig } from '../config/schema.js';
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';
import type { RunDir } from '../run-dir.js';
import { exists } from '../training/files.js';
import { disposeData, loadMultiTaskData, onlyTask, type MultiTaskData } from './data.js';
import { buildMultiTaskModel, buildSingleTaskModel, buildStrategy, methodTitle, usesRepresentation } from './model.js';
import { baselineMonitor, configMonitors, mainMetric, type RunMonitors } from './monitor.js';
import { phaseDir, trainPhase, type PhaseResult, type PhaseStart } from './phase.js';

/** Something whose parameters the run frees at the end (a model, a strategy with learned weights). */
type Owner = { parameters(): Parameter[] };

/** Options of {@link runMultiTask}. */
export interface MultiTaskRunOptions {
  /** The resolved config. */
  readonly config: MultiTaskConfig;
  /** The run's folder (config.json already written). */
  readonly run: RunDir;
  /** Where it prints. */
  readonly out: Output;
  /** Continue the run in `run` (`--resume`). */
  readonly resume?: boolean;
  /** Ctrl-C watcher. */
  readonly interrupt?: Interrupt;
}

/** One task's test result: the multi-task network's main metric and, with baselines, the single-task network's. */
export interface TaskOutcome {
  readonly name: string;
  /** The main metric's name in logs (`accuracy`, `r2`). */
  readonly metric: string;
  readonly higherIsBetter: boolean;
  /** The multi-task network's value on the test split. */
  readonly value: number;
  /** The single-task baseline's value on the test split. */
  readonly baseline?: number;
  /** Base path of the baseline's best checkpoint. */
  readonly baselineCheckpoint?: string;
}

/** What a run leaves. */
export interface MultiTaskRunResult {
  /** Where the data came from. */
  readonly data: string;
  /** Architecture and weighting in words. */
  readonly method: string;
  /** Per task, in the data set's order. */
  readonly tasks: readonly TaskOutcome[];
  /** Δm% of the multi-task network against the baselines (none without baselines, or with a zero baseline). */
  readonly deltaM?: number;
  /** The multi-task phase: epochs completed, best epoch, best checkpoint, test logs. */
  readonly multiTask: PhaseResult;
}

/** The metrics kept when a run resumes: the multi-task phase's up to `epochs` completed epochs (all when `done`). */
function keptLines(lines: readonly Record<string, unknown>[], start: PhaseStart, epochs: number): Record<string, unknown>[] {
  return lines.filter((r) => r.phase === undefined && (start === 'done'
    || (start === 'resume' && r.type !== 'test' && (typeof r.epoch !== 'number' || r.epoch <= epochs))));
}

/** How the multi-task phase starts; on resume, metrics.jsonl is cut back to what that start keeps. */
async function multiTaskStart(run: RunDir, out: Output, resume: boolean, epochs: number): Promise<PhaseStart> {
  if (!resume) return 'fresh';
  const lines = await run.readMetrics();
  let start: PhaseStart = 'fresh';
  let completed = 0;
  const last = `${phaseDir(run, undefined)}/last`;
  if (lines.some((r) => r.type === 'test' && r.phase === undefined)) {
    start = 'done';
    out.info('the multi-task phase had finished; training the single-task baselines again');
  } else if (await exists(`${last}.json`)) {
    const ckpt = await loadCheckpoint(last);
    dispose([ckpt.weights, ckpt.optimizer]);
    completed = typeof ckpt.extra.epoch === 'number' ? ckpt.extra.epoch + 1 : 0;
    start = 'resume';
    out.info(`resuming the multi-task phase after epoch ${completed} of ${epochs}`);
  } else {
    out.info('no completed epoch to resume from; starting the multi-task phase again');
  }
  const fs = await import('node:fs/promises');
  await fs.writeFile(run.metricsFile, '');
  await run.appendMetrics(keptLines(lines, start, completed));
  return start;
}

/** Δm% when every task has a usable baseline. */
function deltaMOf(outcomes: readonly TaskOutcome[]): number | undefined {
  const terms = outcomes.map((t) => ({ value: t.value, baseline: t.baseline ?? Number.NaN, higherIsBetter: t.higherIsBetter }));
  return terms.every((t) => Number.isFinite(t.value) && Number.isFinite(t.baseline) && t.baseline !== 0) ? deltaM(terms) : undefined;
}

/**
 * Run the multi-task phase and the baselines as the config says.
 * @throws CliError (config) for a monitored name the run does not log (see `configMonitors`, which the command
 *   calls before creating the run folder); InterruptedError (exit 130) on Ctrl-C.
 */
export async function runMultiTask(options: MultiTaskRunOptions): Promise<MultiTaskRunResult> {
  const { config, run, out } = options;
  const loading = out.progress('loading data', 1, 'sets');
  const data = await loadMultiTaskData(config.data, config.seed);
  const owners: Owner[] = [];
  try {
    loading.done();
    out.info(`data: ${data.description}`);
    const monitors = configMonitors(config);
    const stopping = config.training.earlyStopping;
    const taskNames = data.tasks.map((t) => t.name);
    manualSeed(config.seed);
    const model = buildMultiTaskModel(config.architecture, data.inputSize, data.outputs);
    owners.push(model);
    const strategy = buildStrategy(config.weighting, taskNames, config.seed);
    if (strategy.parameters !== undefined) owners.push(strategy as Owner);
    const representation = usesRepresentation(config.architecture, strategy);
    const method = methodTitle(config, data.inputSize, representation);
    out.info(`model: ${method}`);
    const resumeHint = `the last completed epoch is saved in ${phaseDir(run, undefined)}/last; continue with: tasknet mtl --resume ${run.dir}`;
    const extra = { run: run.dir, data: data.description, tasks: taskNames, outputs: data.outputs, inputSize: data.inputSize, classes: data.classes };
    const start = await multiTaskStart(run, out, options.resume === true, config.training.epochs);
    const multiTask = await trainPhase({
      config, run, out, interrupt: options.interrupt, model, tasks: data.tasks, strategy, representation,
      train: data.train, ...(data.validation !== undefined ? { validation: data.validation } : {}), test: data.test, monitor: monitors.checkpoint,
      ...(stopping !== undefined && monitors.earlyStopping !== undefined ? { earlyStopping: { patience: stopping.patience, monitor: monitors.earlyStopping } } : {}),
      start, extra: { ...extra, architecture: config.architecture, weighting: config.weighting }, resumeHint,
    });
    const outcomes: TaskOutcome[] = [];
    for (const task of data.tasks) {
      const metric = mainMetric(task);
      const value = multiTask.test[`${metric}_${task.name}`] ?? Number.NaN;
      const higherIsBetter = task.higherIsBetter ?? true;
      if (!config.baselines) {
        outcomes.push({ name: task.name, metric, higherIsBetter, value });
        continue;
      }
      const baseline = await trainBaseline({ options, data, monitors, resumeHint, extra, owners }, task);
      outcomes.push({ name: task.name, metric, higherIsBetter, value, baseline: baseline.test[`${metric}_${task.name}`] ?? Number.NaN, baselineCheckpoint: baseline.checkpoint });
    }
    return { data: data.description, method, tasks: outcomes, ...(config.baselines ? { deltaM: deltaMOf(outcomes) } : {}), multiTask };
  } finally {
    dispose(owners.map((m) => m.parameters()));
    disposeData(data);
  }
}

/** What every baseline shares. */
interface BaselineSetup {
  readonly options: MultiTaskRunOptions;
  readonly data: MultiTaskData;
  /** The multi-task phase's monitored names (as logged), mapped to each baseline's. */
  readonly monitors: RunMonitors;
  readonly resumeHint: string;
  /** The checkpoints' extra JSON. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** What to free at the end. */
  readonly owners: Owner[];
}

/** Train and test the single-task baseline of `task`: the same trunk, optimiser, epochs and batch size. */
async function trainBaseline(setup: BaselineSetup, task: TaskSpec): Promise<PhaseResult> {
  const { config, run, out, interrupt } = setup.options;
  const { data } = setup;
  const phase = `single-${task.name}`;
  out.info(`single-task baseline: ${task.name}`);
  out.event('phase', { phase, task: task.name });
  const fs = await import('node:fs/promises');
  await fs.rm(phaseDir(run, phase), { recursive: true, force: true });
  manualSeed(config.seed);
  const model = buildSingleTaskModel(config.architecture, data.inputSize, task.name, data.outputs[task.name]!);
  setup.owners.push(model);
  const stopping = config.training.earlyStopping;
  return trainPhase({
    config, run, out, interrupt, phase, model, tasks: [task], strategy: buildStrategy('equal', [task.name], config.seed), representation: false,
    train: onlyTask(data.train, task.name), test: onlyTask(data.test, task.name),
    ...(data.validation !== undefined ? { validation: onlyTask(data.validation, task.name) } : {}),
    monitor: baselineMonitor(setup.monitors.checkpoint, data.tasks, task),
    ...(stopping !== undefined && setup.monitors.earlyStopping !== undefined
      ? { earlyStopping: { patience: stopping.patience, monitor: baselineMonitor(setup.monitors.earlyStopping, data.tasks, task) } } : {}),
    start: 'fresh', extra: { ...setup.extra, tasks: [task.name], baselineOf: task.name, architecture: { name: 'hard-sharing', hidden: config.architecture.hidden } },
    resumeHint: `${setup.resumeHint} (the single-task baselines are trained again)`,
  });
}
