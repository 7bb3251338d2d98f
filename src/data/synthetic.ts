/** Small synthetic data sets (scikit-learn's generators): regression, moons, circles, blobs and XOR. */
import { Generator, globalGenerator, ValueError } from '../core/index.js';
import { fromTypedArray, type Tensor } from '../tensor/index.js';

function rngOf(seed: number | undefined): Generator {
  return new Generator(seed ?? globalGenerator.nextUint32());
}

function checkSamples(n: number, op: string, min = 1): void {
  if (!Number.isInteger(n) || n < min) throw new ValueError(op, `nSamples must be an integer ≥ ${min}, found ${n}`);
}

/** Rows of `x` (width `d`) and entries of `y` (width `k`) in the order of `perm`. */
function permuteRows<A extends Float32Array | Int32Array>(x: Float32Array, y: A, d: number, k: number, perm: Int32Array): [Float32Array, A] {
  const xo = new Float32Array(x.length);
  const yo = new (y.constructor as new (n: number) => A)(y.length);
  perm.forEach((src, i) => {
    xo.set(x.subarray(src * d, src * d + d), i * d);
    yo.set(y.subarray(src * k, src * k + k), i * k);
  });
  return [xo, yo];
}

/** Options of `makeRegression`. */
export interface MakeRegressionOptions {
  /** Rows (default 100). */
  readonly nSamples?: number;
  /** Columns (default 100). */
  readonly nFeatures?: number;
  /** Columns with a non-zero coefficient (default 10). */
  readonly nInformative?: number;
  /** Targets (default 1: y is `[N]`; more: `[N, nTargets]`). */
  readonly nTargets?: number;
  /** Intercept (default 0). */
  readonly bias?: number;
  /** Standard deviation of the Gaussian noise added to y (default 0). */
  readonly noise?: number;
  /** Shuffle rows and columns (default true). */
  readonly shuffle?: boolean;
  /** Seed (default: drawn from the global generator). */
  readonly seed?: number;
}

/**
 * A random linear regression problem (scikit-learn `make_regression`, without `effective_rank`): x standard normal,
 * `nInformative` coefficients uniform in [0, 100), the others 0; y = x·coef + bias + noise.
 * Shapes: x float32 `[N, F]`, y float32 `[N]` (or `[N, T]`), coef float32 `[F]` (or `[F, T]`).
 * @param options - nSamples (100), nFeatures (100), nInformative (10), nTargets (1), bias, noise, shuffle, seed
 * @example const {x, y, coef} = tn.data.makeRegression({nSamples: 200, nFeatures: 5, noise: 0.1, seed: 0});
 */
export function makeRegression(options: MakeRegressionOptions = {}): { x: Tensor; y: Tensor; coef: Tensor } {
  const n = options.nSamples ?? 100;
  const f = options.nFeatures ?? 100;
  const nInf = Math.min(f, options.nInformative ?? 10);
  const t = options.nTargets ?? 1;
  checkSamples(n, 'makeRegression');
  if (!Number.isInteger(f) || f < 1 || !Number.isInteger(t) || t < 1 || !Number.isInteger(nInf) || nInf < 0) {
    throw new ValueError('makeRegression', `nFeatures and nTargets must be positive integers and nInformative a non-negative one, found ${f}, ${t}, ${nInf}`);
  }
  const g = rngOf(options.seed);
  const x = Float64Array.from({ length: n * f }, () => g.normal());
  const coef = new Float64Array(f * t);
  for (let j = 0; j < nInf * t; j++) coef[j] = 100 * g.uniform();
  const y = new Float32Array(n * t);
  const noise = options.noise ?? 0;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < t; k++) {
      let s = options.bias ?? 0;
      for (let j = 0; j < nInf; j++) s += x[i * f + j]! * coef[j * t + k]!;
      y[i * t + k] = s + (noise > 0 ? noise * g.normal() : 0);
    }
  }
  const shuffle = options.shuffle ?? true;
  const cols = shuffle ? g.permutation(f) : Int32Array.from({ length: f }, (_, j) => j);
  const xc = new Float32Array(n * f);
  const coefOut = new Float32Array(f * t);
  for (let i = 0; i < n; i++) cols.forEach((c, j) => { xc[i * f + j] = x[i * f + c]!; });
  cols.forEach((c, j) => { for (let k = 0; k < t; k++) coefOut[j * t + k] = coef[c * t + k]!; });
  const [xo, yo] = shuffle ? permuteRows(xc, y, f, t, g.permutation(n)) : [xc, y];
  return {
    x: fromTypedArray(xo, [n, f], 'float32'),
    y: fromTypedArray(yo, t === 1 ? [n] : [n, t], 'float32'),
    coef: fromTypedArray(coefOut, t === 1 ? [f] : [f, t], 'float32'),
  };
}

