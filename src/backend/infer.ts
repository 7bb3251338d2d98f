/**
 * Output shape and dtype of each kernel, with the checks that make bad calls fail
 * before any backend runs: `matmul: inner dimensions differ: [2,3] @ [4,5]`.
 */
import {
  broadcastShapes, DTypeError, formatShape, isFloatDType, normalizeAxis, promoteTypes, ShapeError,
  sizeOf, ValueError, type DType, type Shape,
} from '../core/index.js';
import { inferCol2im, inferIm2col, inferMaxPoolGather, inferMaxPoolScatter } from './infer-windows.js';
import { isCompareOp, type KernelAttrs, type KernelName, type OutputInfo } from './kernels.js';

/** The shape and dtype of a kernel input, as inference needs it. */
export interface ShapedInfo {
  readonly shape: Shape;
  readonly dtype: DType;
}

type Inferrer<K extends KernelName> = (inputs: readonly ShapedInfo[], attrs: KernelAttrs<K>, op: string) => OutputInfo;

const FLOAT_RESULT_UNARY = new Set(['exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos',
  'tanh', 'sigmoid', 'erf']);

function input(inputs: readonly ShapedInfo[], i: number, op: string): ShapedInfo {
  const info = inputs[i];
  if (info === undefined) throw new ValueError(op, `expected an input at position ${i}`);
  return info;
}

function checkIndices(indices: ShapedInfo, op: string): void {
  if (indices.dtype !== 'int32') throw new DTypeError(op, `indices must be int32, found ${indices.dtype}`);
}

function inferMatmul(a: ShapedInfo, b: ShapedInfo, attrs: KernelAttrs<'matmul'>, op: string): OutputInfo {
  if (a.shape.length < 2 || b.shape.length < 2) {
    throw new ShapeError(op, `expected operands of rank ≥ 2, found ${formatShape(a.shape)} @ ${formatShape(b.shape)}`);
  }
  if (a.dtype !== b.dtype) throw new DTypeError(op, `operands must share a dtype, found ${a.dtype} and ${b.dtype}`);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = a.shape[attrs.transposeA ? ra - 1 : ra - 2] as number;
  const ka = a.shape[attrs.transposeA ? ra - 2 : ra - 1] as number;
  const kb = b.shape[attrs.transposeB ? rb - 1 : rb - 2] as number;
  const n = b.shape[attrs.transposeB ? rb - 2 : rb - 1] as number;
  if (ka !== kb) {
    const ta = attrs.transposeA ? 'ᵀ' : '';
    const tb = attrs.transposeB ? 'ᵀ' : '';
    throw new ShapeError(op, `inner dimensions differ: ${formatShape(a.shape)}${ta} @ ${formatShape(b.shape)}${tb} (${ka} vs ${kb})`);
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), op);
  return { shape: [...batch, m, n], dtype: a.dtype };
}

