/** Shape manipulation: reshape, flatten, squeeze, unsqueeze, transpose, permute, expand. */
import { formatShape, normalizeAxes, normalizeAxis, ShapeError, sizeOf, ValueError, type Shape } from '../core/index.js';
import { reshapeView, runKernel, type Tensor } from '../tensor/index.js';

/**
 * Same elements, new shape; one dimension may be −1 (inferred). Shares storage (a view).
 * @throws ShapeError when the sizes differ: `reshape: cannot view [2,3] (6 elements) as [4,2] (8 elements)`
 */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const inferred = shape.indexOf(-1);
  if (inferred >= 0) {
    if (shape.indexOf(-1, inferred + 1) >= 0) throw new ValueError('reshape', `only one dimension can be -1, found ${formatShape(shape)}`);
    const known = sizeOf(shape.filter((_, i) => i !== inferred));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError('reshape', `cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}`);
    }
    shape = shape.map((d, i) => (i === inferred ? x.size / known : d));
  }
  return reshapeView(x, shape, 'reshape');
}

/** Merge dimensions `startDim … endDim` into one. @example tn.flatten(x, 1) // [N,C,H,W] → [N,C·H·W] */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshapeView(x, [1], 'flatten');
  const s = normalizeAxis(startDim, x.ndim, 'flatten');
  const e = normalizeAxis(endDim, x.ndim, 'flatten');
  if (s > e) throw new ValueError('flatten', `startDim (${startDim}) must not come after endDim (${endDim})`);
  const merged = sizeOf(x.shape.slice(s, e + 1));
  return reshapeView(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)], 'flatten');
}

/** Remove size-1 dimensions (all of them, or those in `dim` that have size 1). */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  const axes = dim === undefined ? x.shape.map((_, i) => i) : normalizeAxes(dim, x.ndim, 'squeeze');
  return reshapeView(x, x.shape.filter((d, i) => !(d === 1 && axes.includes(i))), 'squeeze');
}

/** Insert a size-1 dimension at `dim` (−rank−1 … rank). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const axis = normalizeAxis(dim, x.ndim + 1, 'unsqueeze');
  return reshapeView(x, [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)], 'unsqueeze');
}

/** Reorder dimensions: result dimension i is input dimension `dims[i]` (copies). */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.ndim) {
    throw new ShapeError('permute', `expected ${x.ndim} dimensions for a tensor of shape ${formatShape(x.shape)}, found [${dims.join(',')}]`);
  }
  const perm = dims.map((d) => normalizeAxis(d, x.ndim, 'permute'));
  if (perm.every((p, i) => p === i)) return x;
  return runKernel('permute', [x], { perm }, 'permute');
}

/** Swap dimensions `dim0` and `dim1`. @example tn.transpose(w, 0, 1) */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeAxis(dim0, x.ndim, 'transpose');
  const b = normalizeAxis(dim1, x.ndim, 'transpose');
  const perm = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, perm);
}

/**
 * Broadcast to `shape` (−1 keeps a dimension), materialised; the gradient sums back.
 * @throws ShapeError `expand: cannot expand [2,3] to [4,3]`
 */
export function expand(x: Tensor, shape: Shape): Tensor {
  const offset = shape.length - x.ndim;
  if (offset < 0) throw new ShapeError('expand', `cannot expand ${formatShape(x.shape)} to fewer dimensions ${formatShape(shape)}`);
  const target = shape.map((d, i) => (d === -1 ? (i >= offset ? (x.shape[i - offset] as number) : -1) : d));
  if (target.some((d) => d < 0)) throw new ShapeError('expand', `-1 is only allowed for existing dimensions, found ${formatShape(shape)}`);
  return runKernel('expand', [x], { shape: target }, 'expand');
}
