/**
 * scikit-learn's toy data sets (Node.js only), read from the CSV files copied into this repository's `data/sklearn/`
 * (BSD-3-Clause; see data/sklearn/README.md), or from Debian's `python3-sklearn` when that folder is absent.
 */
import { fromTypedArray, type Tensor } from '../../tensor/index.js';
import { DataFormatError } from '../errors.js';
import { exists, readMaybeGzip } from '../node-builtins.js';
import { repoDataFile } from './packages.js';

/** A tabular data set: features, targets, and names. */
export interface TabularSet {
  /** Features, float32 `[N, F]` (digits with `images`: `[N, 1, 8, 8]`). */
  readonly x: Tensor;
  /** Targets: int32 class indices `[N]` (float32 for regression). */
  readonly y: Tensor;
  /** Class names in label order (empty for regression). */
  readonly classes: string[];
  /** Feature (column) names. */
  readonly featureNames: string[];
}

const SKLEARN_DEBIAN_DIR = '/usr/lib/python3/dist-packages/sklearn/datasets/data';

async function sklearnText(name: string, op: string): Promise<{ text: string; file: string }> {
  let file = await repoDataFile('sklearn', name);
  if (!(await exists(file, op))) file = `${SKLEARN_DEBIAN_DIR}/${name}`;
  return { text: new TextDecoder().decode(await readMaybeGzip(file, op)), file };
}

function parseRows(text: string, file: string, op: string, width: number, delimiter: RegExp, skipFirst: boolean): Float64Array[] {
  const rows: Float64Array[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if ((skipFirst && i === 0) || line.trim() === '') return;
    const fields = line.trim().split(delimiter);
    const values = Float64Array.from(fields, Number);
    if (fields.length !== width || values.some((v) => !Number.isFinite(v))) {
      throw new DataFormatError(op, { file, line: i + 1 }, `expected ${width} numbers, found ${fields.length} fields: ${line.slice(0, 60)}`);
    }
    rows.push(values);
  });
  return rows;
}

/** The sklearn "first line holds counts and class names" CSV: `N,F,class0,class1,...` then F features + class. */
async function loadClassificationCsv(name: string, op: string, featureNames: string[]): Promise<TabularSet> {
  const { text, file } = await sklearnText(name, op);
  const head = (text.slice(0, text.indexOf('\n'))).trim().split(',');
  const n = Number(head[0]);
  const f = Number(head[1]);
  const classes = head.slice(2);
  if (!Number.isInteger(n) || !Number.isInteger(f) || f !== featureNames.length || classes.length === 0) {
    throw new DataFormatError(op, { file, line: 1 }, `expected a first line 'samples,features,class names...' with ${featureNames.length} features, found '${head.join(',')}'`);
  }
  const rows = parseRows(text, file, op, f + 1, /,/, true);
  if (rows.length !== n) throw new DataFormatError(op, { file }, `expected ${n} rows (first line), found ${rows.length}`);
  const x = new Float32Array(n * f);
  const y = new Int32Array(n);
  rows.forEach((r, i) => {
    x.set(r.subarray(0, f), i * f);
    y[i] = r[f] as number;
  });
  return { x: fromTypedArray(x, [n, f], 'float32'), y: fromTypedArray(y, [n], 'int32'), classes, featureNames };
}

/**
 * Fisher's iris flowers: 150 samples, 4 features (cm), 3 classes (setosa, versicolor, virginica), 50 each.
 * Shapes: x float32 `[150, 4]`, y int32 `[150]`.
 * @example const {x, y, classes} = await tn.data.datasets.iris();
 */
export async function iris(): Promise<TabularSet> {
  return loadClassificationCsv('iris.csv', 'datasets.iris', ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
}

/**
 * Wine recognition: 178 samples, 13 chemical features, 3 cultivars (class_0, class_1, class_2).
 * Shapes: x float32 `[178, 13]`, y int32 `[178]`.
 * @example const {x, y} = await tn.data.datasets.wine();
 */
export async function wine(): Promise<TabularSet> {
  return loadClassificationCsv('wine_data.csv', 'datasets.wine', [
    'alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids',
    'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280/od315_of_diluted_wines', 'proline',
  ]);
}

/**
 * Breast cancer Wisconsin (diagnostic): 569 samples, 30 features, 2 classes (malignant 212, benign 357).
 * Shapes: x float32 `[569, 30]`, y int32 `[569]`.
 * @example const {x, y} = await tn.data.datasets.breastCancer();
 */
export async function breastCancer(): Promise<TabularSet> {
  const base = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
  const names = [...base.map((b) => `mean ${b}`), ...base.map((b) => `${b} error`), ...base.map((b) => `worst ${b}`)];
  return loadClassificationCsv('breast_cancer.csv', 'datasets.breastCancer', names);
}

/**
 * Optical handwritten digits (UCI test set): 1797 images of 8×8 pixels with values 0–16, 10 classes.
 * Shapes: x float32 `[1797, 64]` (or `[1797, 1, 8, 8]` with `images`), y int32 `[1797]`.
 * @param options - images: return `[N, 1, 8, 8]` for convolutions (default false)
 * @example const {x, y} = await tn.data.datasets.digits();
 */
export async function digits(options: { readonly images?: boolean } = {}): Promise<TabularSet> {
  const op = 'datasets.digits';
  const { text, file } = await sklearnText('digits.csv.gz', op);
  const rows = parseRows(text, file, op, 65, /,/, false);
  const n = rows.length;
  const x = new Float32Array(n * 64);
  const y = new Int32Array(n);
  rows.forEach((r, i) => {
    x.set(r.subarray(0, 64), i * 64);
    y[i] = r[64] as number;
  });
  const featureNames = Array.from({ length: 64 }, (_, k) => `pixel_${Math.floor(k / 8)}_${k % 8}`);
  return {
    x: fromTypedArray(x, options.images === true ? [n, 1, 8, 8] : [n, 64], 'float32'),
    y: fromTypedArray(y, [n], 'int32'),
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    featureNames,
  };
}

/**
 * Diabetes progression (regression): 442 patients, 10 baseline features, target a disease measure one year later.
 * With `scaled` (default, as scikit-learn) each feature is centred and divided by its standard deviation × √N.
 * Shapes: x float32 `[442, 10]`, y float32 `[442]`.
 * @param options - scaled (true)
 * @example const {x, y} = await tn.data.datasets.diabetes();
 */
export async function diabetes(options: { readonly scaled?: boolean } = {}): Promise<TabularSet> {
  const op = 'datasets.diabetes';
  const data = await sklearnText('diabetes_data_raw.csv.gz', op);
  const target = await sklearnText('diabetes_target.csv.gz', op);
  const rows = parseRows(data.text, data.file, op, 10, /\s+/, false);
  const targets = parseRows(target.text, target.file, op, 1, /\s+/, false);
  const n = rows.length;
  if (targets.length !== n) throw new DataFormatError(op, { file: target.file }, `expected ${n} targets (one per row of ${data.file}), found ${targets.length}`);
  const x = new Float32Array(n * 10);
  for (let j = 0; j < 10; j++) {
    const col = rows.map((r) => r[j] as number);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    col.forEach((v, i) => { x[i * 10 + j] = options.scaled === false ? v : (v - mean) / (std === 0 ? 1 : std) / Math.sqrt(n); });
  }
  return {
    x: fromTypedArray(x, [n, 10], 'float32'),
    y: fromTypedArray(Float32Array.from(targets, (t) => t[0] as number), [n], 'float32'),
    classes: [],
    featureNames: ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'],
  };
}
