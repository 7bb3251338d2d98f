/** makeClassification: scikit-learn's synthetic classification problem (Guyon's Madelon design). */
import { Generator, globalGenerator, ValueError } from '../core/index.js';
import { fromTypedArray, type Tensor } from '../tensor/index.js';

/** Options of `makeClassification` (scikit-learn's parameters and defaults, camel-cased). */
export interface MakeClassificationOptions {
  /** Rows (default 100). */
  readonly nSamples?: number;
  /** Columns (default 20): informative, redundant, repeated, then noise. */
  readonly nFeatures?: number;
  /** Columns carrying the class signal (default 2). */
  readonly nInformative?: number;
  /** Random linear combinations of the informative columns (default 2). */
  readonly nRedundant?: number;
  /** Copies of informative or redundant columns (default 0). */
  readonly nRepeated?: number;
  /** Classes (default 2). */
  readonly nClasses?: number;
  /** Gaussian clusters per class (default 2). */
  readonly nClustersPerClass?: number;
  /** Share of samples of each class (length nClasses, or nClasses−1 with the last inferred); default equal. */
  readonly weights?: readonly number[];
  /** Share of labels replaced by random classes (default 0.01). */
  readonly flipY?: number;
  /** Half the side of the hypercube whose vertices are the cluster centres (default 1). */
  readonly classSep?: number;
  /** Centres on hypercube vertices (default true); false puts them on a random polytope. */
  readonly hypercube?: boolean;
  /** Added to every feature: a number, one per feature, or null for random in [−classSep, classSep] (default 0). */
  readonly shift?: number | readonly number[] | null;
  /** Multiplies every feature after shifting: a number, one per feature, or null for random in [1, 101] (default 1). */
  readonly scale?: number | readonly number[] | null;
  /** Shuffle the rows and the columns (default true; false keeps the column order above). */
  readonly shuffle?: boolean;
  /** Seed (default: drawn from the global generator). */
  readonly seed?: number;
}

function checkInt(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new ValueError('makeClassification', `${name} must be an integer ≥ ${min}, found ${value}`);
  }
}

/** `count` distinct vertices of the `dim`-dimensional unit hypercube, as 0/1 rows. */
function hypercubeVertices(count: number, dim: number, g: Generator): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  while (out.length < count) {
    const bits = Uint8Array.from({ length: dim }, () => g.integers(0, 2));
    const key = bits.join('');
    if (!seen.has(key)) { seen.add(key); out.push(bits); }
  }
  return out;
}

function perFeature(value: number | readonly number[] | null, n: number, draw: () => number, name: string): Float64Array {
  if (value === null) return Float64Array.from({ length: n }, draw);
  if (typeof value === 'number') return new Float64Array(n).fill(value);
  if (value.length !== n) throw new ValueError('makeClassification', `${name} must have one value per feature (${n}), found ${value.length}`);
  return Float64Array.from(value);
}

/**
 * A random n-class classification problem, following scikit-learn's `make_classification`: clusters of normal
 * points around vertices of a hypercube of side 2·classSep (each cluster with a random covariance), `nInformative`
 * such columns, `nRedundant` random linear combinations of them, `nRepeated` duplicated columns, the rest noise;
 * then `flipY` of the labels randomised, shift and scale applied, rows and columns shuffled. The algorithm is
 * scikit-learn's; the random stream is tasknet's, so values differ from NumPy's for the same seed.
 * Shapes: x float32 `[nSamples, nFeatures]`, y int32 `[nSamples]`.
 * @param options - scikit-learn's parameters (nSamples 100, nFeatures 20, nInformative 2, nRedundant 2, ...)
 * @throws ValueError when the column counts exceed nFeatures or 2^nInformative < nClasses·nClustersPerClass.
 * @example
 * const {x, y} = tn.data.makeClassification({nSamples: 1000, nFeatures: 10, nInformative: 4, nClasses: 3, seed: 0});
 */
