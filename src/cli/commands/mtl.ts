/**
 * `tasknet mtl CONFIG`: train a multi-task network and single-task baselines from a config file; a run folder with
 * checkpoints, metrics and a report with the Δm% table.
 */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { MultiTaskConfig } from '../config/schema.js';
import { openRun, TRAIN_ALIASES } from '../open-run.js';
import { writeRunReport } from '../reporting.js';
import { relative } from '../format.js';
import { configMonitors } from '../mtl/monitor.js';
import { runMultiTask } from '../mtl/run.js';
import { multiTaskRecord, resultText } from '../mtl/report.js';

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const opened = await openRun(args, ctx, { command: 'mtl', schema: MultiTaskConfig, aliases: TRAIN_ALIASES, check: (c) => { configMonitors(c); return []; } });
  const { config, run: runDir } = opened;
  const started = performance.now();
  await opened.watch(async (interrupt) => {
    const result = await runMultiTask({ config, run: runDir, out: ctx.out, resume: opened.resumed, interrupt });
    const seconds = (performance.now() - started) / 1000;
    const lines = await runDir.readMetrics();
    const report = await writeRunReport(runDir, multiTaskRecord({ name: config.name!, config, lines, result, seconds }));
    ctx.out.result(resultText(result, relative(ctx.cwd, report)), {
      run: runDir.dir, report, checkpoint: result.multiTask.checkpoint, method: result.method, data: result.data,
      deltaM: result.deltaM,
      tasks: Object.fromEntries(result.tasks.map((t) => [t.name, {
        metric: t.metric, higherIsBetter: t.higherIsBetter, value: t.value,
        ...(t.baseline !== undefined ? { baseline: t.baseline, baselineCheckpoint: t.baselineCheckpoint } : {}),
      }])),
      test: result.multiTask.test, bestEpoch: result.multiTask.bestEpoch, epochs: result.multiTask.epochs, seconds,
    });
  });
}

/** `tasknet mtl`. */
export const mtlCommand: Command = {
  name: 'mtl',
  summary: 'train a multi-task network and single-task baselines; report Δm%',
  usage: 'tasknet mtl CONFIG [--key value ...] | tasknet mtl --resume RUN_DIR',
  description:
    'Trains a multi-task network on a built-in multi-task data set (multi-mnist, multi-fashion: tasks left and right; ' +
    'penguins: species, sex, body mass) with the configured architecture (hard-sharing: an MLP trunk and a linear head ' +
    'per task; mmoe: MLP experts mixed by a gate per task) and loss weighting (equal, uncertainty, dwa, rlw, gradnorm, ' +
    'pcgrad, cagrad, mgda); then, with baselines: true, one single-task network per task with the same trunk, optimiser ' +
    'and epochs. Every model is tested on the test split with its best checkpoint, and Δm% (the multi-task network\'s ' +
    'mean relative change against the baselines) is reported. Writes runs/<name>-<timestamp>/ with config.json, ' +
    'metrics.jsonl (every step with each task\'s loss and weight, every epoch; baselines as phase single-<task>), ' +
    'checkpoints/best and last (baselines under checkpoints/single-<task>/), report.html and plots/. --epochs, ' +
    '--batchSize and --lr are short for training.epochs, training.batchSize and optimizer.lr. Ctrl-C stops after the ' +
    'current batch with exit code 130; --resume RUN_DIR continues the multi-task phase from its last completed epoch ' +
    'and trains the baselines again.',
  examples: [
    'tasknet mtl examples/configs/multi-mnist.yaml                      # train as configured',
    'tasknet mtl examples/configs/multi-mnist.yaml --weighting uncertainty --epochs 3',
    'tasknet mtl examples/configs/multi-mnist.yaml --data.dataset penguins --architecture.hidden [32,32] --lr 0.01',
    'tasknet mtl --resume runs/multi-mnist-20261123-101500              # continue an interrupted run',
  ],
  flags: [{ name: 'resume', type: 'string', value: 'RUN_DIR', description: 'continue the run in RUN_DIR from its last checkpoint' }],
  overrides: true,
  run,
};
