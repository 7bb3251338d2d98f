/** `tasknet train CONFIG`: train a classifier from a config file; a run folder with checkpoints, metrics and a report. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { TrainConfig } from '../config/schema.js';
import { checkFilesExist, loadConfig } from '../config/load.js';
import { dataFiles } from '../config/files.js';
import { configError, usageError } from '../errors.js';
import { Interrupt } from '../interrupt.js';
import { RunDir } from '../run-dir.js';
import { setUpEngine } from '../engine.js';
import { trainClassifier } from '../training/train-classifier.js';
import { writeRunReport } from '../reporting.js';
import { epochRecords, stepRecords } from '../report-record.js';
import { formatPercent, relative } from '../format.js';

/** `--epochs 3` for `--training.epochs 3`, and the like. */
export const TRAIN_ALIASES = { epochs: 'training.epochs', batchSize: 'training.batchSize', lr: 'optimizer.lr' } as const;

/** Read a run folder's config back for `--resume`. */
export async function resumedConfig<T>(dir: string, schema: { safeParse(v: unknown): { success: boolean; data?: T } }, ctx: CliContext): Promise<{ run: RunDir; config: T }> {
  const path = await import('node:path');
  const run = new RunDir(path.resolve(ctx.cwd, dir));
  let raw: unknown;
  try {
    raw = await run.readConfig();
  } catch {
    throw usageError(`--resume ${dir}: expected a run folder with a config.json (as tasknet writes under runs/), found none at ${run.configFile}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw configError(`${run.configFile}: this run's config does not validate for this command (was it written by another subcommand?)`);
  return { run, config: parsed.data as T };
}

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const resume = args.flags.resume as string | undefined;
  let config: TrainConfig;
  let runDir: RunDir;
  if (resume !== undefined) {
    if (args.positionals.length > 0 || args.overrides.length > 0) throw usageError('--resume continues a run with its own saved config: give no CONFIG and no overrides');
    ({ run: runDir, config } = await resumedConfig(resume, TrainConfig, ctx));
  } else {
    if (args.positionals.length !== 1) throw usageError(`expected one CONFIG file, found ${args.positionals.length === 0 ? 'none' : args.positionals.join(' ')}; see tasknet train --help`);
    const loaded = await loadConfig(args.positionals[0]!, { schema: TrainConfig, overrides: args.overrides, aliases: TRAIN_ALIASES, cwd: ctx.cwd });
    config = { ...loaded.config, name: loaded.config.name ?? loaded.stem };
    await checkFilesExist(dataFiles(config.data, 'data'), ctx.cwd);
    const path = await import('node:path');
    runDir = await RunDir.create(path.resolve(ctx.cwd, config.output.dir), config.name!);
    await runDir.writeConfig(config);
  }
  await setUpEngine(config);
  ctx.out.info(`run ${relative(ctx.cwd, runDir.dir)}`);
  ctx.out.event('run', { dir: runDir.dir, name: config.name, resumed: resume !== undefined });
  const started = performance.now();
  const interrupt = new Interrupt().listen();
  try {
    const trained = await trainClassifier({ config, run: runDir, out: ctx.out, cwd: ctx.cwd, resume: resume !== undefined, interrupt });
    const lines = await runDir.readMetrics();
    const seconds = (performance.now() - started) / 1000;
    const summary: Record<string, number | string> = {
      ...(trained.test !== undefined ? { 'test accuracy': trained.test.accuracy, 'test macro F1': trained.test.macroF1 } : {}),
      'best epoch': `${trained.bestEpoch} of ${trained.epochs}`,
      'wall time': `${seconds.toFixed(1)} s`,
    };
    const report = await writeRunReport(runDir, {
      name: config.name!, startedAt: new Date(Date.now() - seconds * 1000).toISOString(), summary, config,
      epochs: epochRecords(lines), steps: stepRecords(lines), ...(trained.test !== undefined ? { classification: trained.test.classification } : {}),
    });
    ctx.out.result(
      `${trained.test !== undefined ? `test accuracy ${formatPercent(trained.test.accuracy)} (best epoch ${trained.bestEpoch}) · ` : ''}` +
      `checkpoint ${relative(ctx.cwd, trained.checkpoint)} · report ${relative(ctx.cwd, report)}`,
      { run: runDir.dir, checkpoint: trained.checkpoint, report, accuracy: trained.test?.accuracy, macroF1: trained.test?.macroF1, bestEpoch: trained.bestEpoch, epochs: trained.epochs, seconds },
    );
  } finally {
    interrupt.close();
  }
}

/** `tasknet train`. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a classifier from a config file (JSON or YAML)',
  usage: 'tasknet train CONFIG [--key value ...] | tasknet train --resume RUN_DIR',
  description:
    'Trains the model the config describes on its data, keeping a validation split, and writes runs/<name>-<timestamp>/ ' +
    'with config.json (the resolved config), metrics.jsonl (every step and epoch), checkpoints/best and checkpoints/last, ' +
    'report.html and plots/. Any config value can be overridden with --key value (dotted keys: --optimizer.lr 0.01); ' +
    '--epochs, --batchSize and --lr are short for training.epochs, training.batchSize and optimizer.lr. Ctrl-C stops ' +
    'after the current batch with exit code 130; --resume RUN_DIR continues from the last completed epoch.',
  examples: [
    'tasknet train examples/configs/mnist-mlp.yaml                 # train as configured',
    'tasknet train examples/configs/mnist-mlp.yaml --epochs 3 --optimizer.lr 0.01',
    'tasknet train --resume runs/mnist-mlp-20261123-101500         # continue an interrupted run',
    'tasknet train config.json --json > events.jsonl               # JSON lines for scripts',
  ],
  flags: [{ name: 'resume', type: 'string', value: 'RUN_DIR', description: 'continue the run in RUN_DIR from its last checkpoint' }],
  overrides: true,
  run,
};
