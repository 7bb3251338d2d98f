/** Element-wise arithmetic, comparisons, logic and selection, with NumPy broadcasting. */
import { DTypeError, ValueError, isFloatDType, type DType } from '../core/index.js';
import type { ArithmeticOp, CompareOp } from '../backend/index.js';
import { primitives, runKernel, type Tensor, scoped } from '../tensor/index.js';
import { assertFinite, asTensor, promotePair, type TensorLike } from './operand.js';

function arithmetic(op: ArithmeticOp, a: TensorLike, b: TensorLike): Tensor {
  return scoped([a, b], () => {
    let [ta, tb] = promotePair(a, b);
    if (op === 'div' && !isFloatDType(ta.dtype)) {
      ta = primitives.cast(ta, 'float32');
      tb = primitives.cast(tb, 'float32');
    }
    if (ta.dtype === 'bool' && op !== 'maximum' && op !== 'minimum') {
      ta = primitives.cast(ta, 'int32');
      tb = primitives.cast(tb, 'int32');
    }
    return runKernel('binary', [ta, tb], { op }, op);
  });
}

function compare(op: CompareOp, a: TensorLike, b: TensorLike): Tensor {
  return scoped([a, b], () => {
    const [ta, tb] = promotePair(a, b);
    return runKernel('binary', [ta, tb], { op }, op);
  });
}

/** a + b (broadcast). @example tn.add(x, 1) */
export function add(a: TensorLike, b: TensorLike): Tensor { return arithmetic('add', a, b); }
/** a − b (broadcast). */
export function sub(a: TensorLike, b: TensorLike): Tensor { return arithmetic('sub', a, b); }
/** a · b element-wise (broadcast). */
export function mul(a: TensorLike, b: TensorLike): Tensor { return arithmetic('mul', a, b); }
/** a / b, true division (integers give float32). */
export function div(a: TensorLike, b: TensorLike): Tensor { return arithmetic('div', a, b); }
/** aᵇ element-wise; d/da = b·aᵇ⁻¹, d/db = aᵇ·ln a. */
export function pow(a: TensorLike, b: TensorLike): Tensor { return arithmetic('pow', a, b); }
/** max(a, b) element-wise; on a tie the gradient is shared equally (as PyTorch). */
export function maximum(a: TensorLike, b: TensorLike): Tensor { return arithmetic('maximum', a, b); }
/** min(a, b) element-wise. */
export function minimum(a: TensorLike, b: TensorLike): Tensor { return arithmetic('minimum', a, b); }

/** a == b (bool). */
export function eq(a: TensorLike, b: TensorLike): Tensor { return compare('eq', a, b); }
/** a ≠ b (bool). */
export function ne(a: TensorLike, b: TensorLike): Tensor { return compare('ne', a, b); }
/** a < b (bool). */
export function lt(a: TensorLike, b: TensorLike): Tensor { return compare('lt', a, b); }
/** a ≤ b (bool). */
export function le(a: TensorLike, b: TensorLike): Tensor { return compare('le', a, b); }
/** a > b (bool). */
export function gt(a: TensorLike, b: TensorLike): Tensor { return compare('gt', a, b); }
/** a ≥ b (bool). */
export function ge(a: TensorLike, b: TensorLike): Tensor { return compare('ge', a, b); }
/** a AND b, non-zero meaning true (bool). */
export function logicalAnd(a: TensorLike, b: TensorLike): Tensor { return compare('logicalAnd', a, b); }
/** a OR b, non-zero meaning true (bool). */
export function logicalOr(a: TensorLike, b: TensorLike): Tensor { return compare('logicalOr', a, b); }

/**
 * Pick `input` where `condition` holds and `other` elsewhere (all broadcast; PyTorch `torch.where`).
 * @throws DTypeError when `condition` is not bool.
 */
export function where(condition: Tensor, input: TensorLike, other: TensorLike): Tensor {
  return scoped([condition, input, other], () => {
    if (condition.dtype !== 'bool') throw new DTypeError('where', `condition must be bool, found ${condition.dtype}`);
    const [a, b] = promotePair(input, other);
    return runKernel('where', [condition, a, b], {}, 'where');
  });
}

/**
 * Limit values to [min, max]; the gradient is 1 inside (boundaries included) and 0 outside.
 * @throws ValueError when both bounds are missing or a bound is NaN.
 */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  return scoped([x], () => {
    if (min === undefined && max === undefined) throw new ValueError('clamp', 'at least one of min and max must be given');
    if (min !== undefined && Number.isNaN(min)) throw new ValueError('clamp', 'min must not be NaN');
    if (max !== undefined && Number.isNaN(max)) throw new ValueError('clamp', 'max must not be NaN');
    let y = x;
    if (min !== undefined) y = where(lt(y, min), asTensor(min, x), y);
    if (max !== undefined) y = where(gt(y, max), asTensor(max, x), y);
    return y;
  });
}

/** Convert to another dtype (PyTorch `x.to(dtype)`); differentiable between float dtypes. */
export function cast(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : runKernel('cast', [x], { dtype }, 'cast');
}

/** A copy of `x` with its own storage (differentiable). */
export function clone(x: Tensor): Tensor {
  return runKernel('expand', [x], { shape: x.shape }, 'clone');
}

export { assertFinite };
