/** Reductions: sum, mean, max, min, argmax, argmin, var, std, norm, logSumExp. */
import { normalizeAxes, normalizeAxis, sizeOf, ValueError } from '../core/index.js';
import { noGrad, reshapeView, runKernel, type Tensor, scoped } from '../tensor/index.js';
import { add, div, eq, mul, pow, sub, where } from './arithmetic.js';
import { abs, exp, log, sqrt } from './math.js';
import { asFloat } from './operand.js';

/** One axis, several axes, or undefined for all of them. */
export type Dim = number | readonly number[] | undefined;

function reduce(op: 'sum' | 'max' | 'min', x: Tensor, dim: Dim, keepDim: boolean): Tensor {
  const axes = normalizeAxes(dim, x.ndim, op);
  return runKernel('reduce', [x], { op, axes, keepDims: keepDim }, op);
}

function countOver(x: Tensor, dim: Dim): number {
  const axes = normalizeAxes(dim, x.ndim, 'mean');
  return axes.reduce((n, a) => n * (x.shape[a] as number), 1);
}

/** Σ x over `dim` (all axes by default). Bool sums to int32. @example tn.sum(x, 1, true) */
export function sum(x: Tensor, dim?: Dim, keepDim = false): Tensor {
  return reduce('sum', x, dim, keepDim);
}

/** Arithmetic mean over `dim` (integers are averaged as float32). */
export function mean(x: Tensor, dim?: Dim, keepDim = false): Tensor {
  return scoped([x], () => {
    const n = countOver(x, dim);
    return div(reduce('sum', asFloat(x), dim, keepDim), n);
  });
}

/** Largest value over `dim` (values only, as `torch.amax`; ties share the gradient). */
export function max(x: Tensor, dim?: Dim, keepDim = false): Tensor {
  return reduce('max', x, dim, keepDim);
}

/** Smallest value over `dim` (values only, as `torch.amin`). */
export function min(x: Tensor, dim?: Dim, keepDim = false): Tensor {
  return reduce('min', x, dim, keepDim);
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepDim: boolean): Tensor {
  return scoped([x], () => {
    if (dim === undefined) {
      const flat = reshapeView(x, [x.size], op);
      const index = runKernel('argReduce', [flat], { op, axis: 0, keepDims: false }, op);
      return keepDim ? reshapeView(index, x.shape.map(() => 1), op) : index;
    }
    return runKernel('argReduce', [x], { op, axis: normalizeAxis(dim, x.ndim, op), keepDims: keepDim }, op);
  });
}

/** Index of the first maximum along `dim` (of the flattened tensor when omitted); int32. */
export function argmax(x: Tensor, dim?: number, keepDim = false): Tensor {
  return argReduce('argmax', x, dim, keepDim);
}

/** Index of the first minimum along `dim`; int32. */
export function argmin(x: Tensor, dim?: number, keepDim = false): Tensor {
  return argReduce('argmin', x, dim, keepDim);
}

/**
 * Variance Σ(x − x̄)² / (N − correction) over `dim`; `correction = 1` is the unbiased estimate (PyTorch default).
 */
export function variance(x: Tensor, dim?: Dim, keepDim = false, correction = 1): Tensor {
  return scoped([x], () => {
    const xf = asFloat(x);
    const n = countOver(xf, dim);
    const centred = sub(xf, mean(xf, dim, true));
    return div(sum(mul(centred, centred), dim, keepDim), Math.max(0, n - correction));
  });
}

/** Standard deviation √var over `dim`. */
export function std(x: Tensor, dim?: Dim, keepDim = false, correction = 1): Tensor {
  return scoped([x], () => {
    return sqrt(variance(x, dim, keepDim, correction));
  });
}

/**
 * Vector p-norm over `dim` (`torch.linalg.vector_norm`): (Σ|x|ᵖ)^(1/p); p may be Infinity.
 * @throws ValueError when p is NaN or not positive.
 */
export function norm(x: Tensor, p = 2, dim?: Dim, keepDim = false): Tensor {
  return scoped([x], () => {
    if (!(p > 0)) throw new ValueError('norm', `p must be positive (or Infinity), found ${p}`);
    const xf = asFloat(x);
    if (p === Infinity) return max(abs(xf), dim, keepDim);
    if (p === 1) return sum(abs(xf), dim, keepDim);
    if (p === 2) return sqrt(sum(mul(xf, xf), dim, keepDim));
    return pow(sum(pow(abs(xf), p), dim, keepDim), 1 / p);
  });
}

/** log Σ exp(x) over `dim`, computed stably as m + log Σ exp(x − m) with m = max (no gradient through m). */
export function logSumExp(x: Tensor, dim: Dim, keepDim = false): Tensor {
  return scoped([x], () => {
    const xf = asFloat(x);
    if (sizeOf(xf.shape) === 0) throw new ValueError('logSumExp', 'cannot reduce an empty tensor');
    // m = max, with ±∞ replaced by 0 so that all −∞ rows give −∞ rather than NaN
    const m = noGrad(() => {
      const raw = max(xf, dim, true);
      return where(eq(abs(raw), Infinity), 0, raw);
    });
    const lse = add(log(sum(exp(sub(xf, m)), dim, true)), m);
    return keepDim ? lse : reshapeView(lse, reducedShape(xf, dim), 'logSumExp');
  });
}

/** Shape of `x` with the axes of `dim` removed. */
export function reducedShape(x: Tensor, dim: Dim): number[] {
  const axes = normalizeAxes(dim, x.ndim, 'reduce');
  return x.shape.filter((_, i) => !axes.includes(i));
}
