/** Splitting: randomSplit (datasets), trainTestSplit (tensors), kFold and stratifiedKFold (index arrays). */
import { formatShape, Generator, globalGenerator, ShapeError, ValueError } from '../core/index.js';
import { fromTypedArray, noGrad, Tensor } from '../tensor/index.js';
import { take } from '../ops/index.js';
import { Subset, type Dataset } from './dataset.js';

/** Seeding of a split: a `seed`, or a `generator` to draw from (default: the global generator). */
export interface SplitRandomOptions {
  /** Seed of a fresh generator for this split. */
  readonly seed?: number;
  /** A generator to draw from (ignored when `seed` is given). */
  readonly generator?: Generator;
}

function generatorOf(options: SplitRandomOptions): Generator {
  return options.seed !== undefined ? new Generator(options.seed) : options.generator ?? globalGenerator;
}

/**
 * Split a dataset into non-overlapping random subsets (PyTorch `random_split`). `lengths` are sizes adding up to
 * the dataset's length, or fractions adding up to 1 (sizes ⌊N·f⌋, the remainder given one by one to the first
 * subsets).
 * @param dataset - the dataset to split
 * @param lengths - sizes or fractions
 * @param options - `seed` or `generator`
 * @returns one `Subset` per entry of `lengths`
 * @throws ValueError when the sizes do not add up to the dataset's length (or fractions to 1).
 * @example
 * const [train, val] = tn.data.randomSplit(ds, [0.8, 0.2], {seed: 0});
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], options: SplitRandomOptions = {}): Subset<T>[] {
  const n = dataset.length;
  const total = lengths.reduce((a, b) => a + b, 0);
  let sizes: number[];
  if (lengths.length > 0 && Math.abs(total - 1) < 1e-9 && lengths.every((f) => f >= 0 && f <= 1)) {
    sizes = lengths.map((f) => Math.floor(n * f));
    let remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; remainder > 0; i = (i + 1) % sizes.length, remainder--) sizes[i] = (sizes[i] as number) + 1;
  } else {
    if (lengths.some((s) => !Number.isInteger(s) || s < 0) || total !== n) {
      throw new ValueError('randomSplit', `lengths must be non-negative integers adding up to the dataset's length ${n} or fractions adding up to 1, found [${lengths.join(', ')}]`);
    }
    sizes = [...lengths];
  }
  const perm = generatorOf(options).permutation(n);
  let offset = 0;
  return sizes.map((s) => {
    const subset = new Subset(dataset, perm.subarray(offset, offset + s));
    offset += s;
    return subset;
  });
}

/** Options of `trainTestSplit`. */
export interface TrainTestSplitOptions extends SplitRandomOptions {
  /** Test share: a fraction in (0, 1) (n_test = ⌈N·testSize⌉) or a count (default 0.25, or the complement of trainSize). */
  readonly testSize?: number;
  /** Train share: a fraction or a count (default: what the test set leaves). */
  readonly trainSize?: number;
  /** Shuffle before splitting (default true; without it, the first rows train and the last ones test). */
  readonly shuffle?: boolean;
  /** Keep class proportions: `true` stratifies by `y`, a tensor or array by those labels. */
  readonly stratify?: boolean | Tensor | ArrayLike<number>;
}

/** What `trainTestSplit` returns: the four tensors and the row indices of each side. */
export interface TrainTestSplit {
  readonly xTrain: Tensor;
  readonly xTest: Tensor;
  readonly yTrain: Tensor;
  readonly yTest: Tensor;
  readonly trainIndices: Int32Array;
  readonly testIndices: Int32Array;
}

function shareOf(value: number | undefined, n: number, name: string, round: (x: number) => number): number | undefined {
  if (value === undefined) return undefined;
  if (value > 0 && value < 1) return round(value * n);
  if (Number.isInteger(value) && value >= 0 && value <= n) return value;
  throw new ValueError('trainTestSplit', `${name} must be a fraction in (0, 1) or a count in [0, ${n}], found ${value}`);
}

