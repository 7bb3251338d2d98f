/** Slicing, joining and splitting: slice, narrow, concat, stack, split, chunk, pad. */
import { formatShape, normalizeAxis, promoteTypes, ShapeError, ValueError } from '../core/index.js';
import { fromTypedArray, primitives, runKernel, type Tensor, scoped } from '../tensor/index.js';
import { assertFinite } from './operand.js';
import { unsqueeze } from './shape.js';

/**
 * Elements `start, start+step, … < end` along `dim` (Python slicing: negative indices count
 * from the end, bounds are clamped). @example tn.slice(x, 1, 0, -1) // x[:, :-1]
 */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  return scoped([x], () => {
    const axis = normalizeAxis(dim, x.ndim, 'slice');
    if (!Number.isInteger(step) || step <= 0) throw new ValueError('slice', `step must be a positive integer, found ${step}`);
    const n = x.shape[axis] as number;
    const clampIndex = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
    const lo = clampIndex(start);
    const hi = Math.max(lo, clampIndex(end ?? n));
    const begin = x.shape.map((_, i) => (i === axis ? lo : 0));
    const size = x.shape.map((d, i) => (i === axis ? hi - lo : d));
    const contiguous = runKernel('slice', [x], { begin, size }, 'slice');
    if (step === 1) return contiguous;
    const count = Math.ceil((hi - lo) / step);
    const picks = new Int32Array(count).map((_, i) => i * step);
    return runKernel('gather', [contiguous, fromTypedArray(picks, [count], 'int32')], { axis }, 'slice');
  });
}

/** `length` elements from `start` along `dim` (PyTorch `narrow`). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const axis = normalizeAxis(dim, x.ndim, 'narrow');
  const n = x.shape[axis] as number;
  const lo = start < 0 ? start + n : start;
  if (lo < 0 || length < 0 || lo + length > n) {
    throw new ValueError('narrow', `[${start}, ${start + length}) is out of range for dimension ${axis} of size ${n}`);
  }
  return slice(x, axis, lo, lo + length);
}

/**
 * Join tensors along an existing dimension (PyTorch `cat`); dtypes are promoted.
 * @throws ShapeError when shapes differ off `dim`.
 */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  return scoped([tensors], () => {
    const first = tensors[0];
    if (first === undefined) throw new ValueError('concat', 'expected a non-empty list of tensors');
    const axis = normalizeAxis(dim, first.ndim, 'concat');
    const dtype = tensors.reduce((d, t) => promoteTypes(d, t.dtype), first.dtype);
    return runKernel('concat', tensors.map((t) => primitives.cast(t, dtype)), { axis }, 'concat');
  });
}

/** Alias of `concat` (PyTorch `torch.cat`). */
export const cat = concat;

/**
 * Join same-shaped tensors along a new dimension `dim`.
 * @throws ShapeError `stack: all tensors must have the same shape: tensor 0 is [2], tensor 1 is [3]`
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  return scoped([tensors], () => {
    const first = tensors[0];
    if (first === undefined) throw new ValueError('stack', 'expected a non-empty list of tensors');
    tensors.forEach((t, k) => {
      if (t.ndim !== first.ndim || t.shape.some((d, i) => d !== first.shape[i])) {
        throw new ShapeError('stack', `all tensors must have the same shape: tensor 0 is ${formatShape(first.shape)}, tensor ${k} is ${formatShape(t.shape)}`);
      }
    });
    const axis = normalizeAxis(dim, first.ndim + 1, 'stack');
    return concat(tensors.map((t) => unsqueeze(t, axis)), axis);
  });
}

/**
 * Split along `dim` into pieces of `splitSizeOrSections` elements (the last may be smaller),
 * or into pieces of the listed sizes, which must add up to the dimension (PyTorch `split`).
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const axis = normalizeAxis(dim, x.ndim, 'split');
  const n = x.shape[axis] as number;
  let sizes: number[];
  if (typeof splitSizeOrSections === 'number') {
    const size = splitSizeOrSections;
    if (!Number.isInteger(size) || size <= 0) throw new ValueError('split', `split size must be a positive integer, found ${size}`);
    sizes = Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size));
  } else {
    sizes = [...splitSizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n || sizes.some((s) => !Number.isInteger(s) || s < 0)) {
      throw new ValueError('split', `section sizes [${sizes.join(',')}] must be non-negative integers adding up to ${n} (dimension ${axis} of ${formatShape(x.shape)})`);
    }
  }
  let offset = 0;
  return sizes.map((s) => {
    const piece = slice(x, axis, offset, offset + s);
    offset += s;
    return piece;
  });
}

/** Split into `chunks` nearly equal pieces along `dim` (PyTorch `chunk`). */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) throw new ValueError('chunk', `chunks must be a positive integer, found ${chunks}`);
  const n = x.shape[normalizeAxis(dim, x.ndim, 'chunk')] as number;
  return split(x, Math.max(1, Math.ceil(n / chunks)), dim);
}

/**
 * Constant padding in `torch.nn.functional.pad` order: `[left, right]` of the last dimension,
 * then `[top, bottom]` of the one before, and so on.
 * @example tn.pad(img, [1, 1, 2, 2]) // W += 2, H += 4
 */
export function pad(x: Tensor, padding: readonly number[], value = 0): Tensor {
  if (padding.length % 2 !== 0 || padding.length / 2 > x.ndim) {
    throw new ValueError('pad', `expected an even number of padding sizes covering at most ${x.ndim} dimensions, found [${padding.join(',')}]`);
  }
  if (padding.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new ValueError('pad', `padding sizes must be non-negative integers, found [${padding.join(',')}]`);
  }
  if (Number.isNaN(value)) assertFinite(value, 'value', 'pad');
  const pads = x.shape.map((): [number, number] => [0, 0]);
  for (let k = 0; k < padding.length / 2; k++) {
    pads[x.ndim - 1 - k] = [padding[2 * k] as number, padding[2 * k + 1] as number];
  }
  return runKernel('pad', [x], { pads, value }, 'pad');
}
