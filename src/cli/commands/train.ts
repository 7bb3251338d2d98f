/** `tasknet train CONFIG`: train a classifier from a config file; a run folder with checkpoints, metrics and a report. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { TrainConfig } from '../config/schema.js';
import { dataFiles } from '../config/files.js';
import { openRun, TRAIN_ALIASES } from '../open-run.js';
import { trainClassifier } from '../training/train-classifier.js';
import { writeRunReport } from '../reporting.js';
import { epochRecords, stepRecords } from '../report-record.js';
import { formatPercent, relative } from '../format.js';

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const opened = await openRun(args, ctx, { command: 'train', schema: TrainConfig, aliases: TRAIN_ALIASES, check: (c) => dataFiles(c.data, 'data') });
  const { config, run: runDir } = opened;
  const started = performance.now();
  await opened.watch(async (interrupt) => {
    const trained = await trainClassifier({ config, run: runDir, out: ctx.out, cwd: ctx.cwd, resume: opened.resumed, interrupt });
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
  });
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
