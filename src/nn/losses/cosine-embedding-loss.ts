/** Cosine embedding loss: pull similar pairs together, push dissimilar ones below a margin. */
import { formatShape, ShapeError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { add, clamp, div, eq, mul, sqrt, sub, sum, where } from '../../ops/index.js';
import { applyReduction, checkFinite, checkReduction, type ReductionOptions } from './reduction.js';
import { scoped } from '../../tensor/index.js';

/** Options of `cosineEmbeddingLoss`. */
export interface CosineEmbeddingLossOptions extends ReductionOptions {
  /** Dissimilar pairs cost max(0, cos − margin); a value in [−1, 1], 0 to 0.5 suggested (default 0). */
  readonly margin?: number;
}

const EPSILON = 1e-12;

/**
 * Cosine embedding loss (PyTorch `F.cosine_embedding_loss`), cos = Σx₁x₂ / √((Σx₁² + ε)(Σx₂² + ε)), ε = 1e−12:
 * ℓᵢ = 1 − cosᵢ if yᵢ = 1, max(0, cosᵢ − margin) if yᵢ = −1 (and 0 for any other label).
 * @param x1 - embeddings [N, D] (or one pair [D])
 * @param x2 - embeddings [N, D] (or [D])
 * @param y - labels 1 (similar) or −1 (dissimilar), [N] (or a scalar []); int32 or float
 * @param options - `margin` (default 0), `reduction` (`'mean'` default, `'sum'`, `'none'` giving [N])
 * @throws ShapeError when the ranks do not fit: y [N] needs 2-D inputs, y [] needs 1-D inputs
 * @example const loss = tn.cosineEmbeddingLoss(a, b, tn.tensor([1, -1, 1], {dtype: 'int32'}), {margin: 0.2});
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, y: Tensor, options: CosineEmbeddingLossOptions = {}): Tensor {
  const op = 'cosineEmbeddingLoss';
  const reduction = checkReduction(options.reduction ?? 'mean', op);
  const margin = checkFinite(options.margin ?? 0, 'margin', op);
  return scoped([x1, x2, y], () => {
    if (y.ndim > 1) throw new ShapeError(op, `y must be [N] or a scalar [], found ${formatShape(y.shape)}`);
    const rank = y.ndim + 1;
    if (x1.ndim !== rank || x2.ndim !== rank) {
      throw new ShapeError(op, `a ${y.ndim === 1 ? '1-D' : 'scalar'} y ${formatShape(y.shape)} expects ${rank}-D inputs, ` +
        `found ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`);
    }
    const dim = y.ndim;
    const dot = sum(mul(x1, x2), dim);
    const m1 = add(sum(mul(x1, x1), dim), EPSILON);
    const m2 = add(sum(mul(x2, x2), dim), EPSILON);
    const cos = div(dot, sqrt(mul(m1, m2)));
    const pos = where(eq(y, 1), sub(1, cos), 0);
    const neg = where(eq(y, -1), clamp(sub(cos, margin), 0), 0);
    return applyReduction(add(pos, neg), reduction);
  });
}
