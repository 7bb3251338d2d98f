/** Palmer penguins (Node.js only) from the npm package `vega-datasets`: a table with several targets per row. */
import { ValueError } from '../../core/index.js';
import { fromTypedArray, type Tensor } from '../../tensor/index.js';
import { nodeBuiltins } from '../node-builtins.js';
import { packageDir } from './packages.js';

/** The categorical columns of `penguins`. */
export type PenguinCategory = 'species' | 'island' | 'sex';

/** What `penguins` returns. */
export interface PenguinsSet {
  /** The four measurements, float32 `[N, 4]` (see `featureNames`). */
  readonly x: Tensor;
  /** Species codes, int32 `[N]` (the usual single-task target; same as `targets.species`). */
  readonly y: Tensor;
  /** Species names in code order. */
  readonly classes: string[];
  /** Names of the columns of `x`: beak length (mm), beak depth (mm), flipper length (mm), body mass (g). */
  readonly featureNames: string[];
  /** Every categorical column as int32 codes `[N]`, for multi-task learning. */
  readonly targets: Readonly<Record<PenguinCategory, Tensor>>;
  /** Category names of each categorical column, in code order (sorted). */
  readonly categories: Readonly<Record<PenguinCategory, string[]>>;
}

const NUMERIC = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;
const CATEGORICAL: Record<PenguinCategory, string> = { species: 'Species', island: 'Island', sex: 'Sex' };

/**
 * The 344 rows of `vega-datasets/data/penguins.json` as parsed JSON objects (missing values are null, or sex '.').
 * @param op - the caller, for error messages
 * @throws StateError when `vega-datasets` is not installed; ValueError when the file is not a JSON array.
 * @example const rows = await readPenguinRows('datasets.penguins'); // rows[0].Species === 'Adelie'
 */
export async function readPenguinRows(op: string): Promise<Record<string, unknown>[]> {
  const { fs, path } = await nodeBuiltins(op);
  const file = path.join(await packageDir('vega-datasets', 'penguins'), 'data', 'penguins.json');
  const rows = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  if (!Array.isArray(rows)) throw new ValueError(op, `expected a JSON array of rows in ${file}`);
  return rows as Record<string, unknown>[];
}

/**
 * Palmer Archipelago penguins (Gorman, Williams & Fraser 2014) from `vega-datasets/data/penguins.json`: 344 rows, of
 * which the 11 with a missing value (null, or sex '.') are dropped, leaving 333. Species (Adelie, Chinstrap,
 * Gentoo), island and sex are categorical; the four measurements numeric.
 * Shapes: x float32 `[333, 4]`; y and each target int32 `[333]`.
 * @throws StateError `Cannot load penguins: install the npm package vega-datasets (npm install -D vega-datasets)`.
 * @example
 * const {x, targets, categories} = await tn.data.datasets.penguins();
 * // targets.species, targets.sex, and x[:, 3] (body mass) as a regression target: three tasks on one table
 */
export async function penguins(): Promise<PenguinsSet> {
  const rows = await readPenguinRows('datasets.penguins');
  const complete = rows.filter((r) =>
    NUMERIC.every((k) => typeof r[k] === 'number' && Number.isFinite(r[k])) &&
    Object.values(CATEGORICAL).every((k) => typeof r[k] === 'string' && r[k] !== '' && r[k] !== '.'));
  const n = complete.length;
  const x = new Float32Array(n * NUMERIC.length);
  complete.forEach((r, i) => NUMERIC.forEach((k, j) => { x[i * NUMERIC.length + j] = r[k] as number; }));
  const targets = {} as Record<PenguinCategory, Tensor>;
  const categories = {} as Record<PenguinCategory, string[]>;
  for (const [name, key] of Object.entries(CATEGORICAL) as [PenguinCategory, string][]) {
    const values = complete.map((r) => r[key] as string);
    const names = [...new Set(values)].sort();
    categories[name] = name === 'sex' ? names.map((s) => s.toLowerCase()) : names;
    targets[name] = fromTypedArray(Int32Array.from(values, (v) => names.indexOf(v)), [n], 'int32');
  }
  return {
    x: fromTypedArray(x, [n, NUMERIC.length], 'float32'),
    y: targets.species.detach(),
    classes: categories.species,
    featureNames: [...NUMERIC],
    targets,
    categories,
  };
}
