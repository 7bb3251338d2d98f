/** `tasknet eval CHECKPOINT --data DATA`: score a trained classifier on labelled data. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { dispose } from '../../tensor/index.js';
import { usageError } from '../errors.js';
import { evaluationData } from '../data/inputs.js';
import { loadCheckpointModel } from '../training/checkpoint-model.js';
import { testClassifier } from '../training/classify.js';
import { formatPercent } from '../format.js';

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  if (args.positionals.length !== 1) throw usageError(`expected one CHECKPOINT, found ${args.positionals.length === 0 ? 'none' : args.positionals.join(' ')}; see tasknet eval --help`);
  const spec = args.flags.data;
  if (typeof spec !== 'string') throw usageError('--data is required: a built-in data set (mnist, digits, iris …), a CSV file with the label column, or IDX images with --labels');
  const loaded = await loadCheckpointModel(args.positionals[0]!, ctx.cwd);
  const split = await evaluationData(spec, args.flags.labels as string | undefined, loaded.preprocess, loaded.classNames, ctx.cwd);
  const result = testClassifier(loaded.model, loaded.flatten, split, loaded.classNames, 0, spec);
  const n = split[0].shape[0]!;
  dispose([...split, ...loaded.model.parameters(), ...loaded.model.buffers()]);
  const confusion = result.classification.confusion;
  const width = Math.max(5, ...loaded.classNames.map((c) => c.length));
  const table = [
    `${'true \\ predicted'.padEnd(width)} ${loaded.classNames.map((c) => c.padStart(width)).join(' ')}`,
    ...confusion.map((row, i) => `${loaded.classNames[i]!.padEnd(width)} ${row.map((v) => String(v).padStart(width)).join(' ')}`),
  ].join('\n');
  ctx.out.result(`${spec}: ${n} examples · accuracy ${formatPercent(result.accuracy)} · macro F1 ${result.macroF1.toFixed(4)}\n${table}`,
    { data: spec, examples: n, accuracy: result.accuracy, macroF1: result.macroF1, classNames: loaded.classNames, confusion });
}

/** `tasknet eval`. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'score a checkpoint on labelled data: accuracy, macro F1, confusion matrix',
  usage: 'tasknet eval CHECKPOINT --data DATA [--labels LABELS]',
  description:
    'Loads a model checkpoint (a base path such as runs/x/checkpoints/best, its .json file, or a run folder for its best ' +
    'checkpoint), prepares the data as the model was trained (image size, feature standardisation) and prints accuracy, ' +
    'macro F1 and the confusion matrix. DATA is a built-in data set (its test split), a CSV file with the feature and ' +
    'label columns the model was trained on, or an IDX image file with --labels.',
  examples: [
    'tasknet eval runs/mnist-mlp-20261123-101500 --data mnist',
    'tasknet eval runs/iris-20261123-101500/checkpoints/last --data flowers.csv',
    'tasknet eval model --data t10k-images-idx3-ubyte --labels t10k-labels-idx1-ubyte --json',
  ],
  flags: [
    { name: 'data', type: 'string', value: 'DATA', description: 'built-in data set name, CSV file, or IDX image file' },
    { name: 'labels', type: 'string', value: 'FILE', description: 'IDX label file for IDX images' },
  ],
  run,
};
