/**
 * The model a transfer run starts from: a tasknet checkpoint (`source.checkpoint`, as `tasknet train` writes it), or
 * one this run trains first (`source.train`, phase `source`), and how to rebuild it for the target's classes.
 */
import { loadCheckpoint } from '../../io/index.js';
import { dispose, noGrad, type Tensor } from '../../tensor/index.js';
import { clone } from '../../ops/index.js';
import { Linear, type Module } from '../../nn/index.js';
import { createModel, type ModelConfig as RegistryConfig } from '../../models/index.js';
import type { TrainConfig, TransferConfig } from '../config/schema.js';
import type { Preprocess } from '../data/preprocess.js';
import { CliError, EXIT } from '../errors.js';
import type { Interrupt } from '../interrupt.js';
import type { Output } from '../output.js';
import type { RunDir } from '../run-dir.js';
import { trainClassifier } from '../training/train-classifier.js';
import { exists } from '../training/files.js';

/** A pretrained classifier: its architecture, weights and what its inputs look like. */
export interface SourceModel {
  readonly config: RegistryConfig;
  readonly weights: Readonly<Record<string, Tensor>>;
  readonly preprocess: Preprocess;
  readonly classNames: readonly string[];
  /** Where it came from, for logs. */
  readonly description: string;
  /** Its test accuracy on its own data, when this run trained it. */
  readonly accuracy?: number;
}

/** The checkpoint base path a user gave: a base path, a `.json`/`.safetensors` file, or a run folder (its best). */
export async function checkpointBase(given: string, cwd: string): Promise<string> {
  const path = await import('node:path');
  const absolute = path.resolve(cwd, given).replace(/\.(json|safetensors)$/, '');
  if (await exists(`${absolute}/checkpoints/best.json`)) return `${absolute}/checkpoints/best`;
  if (await exists(`${absolute}/best.json`)) return `${absolute}/best`;
  return absolute;
}

/** Load a model checkpoint with the class names and input preparation tasknet stores in it. */
export async function readModelCheckpoint(base: string): Promise<SourceModel> {
  const ckpt = await loadCheckpoint(base);
  dispose(Object.values(ckpt.optimizer?.state ?? {}).flatMap((s) => Object.values(s).filter((v): v is Tensor => v !== null && typeof v === 'object')));
  const extra = ckpt.extra as { config?: RegistryConfig; preprocess?: Preprocess; classNames?: string[] };
  if (extra.config === undefined || typeof extra.config.name !== 'string') {
    throw new CliError(`${base}.json: not a model checkpoint (expected extra.config with the architecture, as tasknet train writes)`, EXIT.badCheckpoint);
  }
  if (extra.preprocess === undefined || extra.classNames === undefined) {
    throw new CliError(`${base}.json: the checkpoint lacks classNames and preprocess (expected one written by tasknet train or transfer)`, EXIT.badCheckpoint);
  }
  return { config: extra.config, weights: ckpt.weights, preprocess: extra.preprocess, classNames: extra.classNames, description: base };
}

/** Get the source model as the config says, training it first when asked. */
export async function obtainSource(config: TransferConfig, options: { run: RunDir; out: Output; cwd: string; resume: boolean; interrupt?: Interrupt }): Promise<SourceModel> {
  const { source } = config;
  if ('checkpoint' in source) {
    const base = await checkpointBase(source.checkpoint, options.cwd);
    return { ...(await readModelCheckpoint(base)), description: source.checkpoint };
  }
  options.out.info('source: training the source model first');
  const trainConfig: TrainConfig = { ...source.train, name: `${config.name}-source`, output: config.output };
  const trained = await trainClassifier({ config: trainConfig, run: options.run, out: options.out, cwd: options.cwd, resume: options.resume, interrupt: options.interrupt, phase: 'source' });
  const loaded = await readModelCheckpoint(trained.checkpoint);
  dispose(trained.model.parameters());
  return { ...loaded, description: `${source.train.data.dataset ?? 'source data'} (${source.train.model.name}, trained by this run)`, accuracy: trained.test?.accuracy };
}

/** The dotted path of the model's last Linear layer: the head a transfer replaces. */
export function headPath(model: Module): string {
  const linear = model.namedModules().filter(([, m]) => m instanceof Linear);
  const last = linear.at(-1);
  if (last === undefined) throw new CliError(`${model.constructor.name} has no Linear layer to replace as the head`, EXIT.failure);
  return last[0];
}

/** The source's config with `numClasses` outputs. */
export function retarget(config: RegistryConfig, numClasses: number): RegistryConfig {
  if (config.name === 'mlp') return { ...config, sizes: [...(config.sizes as number[]).slice(0, -1), numClasses] };
  if ('numClasses' in config || ['small-cnn', 'lenet5'].includes(config.name)) return { ...config, numClasses };
  throw new CliError(`cannot change the number of classes of a '${config.name}' model (expected mlp, small-cnn or lenet5)`, EXIT.failure);
}

/** A fresh model of the source's architecture for the target's classes, with the source's weights except the head. */
export function pretrainedForTarget(source: SourceModel, numClasses: number): { model: Module & { forward(x: Tensor): Tensor }; head: string } {
  const model = createModel(retarget(source.config, numClasses)) as Module & { forward(x: Tensor): Tensor };
  const head = headPath(model);
  // copies: a loaded parameter may share the given tensor's storage, and training updates parameters in place
  const body = noGrad(() => Object.fromEntries(Object.entries(source.weights).filter(([k]) => !k.startsWith(`${head}.`)).map(([k, t]) => [k, clone(t)])));
  model.loadStateDict(body, { strict: false });
  dispose(Object.values(body));
  return { model, head };
}
