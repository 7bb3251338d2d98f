/**
 * The min-norm point of the convex hull of gradients, from their Gram matrix:
 * min_{w ∈ Δ} ‖Σ_i w_i g_i‖² = min_{w ∈ Δ} wᵀGw (Δ: the probability simplex).
 */
import type { Gram } from './gram.js';

/** Frank–Wolfe stops when its pairwise gap falls below this fraction of max_i G[i][i]. */
const GAP_TOLERANCE = 1e-12;
/** An upper bound on Frank–Wolfe iterations (each costs O(T²); Sener & Koltun use 250). */
const MAX_ITERATIONS = 10000;

/**
 * The weight γ on a in min_{γ ∈ [0,1]} ‖γa + (1−γ)b‖², from aa = a·a, ab = a·b, bb = b·b:
 * γ = clamp((bb − ab) / (aa − 2ab + bb), 0, 1), and ½ when a = b.
 */
function minNormOfTwo(aa: number, ab: number, bb: number): number {
  const denominator = aa - 2 * ab + bb;
  if (!(denominator > 0)) return 0.5;
  return Math.min(1, Math.max(0, (bb - ab) / denominator));
}

/**
 * Weights w on the simplex that minimise wᵀGw: one task, weight 1; two tasks, the closed form
 * `minNormOfTwo`; more, Frank–Wolfe in its pairwise form (Lacoste-Julien & Jaggi 2015), which
 * converges linearly where the plain method of Sener & Koltun's Algorithm 2 zigzags: from w = 1/T,
 * with Gw the gradient (halved), move weight from the worst task in the support,
 * s = argmax_{w_s > 0} (Gw)_s, to the best, t = argmin_r (Gw)_r, by the exact line search
 * γ = clamp(((Gw)_s − (Gw)_t) / ‖g_t − g_s‖², 0, w_s), until (Gw)_s − (Gw)_t is negligible
 * (then every task in the support has the same (Gw)_i ≤ all others: the optimality conditions).
 * @param gram - G[i][j] = g_i · g_j, T ≥ 1
 */
export function minNormWeights(gram: Gram): number[] {
  const n = gram.length;
  if (n === 1) return [1];
  if (n === 2) {
    const gamma = minNormOfTwo(gram[0]![0]!, gram[0]![1]!, gram[1]![1]!);
    return [gamma, 1 - gamma];
  }
  const scale = Math.max(...gram.map((row, i) => row[i] as number));
  const w = new Array<number>(n).fill(1 / n);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const gw = gram.map((row) => row.reduce((sum, g, j) => sum + g * (w[j] as number), 0));
    let t = 0;
    let s = -1;
    gw.forEach((v, i) => {
      if (v < (gw[t] as number)) t = i;
      if ((w[i] as number) > 0 && (s < 0 || v > (gw[s] as number))) s = i;
    });
    const gap = (gw[s] as number) - (gw[t] as number);
    if (gap <= GAP_TOLERANCE * scale) break;
    const curvature = gram[t]![t]! - 2 * gram[t]![s]! + gram[s]![s]!;
    const gamma = curvature > 0 ? Math.min(gap / curvature, w[s] as number) : (w[s] as number);
    w[t] = (w[t] as number) + gamma;
    w[s] = (w[s] as number) - gamma;
  }
  return w;
}