const inferrers: { [K in KernelName]: Inferrer<K> } = {
  unary(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    if (attrs.op === 'logicalNot' || attrs.op === 'isnan') return { shape: x.shape, dtype: 'bool' };
    const dtype = FLOAT_RESULT_UNARY.has(attrs.op) && !isFloatDType(x.dtype) ? 'float32' : x.dtype;
    return { shape: x.shape, dtype: dtype === 'bool' && attrs.op === 'neg' ? 'int32' : dtype };
  },
  binary(inputs, attrs, op) {
    const a = input(inputs, 0, op);
    const b = input(inputs, 1, op);
    const shape = broadcastShapes(a.shape, b.shape, op);
    if (isCompareOp(attrs.op)) return { shape, dtype: 'bool' };
    let dtype = promoteTypes(a.dtype, b.dtype);
    if (attrs.op === 'div' && !isFloatDType(dtype)) dtype = 'float32';
    if (dtype === 'bool') dtype = 'int32';
    return { shape, dtype };
  },
  where(inputs, _attrs, op) {
    const [cond, a, b] = [input(inputs, 0, op), input(inputs, 1, op), input(inputs, 2, op)];
    if (cond.dtype !== 'bool') throw new DTypeError(op, `condition must be bool, found ${cond.dtype}`);
    const shape = broadcastShapes(broadcastShapes(cond.shape, a.shape, op), b.shape, op);
    return { shape, dtype: promoteTypes(a.dtype, b.dtype) };
  },
  cast(inputs, attrs, op) {
    return { shape: input(inputs, 0, op).shape, dtype: attrs.dtype };
  },
  reduce(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    const axes = attrs.axes.map((axis) => normalizeAxis(axis, x.shape.length, op));
    if (attrs.op !== 'sum' && sizeOf(x.shape) === 0) {
      throw new ValueError(op, `cannot take the ${attrs.op} of an empty tensor ${formatShape(x.shape)}`);
    }
    const shape = attrs.keepDims
      ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : x.shape.filter((_, i) => !axes.includes(i));
    const dtype = attrs.op === 'sum' && x.dtype === 'bool' ? 'int32' : x.dtype;
    return { shape, dtype };
  },
  argReduce(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    const axis = normalizeAxis(attrs.axis, x.shape.length, op);
    if ((x.shape[axis] ?? 1) === 0) throw new ValueError(op, `cannot take the ${attrs.op} over an empty axis ${axis} of ${formatShape(x.shape)}`);
    const shape = attrs.keepDims ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
    return { shape, dtype: 'int32' };
  },
  permute(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    const rank = x.shape.length;
    const sorted = [...attrs.perm].sort((p, q) => p - q);
    if (attrs.perm.length !== rank || sorted.some((p, i) => p !== i)) {
      throw new ValueError(op, `expected a permutation of 0..${rank - 1}, found [${attrs.perm.join(',')}] for ${formatShape(x.shape)}`);
    }
    return { shape: attrs.perm.map((p) => x.shape[p] as number), dtype: x.dtype };
  },
  expand(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    const target = broadcastShapes(x.shape, attrs.shape, op);
    if (target.length !== attrs.shape.length || target.some((d, i) => d !== attrs.shape[i])) {
      throw new ShapeError(op, `cannot expand ${formatShape(x.shape)} to ${formatShape(attrs.shape)}`);
    }
    return { shape: attrs.shape, dtype: x.dtype };
  },
  slice(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    const rank = x.shape.length;
    if (attrs.begin.length !== rank || attrs.size.length !== rank) {
      throw new ShapeError(op, `expected begin and size of length ${rank}, found ${attrs.begin.length} and ${attrs.size.length}`);
    }
    for (let i = 0; i < rank; i++) {
      const b = attrs.begin[i] as number;
      const s = attrs.size[i] as number;
      if (!Number.isInteger(b) || !Number.isInteger(s) || b < 0 || s < 0 || b + s > (x.shape[i] as number)) {
        throw new ValueError(op, `slice [${b}, ${b + s}) is out of range for dimension ${i} of size ${x.shape[i]}`);
      }
    }
    return { shape: [...attrs.size], dtype: x.dtype };
  },
  pad(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    if (attrs.pads.length !== x.shape.length) {
      throw new ShapeError(op, `expected ${x.shape.length} [before, after] pairs, found ${attrs.pads.length}`);
    }
    const shape = x.shape.map((d, i) => {
      const [before, after] = attrs.pads[i] as readonly [number, number];
      if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0) {
        throw new ValueError(op, `padding must be non-negative integers, found [${before}, ${after}] on axis ${i}`);
      }
      return d + before + after;
    });
    return { shape, dtype: x.dtype };
  },
  concat(inputs, attrs, op) {
    const first = input(inputs, 0, op);
    if (first.shape.length === 0) throw new ShapeError(op, 'scalars (rank-0 tensors) cannot be concatenated; unsqueeze them first');
    const axis = normalizeAxis(attrs.axis, first.shape.length, op);
    let total = 0;
    for (const [k, t] of inputs.entries()) {
      if (t.dtype !== first.dtype) throw new DTypeError(op, `all inputs must share a dtype: input 0 is ${first.dtype}, input ${k} is ${t.dtype}`);
      const same = t.shape.length === first.shape.length && t.shape.every((d, i) => i === axis || d === first.shape[i]);
      if (!same) {
        throw new ShapeError(op, `shapes must match except on axis ${axis}: input 0 is ${formatShape(first.shape)}, input ${k} is ${formatShape(t.shape)}`);
      }
      total += t.shape[axis] as number;
    }
    return { shape: first.shape.map((d, i) => (i === axis ? total : d)), dtype: first.dtype };
  },
  matmul(inputs, attrs, op) {
    return inferMatmul(input(inputs, 0, op), input(inputs, 1, op), attrs, op);
  },
  gather(inputs, attrs, op) {
    const x = input(inputs, 0, op);
    const indices = input(inputs, 1, op);
    checkIndices(indices, op);
    const axis = normalizeAxis(attrs.axis, x.shape.length, op);
    return { shape: [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)], dtype: x.dtype };
  },
  scatterAdd(inputs, attrs, op) {
    const base = input(inputs, 0, op);
    const indices = input(inputs, 1, op);
    const updates = input(inputs, 2, op);
    checkIndices(indices, op);
    const axis = normalizeAxis(attrs.axis, base.shape.length, op);
    const expected = [...base.shape.slice(0, axis), ...indices.shape, ...base.shape.slice(axis + 1)];
    if (updates.shape.length !== expected.length || updates.shape.some((d, i) => d !== expected[i])) {
      throw new ShapeError(op, `updates must have shape ${formatShape(expected)}, found ${formatShape(updates.shape)}`);
    }
    if (updates.dtype !== base.dtype) throw new DTypeError(op, `updates must be ${base.dtype}, found ${updates.dtype}`);
    return { shape: base.shape, dtype: base.dtype };
  },
  im2col(inputs, attrs, op) {
    return inferIm2col(input(inputs, 0, op), attrs, op);
  },
  col2im(inputs, attrs, op) {
    return inferCol2im(input(inputs, 0, op), attrs, op);
  },
  maxPoolGather(inputs, attrs, op) {
    return inferMaxPoolGather(input(inputs, 0, op), input(inputs, 1, op), attrs, op);
  },
  maxPoolScatter(inputs, attrs, op) {
    return inferMaxPoolScatter(input(inputs, 0, op), input(inputs, 1, op), attrs, op);
  },
  random(_inputs, attrs, op) {
    if (!isFloatDType(attrs.dtype)) throw new DTypeError(op, `random values must be float32 or float64, found ${attrs.dtype}`);
    return { shape: attrs.shape, dtype: attrs.dtype };
  },
};

/**
 * Infer the output of `kernel` and validate its inputs; errors are raised in the name of `op`
 * (the user-facing operation, which defaults to the kernel name).
 */
export function inferOutput<K extends KernelName>(
  kernel: K, inputs: readonly ShapedInfo[], attrs: KernelAttrs<K>, op: string = kernel,
): OutputInfo {
  const inferrer = inferrers[kernel] as Inferrer<K>;
  return inferrer(inputs, attrs, op);
}
