/** `tasknet transfer CONFIG`: from a source model to a target task with few labels, comparing transfer methods. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { TransferConfig } from '../config/schema.js';
import { dataFiles } from '../config/files.js';
import type { RunDir } from '../run-dir.js';
import { openRun } from '../open-run.js';
import { writeRunReport } from '../reporting.js';
import { epochRecords, stepRecords } from '../report-record.js';
import { formatPercent, relative } from '../format.js';
import { runTransfer, type TransferOutcome } from '../transfer/run-transfer.js';
import { transferRecord, transferTable } from '../transfer/transfer-report.js';
import { checkpointBase } from '../transfer/source-model.js';
import type { RunRecord } from '../../report/index.js';

/** `--steps 200` for `--training.steps 200`, and the like. */
export const TRANSFER_ALIASES = { steps: 'training.steps', batchSize: 'training.batchSize', lr: 'optimizer.lr' } as const;

/** Files a transfer config names. */
export function transferFiles(config: TransferConfig): [string, string][] {
  const source = 'checkpoint' in config.source ? [] : dataFiles(config.source.train.data, 'source.train.data');
  return [...source, ...dataFiles(config.target, 'target')];
}

/** The report of a finished transfer run. */
export async function transferRunRecord(config: TransferConfig, run: RunDir, outcome: TransferOutcome, seconds: number): Promise<RunRecord> {
  const lines = await run.readMetrics();
  const { rows, source, target, best } = outcome;
  const largest = Math.max(...rows.map((r) => r.perClass));
  const summary: Record<string, number | string> = {};
  for (const method of new Set(rows.map((r) => r.method))) {
    const accs = rows.filter((r) => r.method === method && r.perClass === largest).map((r) => r.accuracy);
    summary[`${method}, ${largest}/class`] = accs.reduce((a, b) => a + b, 0) / accs.length;
  }
  if (source.accuracy !== undefined) summary['source model test accuracy'] = source.accuracy;
  summary['wall time'] = `${seconds.toFixed(1)} s`;
  const sourceEpochs = epochRecords(lines, undefined, 'source');
  return {
    name: config.name!, startedAt: new Date(Date.now() - seconds * 1000).toISOString(), summary, config,
    ...(sourceEpochs.length > 0 ? { epochs: sourceEpochs, steps: stepRecords(lines, [], 'source') } : {}),
    transfer: [transferRecord(rows, `${source.description} → ${target.description.split(':')[0]}`,
      `test accuracy on ${target.test![0].shape[0]} held-out target images against labelled examples per class ` +
      `(${config.training.steps} optimiser steps each, seeds ${config.seeds.join(', ')}); best at ${largest}/class: ${best.method}`)],
    classification: { ...best.test.classification, split: `test, ${best.method} at ${largest}/class` },
  };
}

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const opened = await openRun(args, ctx, {
    command: 'transfer', schema: TransferConfig, aliases: TRANSFER_ALIASES,
    check: async (c) => [...transferFiles(c), ...('checkpoint' in c.source ? [['source.checkpoint', `${await checkpointBase(c.source.checkpoint, ctx.cwd)}.json`] as const] : [])],
  });
  const { config, run: runDir } = opened;
  const started = performance.now();
  await opened.watch(async (interrupt) => {
    const outcome = await runTransfer({ config, run: runDir, out: ctx.out, cwd: ctx.cwd, resume: opened.resumed, interrupt });
    const seconds = (performance.now() - started) / 1000;
    const report = await writeRunReport(runDir, await transferRunRecord(config, runDir, outcome, seconds));
    ctx.out.result(
      `${transferTable(outcome.rows)}\nbest: ${outcome.best.method} (${formatPercent(outcome.best.test.accuracy)}) · checkpoint ${relative(ctx.cwd, outcome.best.checkpoint)} · report ${relative(ctx.cwd, report)}`,
      { run: runDir.dir, report, checkpoint: outcome.best.checkpoint, best: outcome.best.method, accuracy: outcome.best.test.accuracy, runs: outcome.rows, seconds },
    );
  });
}

/** `tasknet transfer`. */
export const transferCommand: Command = {
  name: 'transfer',
  summary: 'adapt a trained model to a new task with few labels, comparing transfer methods',
  usage: 'tasknet transfer CONFIG [--key value ...] | tasknet transfer --resume RUN_DIR',
  description:
    'Starts from a source model (source.checkpoint: a tasknet checkpoint or run folder; or source.train: a training ' +
    'config this run trains first) and trains each of methods (scratch, finetune, features, l2sp, lora) on labels ' +
    'examples per class of the target data, for each seed, scoring every run on the target test split. Writes the ' +
    'run folder with metrics.jsonl (one line per run), checkpoints/<method> and checkpoints/best (the best method at ' +
    'the largest budget), and report.html with accuracy-against-labels curves. --steps, --batchSize and --lr are short ' +
    'for training.steps, training.batchSize and optimizer.lr.',
  examples: [
    'tasknet transfer examples/configs/mnist-to-digits.yaml',
    'tasknet transfer examples/configs/mnist-to-digits.yaml --labels [5,10,30] --seeds [0,1,2]',
    'tasknet transfer config.yaml --source.checkpoint runs/mnist-20261123-101500',
  ],
  flags: [{ name: 'resume', type: 'string', value: 'RUN_DIR', description: 'continue the run in RUN_DIR, skipping finished runs' }],
  overrides: true,
  run,
};
