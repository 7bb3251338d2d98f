/** Label and feature checks shared by the estimators. */
import { DTypeError, formatShape, isFloatDType, ShapeError } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';

/** Check `x` is [N, F] numeric and `y` is [N] int32. */
export function checkFeatures(x: Tensor, y: Tensor, op: string): void {
  if (x.ndim !== 2) throw new ShapeError(op, `features must be 2-D [N, F], found ${formatShape(x.shape)}`);
  if (!isFloatDType(x.dtype) && x.dtype !== 'int32') throw new DTypeError(op, `features must be numeric, found ${x.dtype}`);
  if (y.dtype !== 'int32') throw new DTypeError(op, `labels must be int32 class values, found ${y.dtype}`);
  if (y.ndim !== 1 || y.shape[0] !== x.shape[0]) {
    throw new ShapeError(op, `labels must be [${x.shape[0]}] to match features ${formatShape(x.shape)}, found ${formatShape(y.shape)}`);
  }
}

/** Sorted distinct label values. */
export function uniqueClasses(y: Tensor): number[] {
  return [...new Set(Array.from(y.dataSync(), Number))].sort((a, b) => a - b);
}

/** Each label's position in `classes`. */
export function classIndex(y: Tensor, classes: readonly number[]): Int32Array {
  const position = new Map(classes.map((c, i) => [c, i]));
  return Int32Array.from(y.dataSync(), (v) => position.get(v) ?? -1);
}
