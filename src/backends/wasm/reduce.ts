/**
 * `reduce` and `argReduce` on wasm, float32. A reduction's axes, once size-1 axes are dropped
 * and neighbours merged, must form one run [outer, dim, inner] (the last axis, the first axes, a
 * middle run, all of them) or reduce both ends of [outer, kept, inner] (a bias gradient over
 * N·H·W); other layouts and dtypes use the reference.
 */
import { normalizeAxis, sizeOf } from '../../core/index.js';
import { reference, type KernelFunc, type ReduceOp } from '../../backend/index.js';
import { fallback } from './fallback.js';
import type { WasmBackend } from './wasm-backend.js';

const REDUCE_CODES: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2 };
const referenceReduce = fallback('reduce');

/** How a reduction maps onto the module: one reduced run, or reduced runs at both ends. */
type ReducedLayout =
  | { readonly kind: 'middle'; readonly outer: number; readonly dim: number; readonly inner: number }
  | { readonly kind: 'ends'; readonly outer: number; readonly kept: number; readonly inner: number };

/** The layout of reducing `reduced` axes of `shape`, when the module has a kernel for it. */
function reducedLayout(shape: readonly number[], reduced: ReadonlySet<number>): ReducedLayout | undefined {
  // runs of consecutive reduced / kept axes (size-1 axes belong to neither)
  const runs: { reduced: boolean; size: number }[] = [];
  for (let i = 0; i < shape.length; i++) {
    const size = shape[i]!;
    if (size === 1) continue;
    const isReduced = reduced.has(i);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.reduced === isReduced) last.size *= size;
    else runs.push({ reduced: isReduced, size });
  }
  const pattern = runs.map((r) => (r.reduced ? 'R' : 'K')).join('');
  const size = (i: number): number => runs[i]!.size;
  switch (pattern) {
    case '': return { kind: 'middle', outer: 1, dim: 1, inner: 1 };
    case 'K': return { kind: 'middle', outer: size(0), dim: 1, inner: 1 };
    case 'R': return { kind: 'middle', outer: 1, dim: size(0), inner: 1 };
    case 'KR': return { kind: 'middle', outer: size(0), dim: size(1), inner: 1 };
    case 'RK': return { kind: 'middle', outer: 1, dim: size(0), inner: size(1) };
    case 'KRK': return { kind: 'middle', outer: size(0), dim: size(1), inner: size(2) };
    case 'RKR': return { kind: 'ends', outer: size(0), kept: size(1), inner: size(2) };
    default: return undefined;
  }
}

/** `reduce`: float32 in the module for the layouts above, else the reference. */
export const reduceKernel: KernelFunc<'reduce', WasmBackend> = (backend, inputs, attrs, out) => {
  const [x] = inputs;
  if (x.dtype !== 'float32' || out.dtype !== 'float32' || sizeOf(x.shape) === 0) return referenceReduce(backend, inputs, attrs, out);
  const reduced = new Set(attrs.axes.map((axis) => normalizeAxis(axis, x.shape.length, 'reduce')));
  const layout = reducedLayout(x.shape, reduced);
  if (layout === undefined) return referenceReduce(backend, inputs, attrs, out);
  const code = REDUCE_CODES[attrs.op];
  if (layout.kind === 'ends') {
    const result = backend.alloc('float32', layout.kept);
    const work = backend.scratch(layout.kept * 8);
    backend.kernels.reduceOuterInnerF32(code, backend.ptr(x.storage), layout.outer, layout.kept, layout.inner, result.offset, work);
    return result;
  }
  const { outer, dim, inner } = layout;
  const result = backend.alloc('float32', outer * inner);
  const work = inner > 1 && attrs.op === 'sum' ? backend.scratch(inner * 8) : 0;
  backend.kernels.reduceF32(code, backend.ptr(x.storage), outer, dim, inner, result.offset, work);
  return result;
};

const referenceArgReduce = fallback('argReduce');

/** `argReduce`: float32 in the module (first extreme wins, NaN counts as the extreme), else the reference. */
export const argReduceKernel: KernelFunc<'argReduce', WasmBackend> = (backend, inputs, attrs, out) => {
  const [x] = inputs;
  if (x.dtype !== 'float32') return referenceArgReduce(backend, inputs, attrs, out);
  const axis = normalizeAxis(attrs.axis, x.shape.length, 'argReduce');
  const { outer, dim, inner } = reference.axisView(x.shape, axis);
  const result = backend.alloc('int32', outer * inner);
  if (result.size > 0) {
    backend.kernels.argReduceF32(attrs.op === 'argmax' ? 1 : 0, backend.ptr(x.storage), outer, dim, inner, result.offset);
  }
  return result;
};