export function makeClassification(options: MakeClassificationOptions = {}): { x: Tensor; y: Tensor } {
  const n = options.nSamples ?? 100;
  const nFeatures = options.nFeatures ?? 20;
  const nInf = options.nInformative ?? 2;
  const nRed = options.nRedundant ?? 2;
  const nRep = options.nRepeated ?? 0;
  const nClasses = options.nClasses ?? 2;
  const perClass = options.nClustersPerClass ?? 2;
  const classSep = options.classSep ?? 1;
  const flipY = options.flipY ?? 0.01;
  checkInt(n, 'nSamples', 1);
  checkInt(nFeatures, 'nFeatures', 1);
  checkInt(nInf, 'nInformative', 1);
  checkInt(nRed, 'nRedundant', 0);
  checkInt(nRep, 'nRepeated', 0);
  checkInt(nClasses, 'nClasses', 1);
  checkInt(perClass, 'nClustersPerClass', 1);
  if (nInf + nRed + nRep > nFeatures) {
    throw new ValueError('makeClassification', `nInformative + nRedundant + nRepeated (${nInf} + ${nRed} + ${nRep}) must be at most nFeatures (${nFeatures})`);
  }
  const nClusters = nClasses * perClass;
  if (nInf < 31 && 2 ** nInf < nClusters) {
    throw new ValueError('makeClassification', `nClasses (${nClasses}) × nClustersPerClass (${perClass}) must be at most 2^nInformative = ${2 ** nInf}`);
  }
  if (!(flipY >= 0 && flipY <= 1)) throw new ValueError('makeClassification', `flipY must be in [0, 1], found ${flipY}`);
  let weights = options.weights !== undefined ? [...options.weights] : new Array<number>(nClasses).fill(1 / nClasses);
  if (weights.length === nClasses - 1) weights = [...weights, 1 - weights.reduce((a, b) => a + b, 0)];
  if (weights.length !== nClasses) throw new ValueError('makeClassification', `weights must have nClasses (${nClasses}) or nClasses − 1 values, found ${weights.length}`);
  const g = new Generator(options.seed ?? globalGenerator.nextUint32());

  const sizes = Array.from({ length: nClusters }, (_, k) => Math.trunc(n * (weights[k % nClasses] as number) / perClass));
  for (let i = 0, rest = n - sizes.reduce((a, b) => a + b, 0); i < rest; i++) sizes[i % nClusters]! += 1;

  const centroids = hypercubeVertices(nClusters, nInf, g).map((bits) => Float64Array.from(bits, (b) => b * 2 * classSep - classSep));
  if (options.hypercube === false) {
    for (const c of centroids) { const u = g.uniform(); c.forEach((v, j) => { c[j] = v * u; }); }
    for (let j = 0; j < nInf; j++) { const u = g.uniform(); for (const c of centroids) c[j]! *= u; }
  }
  const x = new Float64Array(n * nFeatures);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < nInf; j++) x[i * nFeatures + j] = g.normal();
  let start = 0;
  const row = new Float64Array(nInf);
  centroids.forEach((centroid, k) => {
    const a = Float64Array.from({ length: nInf * nInf }, () => 2 * g.uniform() - 1);
    for (let i = start; i < start + sizes[k]!; i++) {
      y[i] = k % nClasses;
      for (let j = 0; j < nInf; j++) row[j] = x[i * nFeatures + j]!;
      for (let j = 0; j < nInf; j++) {
        let s = 0;
        for (let m = 0; m < nInf; m++) s += row[m]! * a[m * nInf + j]!;
        x[i * nFeatures + j] = s + centroid[j]!;
      }
    }
    start += sizes[k]!;
  });
  if (nRed > 0) {
    const b = Float64Array.from({ length: nInf * nRed }, () => 2 * g.uniform() - 1);
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < nRed; r++) {
        let s = 0;
        for (let m = 0; m < nInf; m++) s += x[i * nFeatures + m]! * b[m * nRed + r]!;
        x[i * nFeatures + nInf + r] = s;
      }
    }
  }
  if (nRep > 0) {
    const source = Array.from({ length: nRep }, () => Math.trunc((nInf + nRed - 1) * g.uniform() + 0.5));
    for (let i = 0; i < n; i++) source.forEach((s, r) => { x[i * nFeatures + nInf + nRed + r] = x[i * nFeatures + s]!; });
  }
  for (let i = 0; i < n; i++) for (let j = nInf + nRed + nRep; j < nFeatures; j++) x[i * nFeatures + j] = g.normal();
  if (flipY > 0) {
    const flip = Array.from({ length: n }, () => g.uniform() < flipY);
    flip.forEach((f, i) => { if (f) y[i] = g.integers(0, nClasses); });
  }
  const shift = perFeature(options.shift === undefined ? 0 : options.shift, nFeatures, () => (2 * g.uniform() - 1) * classSep, 'shift');
  const scale = perFeature(options.scale === undefined ? 1 : options.scale, nFeatures, () => 1 + 100 * g.uniform(), 'scale');
  for (let i = 0; i < n; i++) for (let j = 0; j < nFeatures; j++) x[i * nFeatures + j] = (x[i * nFeatures + j]! + shift[j]!) * scale[j]!;

  const out = new Float32Array(n * nFeatures);
  const labels = new Int32Array(n);
  const rows = options.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : g.permutation(n);
  const cols = options.shuffle === false ? Int32Array.from({ length: nFeatures }, (_, j) => j) : g.permutation(nFeatures);
  rows.forEach((src, i) => {
    labels[i] = y[src]!;
    cols.forEach((c, j) => { out[i * nFeatures + j] = x[src * nFeatures + c]!; });
  });
  return { x: fromTypedArray(out, [n, nFeatures], 'float32'), y: fromTypedArray(labels, [n], 'int32') };
}
