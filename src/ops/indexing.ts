/** Indexing: gather, indexSelect, take, scatterAdd, oneHot, embedding. */
import { formatShape, normalizeAxis, ShapeError, stridesOf, ValueError } from '../core/index.js';
import { arange, fromTypedArray, reshapeView, runKernel, type Tensor, scoped } from '../tensor/index.js';
import { add, cast, eq, mul, where } from './arithmetic.js';
import { assertIndices } from './operand.js';
import { checkBounds } from './check-bounds.js';
import { unsqueeze } from './shape.js';

/**
 * Pick elements along `dim` with an index tensor of the same rank (PyTorch `torch.gather`):
 * `out[i][j][k] = x[i][index[i][j][k]][k]` for dim 1.
 * @throws ShapeError when ranks differ or `index` is larger than `x` off `dim`.
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  return scoped([x, index], () => {
    assertIndices(index, 'index', 'gather');
    const axis = normalizeAxis(dim, x.ndim, 'gather');
    if (index.ndim !== x.ndim || index.shape.some((d, i) => i !== axis && d > (x.shape[i] as number))) {
      throw new ShapeError('gather', `index ${formatShape(index.shape)} must have the rank of input ${formatShape(x.shape)} and no larger size off dimension ${axis}`);
    }
    // flat position = Σ_{d≠axis} coord_d·stride_d + index·stride_axis; the first sum depends only on shapes
    const xStrides = stridesOf(x.shape);
    const iStrides = stridesOf(index.shape);
    const base = new Int32Array(index.size);
    for (let flat = 0; flat < index.size; flat++) {
      let offset = 0;
      for (let d = 0; d < index.ndim; d++) {
        if (d === axis) continue;
        offset += Math.floor(flat / (iStrides[d] as number)) % (index.shape[d] as number) * (xStrides[d] as number);
      }
      base[flat] = offset;
    }
    checkRange(index, x.shape[axis] as number, 'gather');
    const flatIndex = add(mul(index, xStrides[axis] as number), fromTypedArray(base, index.shape, 'int32'));
    return runKernel('gather', [reshapeView(x, [x.size], 'gather'), flatIndex], { axis: 0 }, 'gather');
  });
}

/** Check that every index lies in [0, size): now on synchronous backends, at the next read on the others. */
function checkRange(index: Tensor, size: number, op: string): void {
  checkBounds(index, { op, low: 0, high: size - 1, message: (v) => `index ${v} is out of range for a dimension of size ${size}` });
}

/**
 * The same check where the kernel itself checks on synchronous backends (`take`, `scatterAdd`):
 * only a backend that reads asynchronously needs it here.
 */
function checkRangeOnDevice(index: Tensor, size: number, axis: number, op: string): void {
  if (index.ref.backend.readSync !== undefined) return;
  checkBounds(index, { op, low: 0, high: size - 1, message: (v) => `index ${v} is out of range for axis ${axis} of size ${size}` });
}

/** Select whole slices along `dim` by a 1-D index (PyTorch `index_select`). */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  assertIndices(index, 'index', 'indexSelect');
  if (index.ndim !== 1) throw new ShapeError('indexSelect', `index must be 1-D, found ${formatShape(index.shape)}`);
  return take(x, index, dim);
}

/** NumPy `take` along `axis`: result shape = x.shape[:axis] + indices.shape + x.shape[axis+1:]. */
export function take(x: Tensor, indices: Tensor, axis = 0): Tensor {
  assertIndices(indices, 'indices', 'take');
  const dim = normalizeAxis(axis, x.ndim, 'take');
  checkRangeOnDevice(indices, x.shape[dim] as number, dim, 'take');
  return runKernel('gather', [x, indices], { axis: dim }, 'take');
}

/** Add `updates` into a copy of `base` at `indices` along `axis` (the adjoint of `take`). */
export function scatterAdd(base: Tensor, indices: Tensor, updates: Tensor, axis = 0): Tensor {
  assertIndices(indices, 'indices', 'scatterAdd');
  const dim = normalizeAxis(axis, base.ndim, 'scatterAdd');
  checkRangeOnDevice(indices, base.shape[dim] as number, dim, 'scatterAdd');
  return runKernel('scatterAdd', [base, indices, updates], { axis: dim }, 'scatterAdd');
}

/**
 * One-hot encoding: int32 tensor of shape `[...indices.shape, numClasses]`.
 * @throws ValueError when an index is negative or not below `numClasses`.
 */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  return scoped([indices], () => {
    assertIndices(indices, 'indices', 'oneHot');
    if (!Number.isInteger(numClasses) || numClasses <= 0) {
      throw new ValueError('oneHot', `numClasses must be a positive integer, found ${numClasses}`);
    }
    checkBounds(indices, { op: 'oneHot', low: 0, high: numClasses - 1, message: (v) => `class index ${v} is out of range for numClasses ${numClasses}` });
    return cast(eq(unsqueeze(indices, -1), arange(numClasses)), 'int32');
  });
}

/**
 * Look up rows of `weight` [numEmbeddings, dim] for integer `indices` (any shape).
 * Rows at `paddingIdx` get no gradient, as in PyTorch.
 */
export function embedding(indices: Tensor, weight: Tensor, paddingIdx?: number): Tensor {
  return scoped([indices, weight], () => {
    assertIndices(indices, 'indices', 'embedding');
    if (weight.ndim !== 2) throw new ShapeError('embedding', `weight must be 2-D [numEmbeddings, dim], found ${formatShape(weight.shape)}`);
    checkRange(indices, weight.shape[0] as number, 'embedding');
    const rows = runKernel('gather', [weight, indices], { axis: 0 }, 'embedding');
    if (paddingIdx === undefined) return rows;
    const padded = unsqueeze(eq(indices, paddingIdx), -1);
    return where(padded, rows.detach(), rows);
  });
}
