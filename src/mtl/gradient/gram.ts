/**
 * The Gram matrix of per-task gradients and linear combinations of them, in float64. Every
 * gradient-combination method here needs only the inner products G[i][j] = g_i · g_j to choose its
 * weights w, then forms d = Σ_i w_i g_i: one pass over the gradients for G, one for d.
 */
import { ValueError } from '../../core/index.js';

/** A flat gradient held on the host. */
export type HostVector = Float32Array | Float64Array;

/** G[i][j] = g_i · g_j: symmetric, positive semi-definite, T × T. */
export type Gram = readonly (readonly number[])[];

function dot(a: HostVector, b: HostVector): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}

function firstNonFinite(v: HostVector): number {
  return v.findIndex((x) => !Number.isFinite(x));
}

/**
 * The Gram matrix of equally long `vectors`, accumulated in float64. A NaN or infinity anywhere in
 * g_i makes g_i · g_i non-finite, so finiteness is checked at no extra cost.
 * @param op - the operation named in errors
 * @param label - how errors name gradient i, e.g. `grads[1]` or `the gradient of task 'b'`
 * @throws ValueError when a gradient holds a NaN or an infinity
 */
export function gramMatrix(vectors: readonly HostVector[], op: string, label: (i: number) => string): number[][] {
  const gram = vectors.map(() => new Array<number>(vectors.length).fill(0));
  vectors.forEach((a, i) => {
    for (let j = i; j < vectors.length; j++) {
      const value = dot(a, vectors[j] as HostVector);
      (gram[i] as number[])[j] = value;
      (gram[j] as number[])[i] = value;
    }
    const squaredNorm = (gram[i] as number[])[i] as number;
    if (!Number.isFinite(squaredNorm)) {
      const at = firstNonFinite(a);
      const found = at < 0 ? `a squared norm that overflows (${squaredNorm})` : `${a[at]} at index ${at}`;
      throw new ValueError(op, `${label(i)} must be finite, found ${found}`);
    }
  });
  return gram;
}

/** d = Σ_i weights[i]·vectors[i], accumulated in float64 and stored in `out` (rounded once). */
export function weightedSum<V extends HostVector>(vectors: readonly HostVector[], weights: readonly number[], out: V): V {
  const sum = new Float64Array(out.length);
  vectors.forEach((v, i) => {
    const w = weights[i] as number;
    if (w === 0) return;
    for (let k = 0; k < sum.length; k++) sum[k] = (sum[k] as number) + w * (v[k] as number);
  });
  out.set(sum);
  return out;
}

/** Indices of the tasks whose gradient is not exactly zero (G[i][i] > 0). */
export function nonZeroTasks(gram: Gram): number[] {
  return gram.flatMap((row, i) => ((row[i] as number) > 0 ? [i] : []));
}

/**
 * `weights` with 0 for every task whose gradient is exactly zero: such a task (no labelled sample
 * in the batch) contributes nothing whatever its coefficient, and the logs should say so.
 */
export function withoutZeroGradients(gram: Gram, weights: readonly number[]): number[] {
  return weights.map((w, i) => ((gram[i] as readonly number[])[i] === 0 ? 0 : w));
}

/** The rows and columns `indices` of `gram`. */
export function subGram(gram: Gram, indices: readonly number[]): number[][] {
  return indices.map((i) => indices.map((j) => (gram[i] as readonly number[])[j] as number));
}
