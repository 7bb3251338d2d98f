/**
 * `tasknet mtl CONFIG`: train a multi-task network and single-task baselines from a config file; a run folder with
 * checkpoints, metrics and a report with the Δm% table.
 */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { MultiTaskConfig } from '../config/schema.js';
import { loadConfig } from '../config/load.js';
import { usageError } from '../errors.js';
import { Interrupt } from '../interrupt.js';
import { RunDir } from '../run-dir.js';
import { setUpEngine } from '../engine.js';
import { writeRunReport } from '../reporting.js';
import { relative } from '../format.js';
import { configMonitors } from '../mtl/monitor.js';
import { runMultiTask } from '../mtl/run.js';
import { multiTaskRecord, resultText } from '../mtl/report.js';
import { resumedConfig, TRAIN_ALIASES } from './train.js';

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const resume = args.flags.resume as string | undefined;
  let config: MultiTaskConfig;
  let runDir: RunDir;
  if (resume !== undefined) {
    if (args.positionals.length > 0 || args.overrides.length > 0) throw usageError('--resume continues a run with its own saved config: give no CONFIG and no overrides');
    ({ run: runDir, config } = await resumedConfig(resume, MultiTaskConfig, ctx));
  } else {
    if (args.positionals.length !== 1) throw usageError(`expected one CONFIG file, found ${args.positionals.length === 0 ? 'none' : args.positionals.join(' ')}; see tasknet mtl --help`);
    const loaded = await loadConfig(args.positionals[0]!, { schema: MultiTaskConfig, overrides: args.overrides, aliases: TRAIN_ALIASES, cwd: ctx.cwd });
    config = { ...loaded.config, name: loaded.config.name ?? loaded.stem };
    configMonitors(config);
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
    const result = await runMultiTask({ config, run: runDir, out: ctx.out, resume: resume !== undefined, interrupt });
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
  } finally {
    interrupt.close();
  }
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
