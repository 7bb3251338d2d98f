/**
 * The config files of `tasknet train`, `transfer` and `mtl`, as zod schemas: every key is known (an unknown one is
 * an error), every value has a type and a range, and defaults fill what is left out. `z.infer` gives the types.
 */
import * as z from 'zod';

/** Built-in data sets `data.dataset` may name. */
export const BUILTIN_DATASETS = ['mnist', 'fashion-mnist', 'digits', 'iris', 'wine', 'breast-cancer'] as const;

/** Built-in multi-task data sets of `tasknet mtl`. */
export const MULTI_TASK_DATASETS = ['multi-mnist', 'multi-fashion', 'penguins'] as const;

const positiveInt = z.int().positive();
const runName = z.string().regex(/^[\w.-]+$/, 'letters, digits, dots, dashes and underscores only');

/** A CSV file with a header row: one column is the label, the others (or `features`) the inputs. */
const CsvSource = z.strictObject({
  format: z.literal('csv'),
  path: z.string().min(1),
  target: z.string().min(1).describe('the label column'),
  features: z.array(z.string()).min(1).optional(),
});

/** An IDX image file and its label file (MNIST's format). */
const IdxSource = z.strictObject({
  format: z.literal('idx'),
  images: z.string().min(1),
  labels: z.string().min(1),
});

/** Data files of a split. */
export const FileSource = z.discriminatedUnion('format', [CsvSource, IdxSource]);
/** Data files of a split. */
export type FileSource = z.infer<typeof FileSource>;

/** Where the data come from and how much of it is used. */
export const DataConfig = z.strictObject({
  dataset: z.enum(BUILTIN_DATASETS).optional(),
  train: FileSource.optional(),
  test: FileSource.optional(),
  limit: positiveInt.optional().describe('training rows used (a seeded random subset)'),
  testLimit: positiveInt.optional(),
  validation: z.number().min(0).max(0.9).default(0.1).describe('fraction of the training rows held out for validation'),
  imageSize: positiveInt.optional().describe('resize images to imageSize × imageSize (e.g. 8×8 digits → 28)'),
}).check((ctx) => {
  const d = ctx.value;
  if ((d.dataset === undefined) === (d.train === undefined)) {
    ctx.issues.push({ code: 'custom', input: d, path: d.dataset === undefined ? ['dataset'] : ['train'],
      message: d.dataset === undefined ? 'give a built-in dataset or a train file' : 'give a built-in dataset or a train file, not both' });
  }
  if (d.dataset !== undefined && d.test !== undefined) {
    ctx.issues.push({ code: 'custom', input: d, path: ['test'], message: `a built-in dataset has its own test split; remove test or dataset` });
  }
});
/** Where the data come from. */
export type DataConfig = z.infer<typeof DataConfig>;

const Activation = z.enum(['relu', 'tanh', 'sigmoid', 'gelu', 'leaky-relu']);

/** A network for single-task classification; input and output sizes come from the data. */
export const ModelConfig = z.discriminatedUnion('name', [
  z.strictObject({ name: z.literal('mlp'), hidden: z.array(positiveInt).default([128]), activation: Activation.default('relu'), dropout: z.number().min(0).lt(1).default(0) }),
  z.strictObject({ name: z.literal('logistic') }),
  z.strictObject({ name: z.literal('small-cnn') }),
  z.strictObject({ name: z.literal('lenet5'), variant: z.enum(['modern', 'classic']).default('modern') }),
]);
/** A network for single-task classification. */
export type ModelConfig = z.infer<typeof ModelConfig>;

/** The optimiser. */
export const OptimizerConfig = z.strictObject({
  name: z.enum(['adam', 'adamw', 'sgd', 'rmsprop']).default('adam'),
  lr: z.number().positive().default(1e-3),
  weightDecay: z.number().min(0).default(0),
  momentum: z.number().min(0).lt(1).default(0).describe('SGD and RMSprop only'),
});
/** The optimiser. */
export type OptimizerConfig = z.infer<typeof OptimizerConfig>;

/** The learning-rate schedule, stepped per batch. */
export const ScheduleConfig = z.strictObject({
  name: z.enum(['constant', 'cosine', 'onecycle', 'warmup-cosine']).default('constant'),
  warmupSteps: z.int().min(0).default(0).describe('warmup-cosine only'),
});
/** The learning-rate schedule. */
export type ScheduleConfig = z.infer<typeof ScheduleConfig>;

/** How long and in which batches. */
export const TrainingConfig = z.strictObject({
  epochs: positiveInt.default(5),
  batchSize: positiveInt.default(64),
  earlyStopping: z.strictObject({ patience: positiveInt.default(3), monitor: z.string().default('val_loss') }).optional(),
  monitor: z.string().default('val_accuracy').describe('the logged value that picks the best checkpoint'),
});
/** How long and in which batches. */
export type TrainingConfig = z.infer<typeof TrainingConfig>;

