/** Turning numbers into tensors and bringing operands to one dtype before a kernel runs. */
import { DTypeError, isFloatDType, promoteTypes, ValueError, type DType } from '../core/index.js';
import { primitives, scalarTensor, Tensor } from '../tensor/index.js';

/** A tensor or a plain number (a scalar operand). */
export type TensorLike = Tensor | number;

/** The dtype a number takes next to a tensor of `other` dtype (as PyTorch's type promotion). */
function scalarDType(value: number, other: DType | undefined): DType {
  if (other !== undefined && isFloatDType(other)) return other;
  return Number.isInteger(value) ? 'int32' : 'float32';
}

/** `value` as a tensor; numbers become scalars of a dtype compatible with `like`. */
export function asTensor(value: TensorLike, like?: Tensor): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value !== 'number') {
    throw new ValueError('asTensor', `expected a Tensor or a number, found ${typeof value}`);
  }
  return scalarTensor(value, scalarDType(value, like?.dtype));
}

/** Both operands as tensors of their promoted dtype. */
export function promotePair(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const ta = asTensor(a, b instanceof Tensor ? b : undefined);
  const tb = asTensor(b, ta);
  const dtype = promoteTypes(ta.dtype, tb.dtype);
  return [primitives.cast(ta, dtype), primitives.cast(tb, dtype)];
}

/** `x` converted to a floating dtype (float32 for int32/bool), for ops defined only on reals. */
export function asFloat(x: Tensor): Tensor {
  return isFloatDType(x.dtype) ? x : primitives.cast(x, 'float32');
}

/**
 * Check a scalar argument is a finite number (NaN and ±Infinity rejected).
 * @throws ValueError `leakyRelu: negativeSlope must be a finite number, found NaN`
 */
export function assertFinite(value: number, name: string, op: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, `${name} must be a finite number, found ${String(value)}`);
  }
}

/** Check that a tensor holds integer indices (int32). */
export function assertIndices(t: Tensor, name: string, op: string): void {
  if (t.dtype !== 'int32') throw new DTypeError(op, `${name} must be an int32 tensor, found ${t.dtype}`);
}