/** Options of `makeMoons` and `makeCircles`. */
export interface MakeShapesOptions {
  /** Points (default 100), split evenly between the two classes (class 1 gets the extra one). */
  readonly nSamples?: number;
  /** Standard deviation of Gaussian noise added to the points (default 0). */
  readonly noise?: number;
  /** Shuffle the rows (default true). */
  readonly shuffle?: boolean;
  /** Seed (default: drawn from the global generator). */
  readonly seed?: number;
}

function twoClasses(points: [number, number][], nOut: number, options: MakeShapesOptions): { x: Tensor; y: Tensor } {
  const n = points.length;
  const g = rngOf(options.seed);
  const noise = options.noise ?? 0;
  const x = new Float32Array(2 * n);
  const y = Int32Array.from({ length: n }, (_, i) => (i < nOut ? 0 : 1));
  points.forEach(([a, b], i) => {
    x[2 * i] = a + (noise > 0 ? noise * g.normal() : 0);
    x[2 * i + 1] = b + (noise > 0 ? noise * g.normal() : 0);
  });
  const [xo, yo] = options.shuffle ?? true ? permuteRows(x, y, 2, 1, g.permutation(n)) : [x, y];
  return { x: fromTypedArray(xo, [n, 2], 'float32'), y: fromTypedArray(yo, [n], 'int32') };
}

function arc(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (count > 1 ? Math.PI * i / (count - 1) : 0));
}

/**
 * Two interleaving half circles (scikit-learn `make_moons`): class 0 on (cos t, sin t), class 1 on
 * (1 − cos t, 1 − sin t − 0.5), t in [0, π].
 * Shapes: x float32 `[N, 2]`, y int32 `[N]`.
 * @param options - nSamples (100), noise (0), shuffle (true), seed
 * @example const {x, y} = tn.data.makeMoons({nSamples: 200, noise: 0.1, seed: 0});
 */
export function makeMoons(options: MakeShapesOptions = {}): { x: Tensor; y: Tensor } {
  const n = options.nSamples ?? 100;
  checkSamples(n, 'makeMoons', 2);
  const nOut = Math.floor(n / 2);
  const outer = arc(nOut).map((t): [number, number] => [Math.cos(t), Math.sin(t)]);
  const inner = arc(n - nOut).map((t): [number, number] => [1 - Math.cos(t), 1 - Math.sin(t) - 0.5]);
  return twoClasses([...outer, ...inner], nOut, options);
}

/**
 * Two concentric circles (scikit-learn `make_circles`): class 0 on the unit circle, class 1 on a circle of radius
 * `factor`.
 * Shapes: x float32 `[N, 2]`, y int32 `[N]`.
 * @param options - nSamples (100), noise (0), factor (0.8), shuffle (true), seed
 * @example const {x, y} = tn.data.makeCircles({nSamples: 200, noise: 0.05, factor: 0.5, seed: 0});
 */
