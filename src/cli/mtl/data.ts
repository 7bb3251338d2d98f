/**
 * The data of `tasknet mtl`: a built-in multi-task set (MultiMNIST, MultiFashion or penguins), a seeded subset of
 * `limit` training rows, a random validation split, `testLimit` test rows, and the task specs (kind, head size,
 * main metric) each set brings.
 */
import { Generator } from '../../core/index.js';
import { dispose, type Tensor } from '../../tensor/index.js';
import * as data from '../../data/index.js';
import { Accuracy, R2Score } from '../../train/index.js';
import type { TaskSpec } from '../../mtl/index.js';
import type { MultiTaskConfig } from '../config/schema.js';
import { takeRows } from '../data/classification-data.js';
import { configError } from '../errors.js';

/** Composite images MultiMNIST and MultiFashion use when the config gives no `data.limit` (training). */
export const DEFAULT_IMAGE_PAIRS = 10000;
/** Composite test images when the config gives no `data.testLimit`. */
export const DEFAULT_TEST_PAIRS = 2000;

/** One split with a shared input: rows of `x`, each task's targets and (where labels are missing) masks. */
export interface MultiTaskSplit {
  /** Inputs `[N, features]` (images are flattened to 784 pixels). */
  readonly x: Tensor;
  /** Targets by task: int32 `[N]` class indices, or float32 `[N, 1]` for a regression. */
  readonly targets: Readonly<Record<string, Tensor>>;
  /** Masks by task, float32 `[N]` (1 = labelled), for tasks with missing labels. */
  readonly masks?: Readonly<Record<string, Tensor>>;
}

/** Everything a multi-task run trains and tests on. */
export interface MultiTaskData {
  /** The tasks, in the set's order, with their main metric first. */
  readonly tasks: readonly TaskSpec[];
  /** Outputs of each task's head: classes, or 1 for a regression. */
  readonly outputs: Readonly<Record<string, number>>;
  /** Class names by task (`[]` for a regression). */
  readonly classes: Readonly<Record<string, readonly string[]>>;
  /** Features per row of `x`. */
  readonly inputSize: number;
  readonly train: MultiTaskSplit;
  readonly validation?: MultiTaskSplit;
  readonly test: MultiTaskSplit;
  /** A few words on where the data came from, for logs and reports. */
  readonly description: string;
}

/** Rows of a split (new tensors). */
export function splitRows(split: MultiTaskSplit, rows: ArrayLike<number>): MultiTaskSplit {
  const pick = (r: Readonly<Record<string, Tensor>>): Record<string, Tensor> =>
    Object.fromEntries(Object.entries(r).map(([task, t]) => [task, takeRows(t, rows)]));
  return { x: takeRows(split.x, rows), targets: pick(split.targets), ...(split.masks === undefined ? {} : { masks: pick(split.masks) }) };
}

/** The single-task view of a split: the same inputs, only `task`'s target and mask (no new tensors). */
export function onlyTask(split: MultiTaskSplit, task: string): MultiTaskSplit {
  const mask = split.masks?.[task];
  return { x: split.x, targets: { [task]: split.targets[task]! }, ...(mask === undefined ? {} : { masks: { [task]: mask } }) };
}

/** Every tensor of a split. */
function tensorsOf(split: MultiTaskSplit | undefined): Tensor[] {
  return split === undefined ? [] : [split.x, ...Object.values(split.targets), ...Object.values(split.masks ?? {})];
}

/** Free the data's tensors. */
export function disposeData(d: MultiTaskData): void {
  dispose([...tensorsOf(d.train), ...tensorsOf(d.validation), ...tensorsOf(d.test)]);
}

const classification = (name: string): TaskSpec => ({ name, kind: 'classification', metrics: [() => new Accuracy()] });
const regression = (name: string): TaskSpec => ({ name, kind: 'regression', metrics: [() => new R2Score()] });

/**
 * The tasks of a built-in multi-task set, main metric first: `left` and `right` (accuracy) for MultiMNIST and
 * MultiFashion; `species`, `sex` (accuracy) and `bodyMass` (R²) for penguins.
 */
export function datasetTasks(dataset: MultiTaskConfig['data']['dataset']): TaskSpec[] {
  return dataset === 'penguins' ? [classification('species'), classification('sex'), regression('bodyMass')] : [classification('left'), classification('right')];
}

