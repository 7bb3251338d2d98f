/**
 * The labelled data of `tasknet train` and `transfer`: a built-in data set or CSV / IDX files, a seeded subset,
 * a stratified validation split, and the preparation (image shape or standardisation) stored with the model.
 */
import { take } from '../../ops/index.js';
import { noGrad, fromTypedArray, type Tensor, dispose } from '../../tensor/index.js';
import { Generator } from '../../core/index.js';
import * as data from '../../data/index.js';
import { CliError, EXIT } from '../errors.js';
import type { DataConfig, FileSource } from '../config/schema.js';
import { fitStandardization, standardize, type Preprocess } from './preprocess.js';
import { resizeImages } from './resize.js';

/** Inputs and integer labels. */
export type Split = readonly [x: Tensor, y: Tensor];

/** Everything a classification run trains and tests on. */
export interface ClassificationData {
  readonly train: Split;
  readonly validation?: Split;
  readonly test?: Split;
  readonly classNames: readonly string[];
  readonly preprocess: Preprocess;
  /** A few words on where the data came from, for logs and reports. */
  readonly description: string;
}

/** Rows `idx` of a tensor (a new tensor). */
export function takeRows(x: Tensor, idx: ArrayLike<number>): Tensor {
  const index = fromTypedArray(Int32Array.from(idx), [idx.length], 'int32');
  const out = noGrad(() => take(x, index, 0));
  index.dispose();
  return out;
}

/** Rows `idx` of a split (new tensors). */
export function rowsOf([x, y]: Split, idx: ArrayLike<number>): Split {
  return [takeRows(x, idx), takeRows(y, idx)];
}

/** Stratified split of rows into `(1 − fraction, fraction)` parts, seeded. */
export function stratifiedIndices(labels: ArrayLike<number>, fraction: number, seed: number): { keep: number[]; held: number[] } {
  const g = new Generator(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  }
  const keep: number[] = [];
  const held: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(c)!;
    const order = Array.from(g.permutation(members.length), (k) => members[k]!);
    const nHeld = Math.round(order.length * fraction);
    held.push(...order.slice(0, nHeld));
    keep.push(...order.slice(nHeld));
  }
  return { keep: keep.sort((a, b) => a - b), held: held.sort((a, b) => a - b) };
}

interface RawSet { readonly train: Split; readonly test?: Split; readonly classNames: readonly string[]; readonly features?: readonly string[]; readonly target?: string }

async function builtin(name: NonNullable<DataConfig['dataset']>): Promise<RawSet> {
  const ds = data.datasets;
  if (name === 'mnist' || name === 'fashion-mnist') {
    const load = name === 'mnist' ? ds.mnist : ds.fashionMnist;
    const train = await load({ split: 'train' });
    const test = await load({ split: 'test' });
    return { train: [train.x, train.y], test: [test.x, test.y], classNames: train.classes };
  }
  const set = name === 'digits' ? await ds.digits({ images: true }) : name === 'iris' ? await ds.iris() : name === 'wine' ? await ds.wine() : await ds.breastCancer();
  // no official test split: a stratified 20 % with a fixed seed, the same for every run
  const { keep, held } = stratifiedIndices(set.y.dataSync(), 0.2, 0);
  const x = name === 'digits' ? noGrad(() => set.x.div(16)) : set.x;
  const train = rowsOf([x, set.y], keep);
  const test = rowsOf([x, set.y], held);
  dispose([set.x, set.y, x]);
  return { train, test, classNames: set.classes, ...(name === 'digits' ? {} : { features: set.featureNames }) };
}

