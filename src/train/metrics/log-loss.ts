/** Log loss (cross-entropy of predicted probabilities). */
import { ShapeError, ValueError } from '../../core/index.js';
import { assertAllFinite, assertSameLength, readLabels, readMatrix, type MetricInput } from './inputs.js';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 − eps]. `'auto'` (default) is the machine epsilon of the input:
   * 2⁻²³ for float32 tensors and Float32Arrays, 2⁻⁵² otherwise (scikit-learn's `eps='auto'`).
   */
  readonly eps?: number | 'auto';
}

/**
 * Mean negative log-likelihood of the true classes, `−(1/N) Σᵢ log p̃_{i,yᵢ}` where `p̃` is `probs` clipped to
 * [eps, 1−eps] and each row renormalised to sum to 1 (scikit-learn `log_loss`).
 * @param yTrue - true class labels [N]: column indices 0…C−1 of `probs` (0 or 1 for a vector of probabilities)
 * @param probs - probabilities [N,C], or the probability of class 1 as a vector [N] (or [N,1])
 * @param options - `eps` (default `'auto'`)
 * @example tn.train.logLoss([0, 1], [[0.9, 0.1], [0.2, 0.8]]); // (−ln 0.9 − ln 0.8)/2 = 0.164…
 */
export function logLoss(yTrue: MetricInput, probs: MetricInput, options: LogLossOptions = {}): number {
  const op = 'logLoss';
  const t = readLabels(yTrue, 'yTrue', op);
  const p = readMatrix(probs, 'probs', op);
  assertSameLength(t.length, p.rows, 'yTrue and probs', op);
  assertAllFinite(p, 'probs', op);
  const optEps = options.eps ?? 'auto';
  if (optEps !== 'auto' && !(optEps >= 0 && optEps < 0.5)) {
    throw new ValueError(op, `eps must be 'auto' or a number in [0, 0.5), found ${String(optEps)}`);
  }
  const eps = optEps === 'auto' ? (p.float32 ? 2 ** -23 : 2 ** -52) : optEps;
  const clip = (x: number): number => Math.min(Math.max(x, eps), 1 - eps);
  const cols = p.cols;
  if (cols === 0) throw new ShapeError(op, `probs has shape [${p.rows},0]`);
  const binary = cols === 1;
  const classes = binary ? 2 : cols;
  let total = 0;
  for (let i = 0; i < t.length; i++) {
    const y = t[i] as number;
    if (y < 0 || y >= classes) {
      throw new ValueError(op, `yTrue[${i}] = ${y} is not a class of probs with ${classes} classes (labels are 0…${classes - 1})`);
    }
    let py: number;
    let rowSum: number;
    if (binary) {
      const q = clip(p.values[i] as number);
      py = y === 1 ? q : 1 - q;
      rowSum = 1 - q + q;
    } else {
      rowSum = 0;
      for (let j = 0; j < cols; j++) rowSum += clip(p.values[i * cols + j] as number);
      py = clip(p.values[i * cols + y] as number);
    }
    total -= Math.log(py / rowSum);
  }
  return total / t.length;
}
