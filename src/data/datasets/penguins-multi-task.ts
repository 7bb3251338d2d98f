/** Palmer penguins as three tasks on the same rows (Node.js only): species, sex, body mass. */
import { ValueError } from '../../core/index.js';
import { dispose, fromTypedArray, type Tensor } from '../../tensor/index.js';
import type { MultiTaskSet } from '../multi-task-set.js';
import { meanStd, type Standardization } from '../standardization.js';
import { trainTestSplit } from '../splits.js';
import { readPenguinRows } from './penguins.js';

/** Options of `penguinsMultiTask`. */
export interface PenguinsMultiTaskOptions {
  /** `'train'` (default) or `'test'`: the rows are split once, by `seed`, stratified by species. */
  readonly split?: 'train' | 'test';
  /** Share of the rows held out for the test split (default 0.2: 273 train, 69 test rows). */
  readonly testSize?: number;
  /** Seed of the train/test split (default 0). */
  readonly seed?: number;
}

/** What `penguinsMultiTask` returns: tasks `species`, `sex`, `bodyMass`. */
export interface PenguinsMultiTaskSet extends MultiTaskSet {
  /** Beak length, beak depth and flipper length, standardised with training statistics, float32 `[N, 3]`. */
  readonly x: Tensor;
  /** Names of the columns of `x`. */
  readonly featureNames: string[];
  /** Training statistics: per feature (column of `x`), and of body mass in grams. */
  readonly standardization: { readonly features: Standardization[]; readonly bodyMass: Standardization };
}

const FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'];
const BODY_MASS = 'Body Mass (g)';
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];
const SEXES = ['FEMALE', 'MALE'];

/**
 * Palmer penguins (`vega-datasets/data/penguins.json`) with three tasks on the same rows: `species` (Adelie,
 * Chinstrap, Gentoo; int32 `[N]`), `sex` (female, male; int32 `[N]`) and `bodyMass` (a regression: grams,
 * standardised with the training rows' mean and standard deviation, float32 `[N, 1]`), predicted from the three
 * other measurements (standardised with training statistics). The 2 rows without measurements are dropped,
 * leaving 342; the 9 whose sex is unknown (null or '.') are kept with `masks.sex` 0 (and target 0).
 * The rows are split into train and test sets by `seed`, stratified by species.
 * Shapes: x float32 `[N, 3]`; masks.sex float32 `[N]`; N = 273 train, 69 test with the defaults.
 * @param options - split ('train'), testSize (0.2), seed (0)
 * @throws StateError when `vega-datasets` is not installed; ValueError for a bad option or an unknown species.
 * @example
 * const train = await tn.data.datasets.penguinsMultiTask({split: 'train', seed: 0});
 * const loader = new tn.data.MultiTaskLoader(train, {batchSize: 32, shuffle: true, seed: 0});
 */
export async function penguinsMultiTask(options: PenguinsMultiTaskOptions = {}): Promise<PenguinsMultiTaskSet> {
  const op = 'datasets.penguinsMultiTask';
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new ValueError(op, `split must be 'train' or 'test', found '${String(split)}'`);
  const rows = (await readPenguinRows(op)).filter((r) =>
    [...FEATURES, BODY_MASS].every((k) => typeof r[k] === 'number' && Number.isFinite(r[k])));
  const species = Int32Array.from(rows, (r, i) => {
    const code = SPECIES.indexOf(r.Species as string);
    if (code < 0) throw new ValueError(op, `row ${i}: expected a species among ${SPECIES.join(', ')}, found ${JSON.stringify(r.Species)}`);
    return code;
  });
  const picked = splitRows(species, options);
  const trainRows = rows.filter((_, i) => picked.train.has(i));
  const chosen = rows.filter((_, i) => picked[split].has(i));
  const n = chosen.length;
  const features = FEATURES.map((k) => meanStd(trainRows.map((r) => r[k] as number)));
  const bodyMass = meanStd(trainRows.map((r) => r[BODY_MASS] as number));
  const x = new Float32Array(n * FEATURES.length);
  chosen.forEach((r, i) => FEATURES.forEach((k, j) => {
    const s = features[j] as Standardization;
    x[i * FEATURES.length + j] = ((r[k] as number) - s.mean) / s.std;
  }));
  const sexMask = Float32Array.from(chosen, (r) => (SEXES.includes(r.Sex as string) ? 1 : 0));
  return {
    tasks: ['species', 'sex', 'bodyMass'],
    x: fromTypedArray(x, [n, FEATURES.length], 'float32'),
    targets: {
      species: fromTypedArray(Int32Array.from(chosen, (r) => SPECIES.indexOf(r.Species as string)), [n], 'int32'),
      sex: fromTypedArray(Int32Array.from(chosen, (r) => Math.max(0, SEXES.indexOf(r.Sex as string))), [n], 'int32'),
      bodyMass: fromTypedArray(Float32Array.from(chosen, (r) => ((r[BODY_MASS] as number) - bodyMass.mean) / bodyMass.std), [n, 1], 'float32'),
    },
    masks: { sex: fromTypedArray(sexMask, [n], 'float32') },
    classes: { species: [...SPECIES], sex: ['female', 'male'], bodyMass: [] },
    featureNames: [...FEATURES],
    standardization: { features, bodyMass },
  };
}

/** The positions of the train and test rows (a split stratified by species, kept in row order). */
function splitRows(species: Int32Array, options: PenguinsMultiTaskOptions): { train: Set<number>; test: Set<number> } {
  const labels = fromTypedArray(species, [species.length], 'int32');
  try {
    const split = trainTestSplit(labels, labels, { testSize: options.testSize ?? 0.2, stratify: true, seed: options.seed ?? 0 });
    dispose(split);
    return { train: new Set(split.trainIndices), test: new Set(split.testIndices) };
  } finally {
    labels.dispose();
  }
}
