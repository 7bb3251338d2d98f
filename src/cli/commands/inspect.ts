/** `tasknet inspect CHECKPOINT`: what a checkpoint holds — architecture, parameters, metrics it was saved with. */
import type { Command, CliContext } from '../command.js';
import type { ParsedArgs } from '../args.js';
import { dispose } from '../../tensor/index.js';
import { countParameters, summary } from '../../transfer/index.js';
import { usageError } from '../errors.js';
import { inputShape } from '../data/preprocess.js';
import { loadCheckpointModel } from '../training/checkpoint-model.js';
import { relative } from '../format.js';

function formatLogs(logs: unknown): string {
  if (logs === null || typeof logs !== 'object') return '';
  return Object.entries(logs as Record<string, number>).map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(4)) : String(v)}`).join(', ');
}

async function run(args: ParsedArgs, ctx: CliContext): Promise<void> {
  if (args.positionals.length !== 1) throw usageError(`expected one CHECKPOINT, found ${args.positionals.length === 0 ? 'none' : args.positionals.join(' ')}; see tasknet inspect --help`);
  const loaded = await loadCheckpointModel(args.positionals[0]!, ctx.cwd);
  const counts = countParameters(loaded.model);
  const shape = [1, ...inputShape(loaded.preprocess)];
  const table = summary(loaded.model, loaded.flatten ? { inputShape: [1, shape.slice(1).reduce((a, b) => a * b, 1)] } : { inputShape: shape });
  const extra = loaded.extra;
  const lines = [
    `checkpoint ${relative(ctx.cwd, loaded.base)} (.json + .safetensors)`,
    `architecture ${JSON.stringify(loaded.config)}`,
    `input ${loaded.preprocess.kind === 'image' ? `images ${inputShape(loaded.preprocess).join('×')}` : `${loaded.preprocess.features.length} features (${loaded.preprocess.features.join(', ')}), standardised`}`,
    `classes ${loaded.classNames.length}: ${loaded.classNames.join(', ')}`,
    `parameters ${counts.total.toLocaleString('en')} (${counts.trainable.toLocaleString('en')} trainable, ${counts.frozen.toLocaleString('en')} frozen)`,
    ...(typeof extra.epoch === 'number' ? [`saved after epoch ${extra.epoch + 1} (step ${String(extra.step)}): ${formatLogs(extra.logs)}`] : []),
    ...(typeof extra.monitor === 'string' ? [`best ${extra.monitor} ${String(extra.best)} at epoch ${Number(extra.bestEpoch) + 1}`] : []),
    ...(typeof extra.method === 'string' ? [`transfer method ${extra.method} from ${String(extra.source)}`] : []),
    ...(typeof extra.data === 'string' ? [`data ${extra.data}`] : []),
    '',
    table,
  ];
  dispose([...loaded.model.parameters(), ...loaded.model.buffers()]);
  ctx.out.result(lines.join('\n'), {
    checkpoint: loaded.base, config: loaded.config, preprocess: loaded.preprocess, classNames: loaded.classNames, parameters: counts,
    epoch: typeof extra.epoch === 'number' ? extra.epoch + 1 : undefined, logs: extra.logs, method: extra.method,
  });
}

/** `tasknet inspect`. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'show a checkpoint: architecture, parameter counts, trainable or frozen, saved metrics',
  usage: 'tasknet inspect CHECKPOINT',
  description:
    'Prints the architecture config, the input it expects, the classes, the parameter count (trainable and frozen), ' +
    'the epoch and metrics it was saved with, and every module with its output shape and parameter count.',
  examples: [
    'tasknet inspect runs/mnist-mlp-20261123-101500                 # the run\'s best checkpoint',
    'tasknet inspect runs/mnist-mlp-20261123-101500/checkpoints/last --json',
  ],
  flags: [],
  run,
};