function labelsOf(labels: Tensor | ArrayLike<number>, n: number, op: string): ArrayLike<number> {
  const values = labels instanceof Tensor ? labels.dataSync() : labels;
  if (values.length !== n) throw new ShapeError(op, `expected ${n} labels, found ${values.length}`);
  return values;
}

function stratifiedTest(labels: ArrayLike<number>, nTest: number, g: Generator): Int32Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    const list = byClass.get(c);
    if (list === undefined) byClass.set(c, [i]); else list.push(i);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const n = labels.length;
  const exact = classes.map((c) => (byClass.get(c) as number[]).length * nTest / n);
  const counts = exact.map(Math.floor);
  const order = classes.map((_, k) => k).sort((a, b) => (exact[b]! - counts[b]!) - (exact[a]! - counts[a]!) || a - b);
  for (let r = nTest - counts.reduce((a, b) => a + b, 0), k = 0; r > 0; r--, k++) counts[order[k]!]! += 1;
  const test: number[] = [];
  classes.forEach((c, k) => {
    const members = byClass.get(c) as number[];
    const perm = g.permutation(members.length);
    for (let j = 0; j < counts[k]!; j++) test.push(members[perm[j]!]!);
  });
  return Int32Array.from(test);
}

/**
 * Split rows of `x` and `y` into train and test sets (scikit-learn `train_test_split`), optionally stratified so
 * each side keeps the class proportions of the labels.
 * Shapes: x `[N, ...]`, y `[N, ...]`; xTrain `[N−n_test, ...]`, xTest `[n_test, ...]`.
 * @param x - features, rows along dimension 0
 * @param y - targets with the same number of rows
 * @param options - testSize (0.25), trainSize, shuffle (true), stratify, seed
 * @throws ShapeError when x and y differ in rows; ValueError for bad sizes or stratify without shuffle.
 * @example
 * const {xTrain, xTest, yTrain, yTest} = tn.data.trainTestSplit(x, y, {testSize: 0.2, stratify: true, seed: 0});
 */
export function trainTestSplit(x: Tensor, y: Tensor, options: TrainTestSplitOptions = {}): TrainTestSplit {
  const n = x.shape[0] ?? 0;
  if (x.ndim === 0 || y.ndim === 0 || y.shape[0] !== n) {
    throw new ShapeError('trainTestSplit', `x and y must have the same number of rows: x is ${formatShape(x.shape)}, y is ${formatShape(y.shape)}`);
  }
  const nTrainAsked = shareOf(options.trainSize, n, 'trainSize', Math.floor);
  const nTest = shareOf(options.testSize, n, 'testSize', Math.ceil) ?? (nTrainAsked !== undefined ? n - nTrainAsked : Math.ceil(0.25 * n));
  const nTrain = nTrainAsked ?? n - nTest;
  if (nTrain + nTest > n || nTrain <= 0 && n > 0) {
    throw new ValueError('trainTestSplit', `train size ${nTrain} and test size ${nTest} do not fit in ${n} rows with a non-empty train set`);
  }
  const shuffle = options.shuffle ?? true;
  const g = generatorOf(options);
  let testIndices: Int32Array;
  let trainIndices: Int32Array;
  if (options.stratify !== undefined && options.stratify !== false) {
    if (!shuffle) throw new ValueError('trainTestSplit', 'stratify needs shuffle: true');
    const labels = labelsOf(options.stratify === true ? y : options.stratify, n, 'trainTestSplit');
    testIndices = stratifiedTest(labels, nTest, g);
    const inTest = new Uint8Array(n);
    for (const i of testIndices) inTest[i] = 1;
    const rest = Int32Array.from({ length: n }, (_, i) => i).filter((i) => inTest[i] === 0);
    trainIndices = Int32Array.from(g.permutation(rest.length).subarray(0, nTrain), (k) => rest[k]!);
    testIndices = Int32Array.from(g.permutation(nTest), (k) => testIndices[k]!);
  } else {
    const order = shuffle ? g.permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    trainIndices = order.slice(0, nTrain);
    testIndices = order.slice(n - nTest);
  }
  return noGrad(() => {
    const pick = (t: Tensor, idx: Int32Array): Tensor => {
      const index = fromTypedArray(idx, [idx.length], 'int32');
      try { return take(t, index, 0); } finally { index.dispose(); }
    };
    return {
      xTrain: pick(x, trainIndices), xTest: pick(x, testIndices),
      yTrain: pick(y, trainIndices), yTest: pick(y, testIndices),
      trainIndices, testIndices,
    };
  });
}