export function makeCircles(options: MakeShapesOptions & { readonly factor?: number } = {}): { x: Tensor; y: Tensor } {
  const n = options.nSamples ?? 100;
  checkSamples(n, 'makeCircles', 2);
  const factor = options.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new ValueError('makeCircles', `factor must be in [0, 1), found ${factor}`);
  const nOut = Math.floor(n / 2);
  const ring = (count: number, r: number): [number, number][] =>
    Array.from({ length: count }, (_, i) => [r * Math.cos(2 * Math.PI * i / count), r * Math.sin(2 * Math.PI * i / count)]);
  return twoClasses([...ring(nOut, 1), ...ring(n - nOut, factor)], nOut, options);
}

/** Options of `makeBlobs`. */
export interface MakeBlobsOptions {
  /** Points (default 100), spread evenly over the centres (the first ones get the remainder). */
  readonly nSamples?: number;
  /** Dimensions (default 2; ignored when `centers` lists coordinates). */
  readonly nFeatures?: number;
  /** Number of centres drawn uniformly in `centerBox` (default 3), or their coordinates. */
  readonly centers?: number | readonly (readonly number[])[];
  /** Standard deviation of each blob: one number or one per centre (default 1). */
  readonly clusterStd?: number | readonly number[];
  /** Box the random centres are drawn from (default [−10, 10]). */
  readonly centerBox?: readonly [number, number];
  /** Shuffle the rows (default true). */
  readonly shuffle?: boolean;
  /** Seed (default: drawn from the global generator). */
  readonly seed?: number;
}

/**
 * Isotropic Gaussian blobs (scikit-learn `make_blobs`).
 * Shapes: x float32 `[N, F]`, y int32 `[N]` (the centre index), centers float32 `[K, F]`.
 * @param options - nSamples (100), nFeatures (2), centers (3), clusterStd (1), centerBox ([−10, 10]), shuffle, seed
 * @example const {x, y} = tn.data.makeBlobs({nSamples: 300, centers: 4, clusterStd: 0.6, seed: 0});
 */
export function makeBlobs(options: MakeBlobsOptions = {}): { x: Tensor; y: Tensor; centers: Tensor } {
  const n = options.nSamples ?? 100;
  checkSamples(n, 'makeBlobs');
  const g = rngOf(options.seed);
  const [lo, hi] = options.centerBox ?? [-10, 10];
  const spec = options.centers ?? 3;
  const centers = typeof spec === 'number'
    ? Array.from({ length: spec }, () => Array.from({ length: options.nFeatures ?? 2 }, () => g.uniform(lo, hi)))
    : spec.map((c) => [...c]);
  const k = centers.length;
  const d = centers[0]?.length ?? 0;
  if (k < 1 || d < 1 || centers.some((c) => c.length !== d)) {
    throw new ValueError('makeBlobs', `centers must be a positive count or a list of points of one dimension, found ${JSON.stringify(spec)}`);
  }
  const stds = typeof options.clusterStd === 'object' ? [...options.clusterStd] : new Array<number>(k).fill(options.clusterStd ?? 1);
  if (stds.length !== k) throw new ValueError('makeBlobs', `clusterStd must have one value per centre (${k}), found ${stds.length}`);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const count = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < count; i++, row++) {
      y[row] = c;
      for (let j = 0; j < d; j++) x[row * d + j] = centers[c]![j]! + stds[c]! * g.normal();
    }
  }
  const [xo, yo] = options.shuffle ?? true ? permuteRows(x, y, d, 1, g.permutation(n)) : [x, y];
  return {
    x: fromTypedArray(xo, [n, d], 'float32'),
    y: fromTypedArray(yo, [n], 'int32'),
    centers: fromTypedArray(Float32Array.from(centers.flat()), [k, d], 'float32'),
  };
}

/**
 * The four XOR points: x float32 `[4, 2]` = [[0,0],[0,1],[1,0],[1,1]], y int32 `[4]` = [0, 1, 1, 0].
 * @example const {x, y} = tn.data.xor();
 */
export function xor(): { x: Tensor; y: Tensor } {
  return {
    x: fromTypedArray(Float32Array.of(0, 0, 0, 1, 1, 0, 1, 1), [4, 2], 'float32'),
    y: fromTypedArray(Int32Array.of(0, 1, 1, 0), [4], 'int32'),
  };
}
