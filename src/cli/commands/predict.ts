/** `tasknet predict CHECKPOINT INPUT...`: classify images or rows with a trained model. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { dispose } from '../../tensor/index.js';
import { usageError } from '../errors.js';
import { isImageFile, readCsvRows, readIdxImages, readImageFiles, type InvertMode, type PreparedInputs } from '../data/inputs.js';
import { loadCheckpointModel } from '../training/checkpoint-model.js';
import { predictClasses } from '../training/classify.js';
import { checkFilesExist } from '../config/load.js';

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  const [checkpoint, ...inputs] = args.positionals;
  if (checkpoint === undefined || inputs.length === 0) throw usageError('expected CHECKPOINT and at least one INPUT (image files, a CSV file or an IDX image file); see tasknet predict --help');
  const invert = (args.flags.invert as string | undefined) ?? 'auto';
  if (!['auto', 'yes', 'no'].includes(invert)) throw usageError(`--invert: expected auto, yes or no, found '${invert}'`);
  const top = Number(args.flags.top ?? 3);
  if (!Number.isInteger(top) || top < 1) throw usageError(`--top: expected a positive integer, found '${String(args.flags.top)}'`);
  await checkFilesExist(inputs.map((f, i) => [`INPUT ${i + 1}`, f]), ctx.cwd);
  const loaded = await loadCheckpointModel(checkpoint, ctx.cwd);
  let prepared: PreparedInputs;
  if (inputs.every(isImageFile)) prepared = await readImageFiles(inputs, loaded.preprocess, invert as InvertMode, ctx.cwd);
  else if (inputs.length === 1 && /\.csv$/i.test(inputs[0]!)) prepared = await readCsvRows(inputs[0]!, loaded.preprocess, ctx.cwd, loaded.classNames);
  else if (inputs.length === 1) prepared = await readIdxImages(inputs[0]!, undefined, loaded.preprocess, ctx.cwd);
  else throw usageError(`expected image files (.png, .pgm, .ppm), or one CSV or IDX file; found ${inputs.join(' ')}`);
  const pred = predictClasses(loaded.model, loaded.flatten, prepared.x);
  const c = loaded.classNames.length;
  const predictions = prepared.names.map((name, i) => {
    const probs = Array.from(pred.probabilities.subarray(i * c, (i + 1) * c));
    const ranked = probs.map((p, k) => ({ label: loaded.classNames[k]!, probability: p })).sort((a, b) => b.probability - a.probability).slice(0, top);
    return { input: name, label: ranked[0]!.label, probability: ranked[0]!.probability, top: ranked };
  });
  dispose([prepared.x, ...(prepared.y !== undefined ? [prepared.y] : []), ...loaded.model.parameters(), ...loaded.model.buffers()]);
  const text = predictions.map((p) => `${p.input}\t${p.label}\t${(100 * p.probability).toFixed(1)}%\t(${p.top.slice(1).map((t) => `${t.label} ${(100 * t.probability).toFixed(1)}%`).join(', ')})`).join('\n');
  ctx.out.result(text, { predictions });
}

/** `tasknet predict`. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'classify image files or CSV rows with a checkpoint',
  usage: 'tasknet predict CHECKPOINT INPUT... [--top K] [--invert auto|yes|no]',
  description:
    'Prints the predicted class and its probability (and the next most likely classes) for each input: PNG or PGM/PPM ' +
    'images (resized to the model\'s input, grey or RGB as it was trained), one CSV file of feature rows, or one IDX ' +
    'image file. MNIST-style models expect light strokes on black: with --invert auto (default) an image whose mean is ' +
    'light is inverted first.',
  examples: [
    'tasknet predict runs/mnist-mlp-20261123-101500 digit.png another.png',
    'tasknet predict runs/iris-20261123-101500/checkpoints/best flowers.csv --top 2 --json',
  ],
  flags: [
    { name: 'top', type: 'string', value: 'K', description: 'classes listed per input (default 3)' },
    { name: 'invert', type: 'string', value: 'MODE', description: 'auto (default), yes or no: invert images to light-on-dark' },
  ],
  run,
};