/** Options of `kFold` and `stratifiedKFold`. */
export interface KFoldOptions extends SplitRandomOptions {
  /** Shuffle the samples before cutting the folds (default false). */
  readonly shuffle?: boolean;
}

/** One fold: the train and test indices, each in ascending order. */
export interface Fold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

function checkFolds(n: number, k: number, op: string): void {
  if (!Number.isInteger(k) || k < 2) throw new ValueError(op, `k must be an integer ≥ 2, found ${k}`);
  if (!Number.isInteger(n) || n < k) throw new ValueError(op, `cannot make ${k} folds of ${n} samples (need n ≥ k)`);
}

function foldFromMask(foldOf: Int32Array, fold: number): Fold {
  const train: number[] = [];
  const test: number[] = [];
  foldOf.forEach((f, i) => (f === fold ? test : train).push(i));
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * K-fold cross-validation indices (scikit-learn `KFold`): the first `n % k` folds have ⌊n/k⌋+1 test samples,
 * the others ⌊n/k⌋; each sample is tested exactly once.
 * @param n - number of samples
 * @param k - number of folds (≥ 2)
 * @param options - shuffle (false), seed
 * @example
 * for (const {train, test} of tn.data.kFold(100, 5, {shuffle: true, seed: 0})) { ... }
 */
export function* kFold(n: number, k: number, options: KFoldOptions = {}): IterableIterator<Fold> {
  checkFolds(n, k, 'kFold');
  const order = options.shuffle === true ? generatorOf(options).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const foldOf = new Int32Array(n);
  let offset = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = offset; j < offset + size; j++) foldOf[order[j]!] = f;
    offset += size;
  }
  for (let f = 0; f < k; f++) yield foldFromMask(foldOf, f);
}

/**
 * Stratified k-fold indices (scikit-learn `StratifiedKFold`): each fold keeps the class proportions of `labels`.
 * Classes are numbered by first appearance and dealt to folds as scikit-learn does.
 * @param labels - class of each sample (a tensor or array of integers)
 * @param k - number of folds (≥ 2); a class with fewer than k samples is missing from some test folds
 * @param options - shuffle (false), seed
 * @example
 * for (const {train, test} of tn.data.stratifiedKFold(y, 5)) { ... }
 */
export function* stratifiedKFold(labels: Tensor | ArrayLike<number>, k: number, options: KFoldOptions = {}): IterableIterator<Fold> {
  const values = labels instanceof Tensor ? labels.dataSync() : labels;
  const n = values.length;
  checkFolds(n, k, 'stratifiedKFold');
  const code = new Map<number, number>();
  const encoded = Int32Array.from(values as ArrayLike<number>, (v) => {
    if (!code.has(v)) code.set(v, code.size);
    return code.get(v) as number;
  });
  const nClasses = code.size;
  const sorted = encoded.slice().sort();
  const g = options.shuffle === true ? generatorOf(options) : undefined;
  const foldOf = new Int32Array(n);
  for (let c = 0; c < nClasses; c++) {
    const folds: number[] = [];
    for (let f = 0; f < k; f++) {
      let count = 0;
      for (let j = f; j < n; j += k) if (sorted[j] === c) count++;
      for (let j = 0; j < count; j++) folds.push(f);
    }
    const order = g !== undefined ? g.permutation(folds.length) : Int32Array.from(folds, (_, j) => j);
    let m = 0;
    for (let i = 0; i < n; i++) if (encoded[i] === c) foldOf[i] = folds[order[m++]!]!;
  }
  for (let f = 0; f < k; f++) yield foldFromMask(foldOf, f);
}