/** A loaded set before subsetting: train and test splits, tasks, classes. */
interface RawSets {
  readonly train: MultiTaskSplit;
  readonly test: MultiTaskSplit;
  readonly tasks: readonly TaskSpec[];
  readonly classes: Readonly<Record<string, readonly string[]>>;
  readonly title: string;
}

async function imagePairs(config: MultiTaskConfig['data'], seed: number): Promise<RawSets> {
  const fashion = config.dataset === 'multi-fashion';
  const load = fashion ? data.datasets.multiFashion : data.datasets.multiMnist;
  const train = await load({ split: 'train', size: config.limit ?? DEFAULT_IMAGE_PAIRS, seed, flat: true });
  const test = await load({ split: 'test', size: config.testLimit ?? DEFAULT_TEST_PAIRS, seed, flat: true });
  return {
    train: { x: train.x, targets: train.targets }, test: { x: test.x, targets: test.targets },
    tasks: datasetTasks(config.dataset), classes: train.classes,
    title: fashion ? 'MultiFashion' : 'MultiMNIST',
  };
}

async function penguins(seed: number): Promise<RawSets> {
  const [train, test] = [await data.datasets.penguinsMultiTask({ split: 'train', seed }), await data.datasets.penguinsMultiTask({ split: 'test', seed })];
  const split = (s: typeof train): MultiTaskSplit => ({ x: s.x, targets: s.targets, ...(s.masks === undefined ? {} : { masks: s.masks }) });
  return {
    train: split(train), test: split(test),
    tasks: datasetTasks('penguins'), classes: train.classes,
    title: 'penguins',
  };
}

/** Keep `rows` of a split, freeing the rest. */
function keep(split: MultiTaskSplit, rows: ArrayLike<number>): MultiTaskSplit {
  const kept = splitRows(split, rows);
  dispose(tensorsOf(split));
  return kept;
}

/** Rows of a split. */
const rowCount = (s: MultiTaskSplit | undefined): number => (s?.x.shape[0] as number | undefined) ?? 0;

/**
 * Load a multi-task run's data. MultiMNIST and MultiFashion make `limit` training composites (default
 * {@link DEFAULT_IMAGE_PAIRS}) and `testLimit` test composites (default {@link DEFAULT_TEST_PAIRS}) from the
 * seed; penguins keeps a seeded random `limit` of its 273 training rows and the first `testLimit` of its 69 test
 * rows. Then `validation` (a fraction; at least one row when it is above 0) of the training rows, drawn at random
 * with the seed, is held out.
 * @param config - the `data` section
 * @param seed - the run's seed (pairing, subsets, validation split)
 */
export async function loadMultiTaskData(config: MultiTaskConfig['data'], seed: number): Promise<MultiTaskData> {
  const raw = config.dataset === 'penguins' ? await penguins(seed) : await imagePairs(config, seed);
  let train = raw.train;
  let test = raw.test;
  const g = new Generator(seed);
  if (config.limit !== undefined && config.limit < rowCount(train)) {
    train = keep(train, Array.from(g.permutation(rowCount(train)).subarray(0, config.limit)).sort((a, b) => a - b));
  }
  if (config.testLimit !== undefined && config.testLimit < rowCount(test)) {
    test = keep(test, Array.from({ length: config.testLimit }, (_, i) => i));
  }
  let validation: MultiTaskSplit | undefined;
  const held = config.validation > 0 ? Math.max(1, Math.round(rowCount(train) * config.validation)) : 0;
  if (held > 0) {
    if (held >= rowCount(train)) {
      throw configError(`data.validation: expected a fraction that leaves training rows, found ${config.validation} (${held} of ${rowCount(train)} rows held out)`);
    }
    const order = g.permutation(rowCount(train));
    const sorted = (a: Int32Array): number[] => Array.from(a).sort((x, y) => x - y);
    validation = splitRows(train, sorted(order.subarray(0, held)));
    train = keep(train, sorted(order.subarray(held)));
  }
  const outputs = Object.fromEntries(raw.tasks.map((t) => [t.name, t.kind === 'regression' ? 1 : raw.classes[t.name]!.length]));
  const description = `${raw.title}: ${rowCount(train)} training, ${rowCount(validation)} validation, ${rowCount(test)} test rows; ` +
    `tasks ${raw.tasks.map((t) => `${t.name} (${t.kind === 'regression' ? 'regression' : `${outputs[t.name]} classes`})`).join(', ')}`;
  return { tasks: raw.tasks, outputs, classes: raw.classes, inputSize: train.x.shape[1] as number, train, validation, test, description };
}
