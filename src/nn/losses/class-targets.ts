/**
 * Shared by `nllLoss` and `crossEntropy`: checking class-index targets and the weighted, masked
 * negative log-likelihood per element with PyTorch's normalisation.
 */
import { DTypeError, formatShape, shapesEqual, ShapeError, stridesOf, ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { cast, checkBounds, div, gather, mul, ne, neg, reshape, squeeze, sum, take, unsqueeze, where } from '../../ops/index.js';
import type { Reduction } from './reduction.js';

/** The class dimension of an input: 0 for an unbatched [C] input, else 1 ([N, C] or [N, C, d1, ...]). */
export function classDim(input: Tensor): number {
  return input.ndim === 1 ? 0 : 1;
}

/** Throw unless `input` is [C], [N, C] or [N, C, d1, ...]. */
export function checkInputRank(op: string, input: Tensor): void {
  if (input.ndim === 0) throw new ShapeError(op, 'input must be [C], [N, C] or [N, C, d1, ...], found a scalar []');
}

/** The class-index target shape for `input`: [] for [C], [N] for [N, C], [N, d1, ...] for [N, C, d1, ...]. */
export function indexTargetShape(input: Tensor): number[] {
  return input.ndim === 1 ? [] : [input.shape[0] as number, ...input.shape.slice(2)];
}

function position(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return String(flat);
  const strides = stridesOf(shape);
  return `[${shape.map((d, i) => Math.floor(flat / (strides[i] as number)) % d).join(',')}]`;
}

/**
 * Check an int32 class-index target against `input` and every label against the class count
 * (labels equal to `ignoreIndex` are allowed).
 * @throws DTypeError for a non-int32 target; ShapeError for a wrong shape;
 *   ValueError `crossEntropy: target 12 is out of range for 10 classes (at position 3)`
 */
export function checkIndexTarget(op: string, input: Tensor, target: Tensor, ignoreIndex: number): void {
  if (target.dtype !== 'int32') {
    throw new DTypeError(op, `class-index targets must be int32, found ${target.dtype}; use int32 labels, e.g. tn.tensor(labels, {dtype: 'int32'})`);
  }
  const expected = indexTargetShape(input);
  if (!shapesEqual(target.shape, expected)) {
    throw new ShapeError(op, `expected a target of shape ${formatShape(expected)} for input ${formatShape(input.shape)}, found ${formatShape(target.shape)}`);
  }
  const classes = input.shape[classDim(input)] as number;
  checkBounds(target, {
    op, low: 0, high: classes - 1, exempt: ignoreIndex,
    message: (v, i) => `target ${v} is out of range for ${classes} classes${i === undefined ? '' : ` (at position ${position(i, target.shape)})`}`,
  });
}

/** Throw unless `weight` is a 1-D float tensor with one value per class. */
export function checkClassWeight(op: string, weight: Tensor | undefined, classes: number): void {
  if (weight === undefined) return;
  if (weight.ndim !== 1 || weight.shape[0] !== classes) {
    throw new ShapeError(op, `weight must have shape [${classes}] (one value per class), found ${formatShape(weight.shape)}`);
  }
  if (weight.dtype !== 'float32' && weight.dtype !== 'float64') throw new DTypeError(op, `weight must be float32 or float64, found ${weight.dtype}`);
}

/** Throw unless `ignoreIndex` is an integer. */
export function checkIgnoreIndex(op: string, ignoreIndex: unknown): number {
  if (typeof ignoreIndex !== 'number' || !Number.isInteger(ignoreIndex)) {
    throw new ValueError(op, `ignoreIndex must be an integer, found ${String(ignoreIndex)}`);
  }
  return ignoreIndex;
}

/** Per-element negative log-likelihood terms with their normalising weights. */
export interface IndexTerms {
  /** wᵢ·(−log pᵢ,yᵢ), 0 where the target is ignored; shape of the target. */
  readonly nll: Tensor;
  /** wᵢ = weight[yᵢ] (1 without weights), 0 where ignored: the denominators of the mean. */
  readonly w: Tensor;
  /** Where the target is not `ignoreIndex` (bool). */
  readonly valid: Tensor;
}

/** `logp` [C] / [N, C, ...] and a checked class-index `target`: the per-element terms of the NLL. */
export function indexTerms(logp: Tensor, target: Tensor, weight: Tensor | undefined, ignoreIndex: number): IndexTerms {
  const dim = classDim(logp);
  const valid = ne(target, ignoreIndex);
  const safe = where(valid, target, 0);
  const picked = squeeze(gather(logp, dim, unsqueeze(safe, dim)), dim);
  const w = where(valid, weight === undefined ? 1 : take(weight, safe), 0);
  const wt = cast(w, picked.dtype === 'float64' || w.dtype === 'float64' ? 'float64' : 'float32');
  return { nll: where(valid, neg(mul(picked, wt)), 0), w: wt, valid };
}

/**
 * Reduce per-element losses with PyTorch's class-index rule: `'mean'` divides Σ losses by Σ wᵢ over
 * non-ignored elements (NaN when every target is ignored), `'sum'` adds, `'none'` keeps them.
 */
export function reduceWeighted(loss: Tensor, w: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'sum') return sum(loss);
  return div(sum(loss), sum(w));
}

/** `weight` [C] viewed to broadcast along the class dimension of `input`: [C] or [1, C, 1, ...]. */
export function classWeightView(weight: Tensor, input: Tensor): Tensor {
  if (input.ndim === 1) return weight;
  return reshape(weight, input.shape.map((d, i) => (i === 1 ? d : 1)));
}
