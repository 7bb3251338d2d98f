/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, on flat float64 vectors: the solver
 * scikit-learn's LogisticRegression uses by default (`lbfgs`), here for small convex problems.
 */

/** Objective: returns the value and writes the gradient into `grad`. */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

/** Options of minimizeLbfgs. */
export interface LbfgsOptions {
  /** Iterations at most (default 100, as scikit-learn). */
  readonly maxIter?: number;
  /** Stop when the largest gradient component is below this (default 1e-4, scikit-learn's `tol`). */
  readonly tol?: number;
  /** History size (default 10). */
  readonly memory?: number;
}

/** Result of minimizeLbfgs. */
export interface LbfgsResult {
  /** The minimiser found. */
  readonly x: Float64Array;
  /** Objective value there. */
  readonly value: number;
  /** Iterations used. */
  readonly iterations: number;
  /** True when the gradient criterion was met. */
  readonly converged: boolean;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Minimise a smooth function from `x0`: two-loop recursion for the direction, Armijo backtracking
 * for the step.
 */
export function minimizeLbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-4;
  const m = options.memory ?? 10;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = f(x, g);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  let iterations = 0;
  for (; iterations < maxIter && maxAbs(g) > tol; iterations++) {
    // two-loop recursion: d = −H·g
    const q = Float64Array.from(g);
    const alphas: number[] = [];
    for (let k = ss.length - 1; k >= 0; k--) {
      const rho = 1 / dot(ys[k] as Float64Array, ss[k] as Float64Array);
      const a = rho * dot(ss[k] as Float64Array, q);
      alphas.push(a);
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) - a * ((ys[k] as Float64Array)[i] as number);
    }
    if (ss.length > 0) {
      const last = ss.length - 1;
      const gamma = dot(ss[last] as Float64Array, ys[last] as Float64Array) / dot(ys[last] as Float64Array, ys[last] as Float64Array);
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) * gamma;
    }
    for (let k = 0; k < ss.length; k++) {
      const rho = 1 / dot(ys[k] as Float64Array, ss[k] as Float64Array);
      const b = rho * dot(ys[k] as Float64Array, q);
      const a = alphas[ss.length - 1 - k] as number;
      for (let i = 0; i < n; i++) q[i] = (q[i] as number) + (a - b) * ((ss[k] as Float64Array)[i] as number);
    }
    const d = q.map((v) => -v);
    let slope = dot(g, d);
    if (slope >= 0) { // not a descent direction: restart with steepest descent
      ss.length = 0; ys.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(g[i] as number);
      slope = dot(g, d);
    }
    let step = ss.length === 0 ? Math.min(1, 1 / Math.max(maxAbs(g), 1e-12)) : 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let valueNew = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (d[i] as number);
      valueNew = f(xNew, gNew);
      if (valueNew <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(valueNew <= value)) break; // no progress possible
    const s = xNew.map((v, i) => v - (x[i] as number));
    const y = gNew.map((v, i) => v - (g[i] as number));
    if (dot(s, y) > 1e-10) {
      ss.push(s); ys.push(y);
      if (ss.length > m) { ss.shift(); ys.shift(); }
    }
    x = Float64Array.from(xNew);
    g = Float64Array.from(gNew);
    value = valueNew;
  }
  return { x, value, iterations, converged: maxAbs(g) <= tol };
}