async function fromFiles(source: FileSource, where: string, cwd: string, classNames?: readonly string[]): Promise<RawSet> {
  const path = await import('node:path');
  if (source.format === 'idx') {
    const images = data.idxImagesToTensor(await data.readIdx(path.resolve(cwd, source.images)), {}, source.images);
    const labels = data.idxLabelsToTensor(await data.readIdx(path.resolve(cwd, source.labels)), source.labels);
    if (images.shape[0] !== labels.shape[0]) {
      throw new CliError(`${where}: ${source.images} has ${images.shape[0]} images but ${source.labels} has ${labels.shape[0]} labels`, EXIT.failure);
    }
    const max = Math.max(...Array.from(labels.dataSync()));
    return { train: [images, labels], classNames: classNames ?? Array.from({ length: max + 1 }, (_, i) => String(i)) };
  }
  const table = await data.readCsv(path.resolve(cwd, source.path));
  if (!table.names.includes(source.target)) {
    throw new CliError(`${where}.target: no column '${source.target}' in ${source.path} (columns: ${table.names.join(', ')})`, EXIT.config);
  }
  const features = source.features ?? table.names.filter((n) => n !== source.target);
  for (const f of features) {
    if (!table.names.includes(f)) throw new CliError(`${where}.features: no column '${f}' in ${source.path} (columns: ${table.names.join(', ')})`, EXIT.config);
  }
  const raw = table.rows.map((r) => r[table.names.indexOf(source.target)]!.trim());
  const names = classNames ?? [...new Set(raw)].sort((a, b) => (Number.isFinite(Number(a)) && Number.isFinite(Number(b)) ? Number(a) - Number(b) : a.localeCompare(b)));
  const labels = raw.map((v, i) => {
    const k = names.indexOf(v);
    if (k < 0) throw new CliError(`${source.path} row ${i + 1}: label '${v}' is not one of the training classes ${names.join(', ')}`, EXIT.failure);
    return k;
  });
  return { train: [table.toTensor(features), fromTypedArray(Int32Array.from(labels), [labels.length], 'int32')], classNames: names, features, target: source.target };
}

/**
 * Load a run's labelled data: the training rows (a seeded random subset of `limit` rows), a stratified
 * validation split, the test split (`testLimit` rows), and how inputs are prepared.
 * @param config - the `data` (or `target`) section
 * @param seed - the run's seed (subset and validation split)
 * @param cwd - where relative file paths start
 * @param where - the config key, for messages (`data`, `target`)
 * @param stored - a trained model's preparation, used instead of statistics of these training rows (evaluation)
 */
export async function loadClassificationData(config: DataConfig, seed: number, cwd: string, where = 'data', stored?: Preprocess): Promise<ClassificationData> {
  const raw = config.dataset !== undefined ? await builtin(config.dataset) : await fromFiles(config.train!, `${where}.train`, cwd);
  const testRaw = config.test !== undefined ? await fromFiles(config.test, `${where}.test`, cwd, raw.classNames) : undefined;
  let train = raw.train;
  let test = raw.test ?? testRaw?.train;
  if (config.limit !== undefined && config.limit < train[0].shape[0]!) {
    const order = Array.from(new Generator(seed).permutation(train[0].shape[0]!)).slice(0, config.limit).sort((a, b) => a - b);
    const sub = rowsOf(train, order);
    dispose([...train]);
    train = sub;
  }
  if (test !== undefined && config.testLimit !== undefined && config.testLimit < test[0].shape[0]!) {
    const sub = rowsOf(test, Array.from({ length: config.testLimit }, (_, i) => i));
    dispose([...test]);
    test = sub;
  }
  const images = train[0].ndim === 4;
  if (images && config.imageSize !== undefined && train[0].shape[2] !== config.imageSize) {
    // the 8×8 digits go into a box of 20/28 of the canvas, as MNIST's digits do
    const box = config.dataset === 'digits' ? Math.round((config.imageSize * 20) / 28) : config.imageSize;
    const resize = (s: Split): Split => { const r = resizeImages(s[0], config.imageSize!, box); s[0].dispose(); return [r, s[1]]; };
    train = resize(train);
    if (test !== undefined) test = resize(test);
  }
  let validation: Split | undefined;
  if (config.validation > 0) {
    const { keep, held } = stratifiedIndices(train[1].dataSync(), config.validation, seed);
    validation = rowsOf(train, held);
    const rest = rowsOf(train, keep);
    dispose([...train]);
    train = rest;
  }
  let preprocess: Preprocess;
  if (images) {
    const [, c, h, w] = train[0].shape as [number, number, number, number];
    preprocess = { kind: 'image', channels: c, height: h, width: w };
  } else {
    const features = raw.features ?? Array.from({ length: train[0].shape[1]! }, (_, j) => `x${j}`);
    preprocess = stored?.kind === 'tabular' ? stored : fitStandardization(train[0], features, raw.target);
    const scale = (s: Split | undefined): Split | undefined => {
      if (s === undefined) return undefined;
      const scaled = standardize(s[0], preprocess as typeof preprocess & { kind: 'tabular' });
      s[0].dispose();
      return [scaled, s[1]];
    };
    train = scale(train)!;
    validation = scale(validation);
    test = scale(test);
  }
  const n = (s?: Split): number => s?.[0].shape[0] ?? 0;
  const name = config.dataset ?? (config.train!.format === 'csv' ? config.train!.path : config.train!.images);
  return {
    train, validation, test, classNames: raw.classNames, preprocess,
    description: `${name}: ${n(train)} training, ${n(validation)} validation, ${n(test)} test rows, ${raw.classNames.length} classes`,
  };
}