const runBase = {
  name: runName.optional().describe('run name (default: the config file name)'),
  seed: z.int().min(0).default(0),
  backend: z.enum(['wasm', 'cpu']).optional(),
  threads: positiveInt.optional(),
  output: z.strictObject({ dir: z.string().default('runs') }).default({ dir: 'runs' }),
};

/** `tasknet train CONFIG`. */
export const TrainConfig = z.strictObject({
  ...runBase,
  data: DataConfig,
  model: ModelConfig,
  optimizer: OptimizerConfig.default(OptimizerConfig.parse({})),
  schedule: ScheduleConfig.default(ScheduleConfig.parse({})),
  training: TrainingConfig.default(TrainingConfig.parse({})),
});
/** `tasknet train CONFIG`. */
export type TrainConfig = z.infer<typeof TrainConfig>;

/** Transfer methods `tasknet transfer` compares. */
export const TRANSFER_METHODS = ['scratch', 'finetune', 'features', 'l2sp', 'lora'] as const;
/** A transfer method. */
export type TransferMethod = (typeof TRANSFER_METHODS)[number];

/** Where the transferred model comes from: a checkpoint, or a model trained first by this run. */
export const SourceConfig = z.union([
  z.strictObject({ checkpoint: z.string().min(1).describe('a tasknet model checkpoint (base path, as `tasknet train` writes)') }),
  z.strictObject({ train: TrainConfig.omit({ name: true, output: true, backend: true, threads: true }) }),
]);
/** Where the transferred model comes from. */
export type SourceConfig = z.infer<typeof SourceConfig>;

/** `tasknet transfer CONFIG`. */
export const TransferConfig = z.strictObject({
  ...runBase,
  source: SourceConfig,
  target: DataConfig,
  labels: z.array(positiveInt).min(1).default([10]).describe('labelled target examples per class, one run per value'),
  methods: z.array(z.enum(TRANSFER_METHODS)).min(1).default(['scratch', 'finetune', 'features']),
  seeds: z.array(z.int().min(0)).min(1).default([0]),
  head: z.string().optional().describe('the head module path (default: the last Linear layer)'),
  l2sp: z.strictObject({ alpha: z.number().min(0).default(0.01), beta: z.number().min(0).default(0.01) }).default({ alpha: 0.01, beta: 0.01 }),
  lora: z.strictObject({ rank: positiveInt.default(4), alpha: z.number().positive().default(8) }).default({ rank: 4, alpha: 8 }),
  optimizer: OptimizerConfig.default(OptimizerConfig.parse({})),
  training: z.strictObject({
    steps: positiveInt.default(300).describe('optimiser steps per run'),
    batchSize: positiveInt.default(32),
    finetuneLr: z.number().positive().optional().describe('learning rate of the pretrained layers (default: optimizer.lr / 10)'),
  }).default({ steps: 300, batchSize: 32 }),
});
/** `tasknet transfer CONFIG`. */
export type TransferConfig = z.infer<typeof TransferConfig>;

/** Multi-task data. */
export const MultiTaskDataConfig = z.strictObject({
  dataset: z.enum(MULTI_TASK_DATASETS),
  limit: positiveInt.optional().describe('training rows: composites made for multi-mnist/multi-fashion (default 10000), a seeded subset of the 273 for penguins'),
  testLimit: positiveInt.optional().describe('test rows: composites made for multi-mnist/multi-fashion (default 2000), the first of the 69 for penguins'),
  validation: z.number().min(0).max(0.9).default(0.1).describe('fraction of the training rows held out for validation'),
});

/** `tasknet mtl CONFIG`. */
export const MultiTaskConfig = z.strictObject({
  ...runBase,
  data: MultiTaskDataConfig,
  architecture: z.strictObject({
    name: z.enum(['hard-sharing', 'mmoe']).default('hard-sharing'),
    hidden: z.array(positiveInt).min(1).default([256, 128]).describe('the shared MLP trunk (or each expert)'),
    experts: positiveInt.default(3).describe('mmoe only'),
  }).default({ name: 'hard-sharing', hidden: [256, 128], experts: 3 }),
  weighting: z.enum(['equal', 'uncertainty', 'dwa', 'rlw', 'gradnorm', 'pcgrad', 'cagrad', 'mgda']).default('equal'),
  baselines: z.boolean().default(true).describe('also train one single-task network per task, for Δm%'),
  optimizer: OptimizerConfig.default(OptimizerConfig.parse({})),
  training: TrainingConfig.omit({ monitor: true }).extend({ monitor: z.string().default('val_loss') }).default({ epochs: 5, batchSize: 64, monitor: 'val_loss' }),
});
/** `tasknet mtl CONFIG`. */
export type MultiTaskConfig = z.infer<typeof MultiTaskConfig>;
