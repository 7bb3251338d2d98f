/**
 * The one n-dimensional loop the reference kernels share: walk a shape row by row, carrying an
 * element offset for each operand (inputs and output alike), each with its own strides.
 * Broadcast operands have stride 0; transposed or sliced operands have permuted or
 * shifted strides. Adjacent axes that are contiguous for every operand are merged first,
 * so same-shape and scalar-operand cases become a single long row.
 */
import type { Shape, TypedArray } from '../../core/index.js';

/**
 * Called once per innermost row.
 * @param offsets - the element offset of the row's first element in each operand (read-only, reused)
 * @param length - the number of elements in the row
 * @param strides - each operand's element stride along the row (read-only, reused)
 */
export type RowVisitor = (offsets: readonly number[], length: number, strides: readonly number[]) => void;

/** A loop nest after merging: sizes of the remaining axes and each operand's strides along them. */
export interface CollapsedLoop {
  /** Sizes of the merged axes, outermost first (no size-1 axes; empty for a single element). */
  readonly dims: number[];
  /** Per operand, its element stride along each merged axis. */
  readonly strides: number[][];
}

/**
 * Merge the axes of a strided loop nest: size-1 axes are dropped, and an axis merges into the
 * previous one when every operand is contiguous across the two. Same-shape and scalar-operand
 * loops become one axis. Returns `undefined` when `shape` has a zero dimension (nothing to visit).
 * @example collapseDims([2, 3], [[3, 1], [0, 0]]) → { dims: [6], strides: [[1], [0]] }
 */
export function collapseDims(shape: Shape, strides: readonly (readonly number[])[]): CollapsedLoop | undefined {
  const operands = strides.length;
  const dims: number[] = [];
  const merged: number[][] = strides.map(() => []);
  for (let axis = 0; axis < shape.length; axis++) {
    const size = shape[axis]!;
    if (size === 0) return undefined;
    if (size === 1) continue;
    const last = dims.length - 1;
    let mergeable = last >= 0;
    for (let q = 0; q < operands && mergeable; q++) {
      mergeable = merged[q]![last] === strides[q]![axis]! * size;
    }
    if (mergeable) {
      dims[last] = dims[last]! * size;
      for (let q = 0; q < operands; q++) merged[q]![last] = strides[q]![axis]!;
    } else {
      dims.push(size);
      for (let q = 0; q < operands; q++) merged[q]!.push(strides[q]![axis]!);
    }
  }
  return { dims, strides: merged };
}

/**
 * Visit every element of `shape`, one innermost row at a time.
 * @param shape - the iteration space (usually the output shape)
 * @param strides - per operand, its element stride along each axis of `shape`
 * @param offsets - per operand, the offset of the element at index [0, …, 0]
 * @param visit - called once per row; never called when `shape` has a zero dimension
 * @example
 * // out[i, j] = a[i, j] + b[j] for a [2,3] and b [3]:
 * forEachRow([2, 3], [[3, 1], [0, 1], [3, 1]], [0, 0, 0], (o, n, s) => { ... });
 */
export function forEachRow(
  shape: Shape, strides: readonly (readonly number[])[], offsets: readonly number[], visit: RowVisitor,
): void {
  const operands = strides.length;
  // Collapse: drop size-1 axes, merge an axis into the next when every operand is contiguous across them.
  const loop = collapseDims(shape, strides);
  if (loop === undefined) return;
  const { dims, strides: merged } = loop;

  const current = offsets.slice();
  if (dims.length === 0) {
    visit(current, 1, new Array<number>(operands).fill(0));
    return;
  }
  const inner = dims.length - 1;
  const length = dims[inner]!;
  const innerStrides = merged.map((s) => s[inner]!);
  const counters = new Array<number>(inner).fill(0);
  while (true) {
    visit(current, length, innerStrides);
    // Increment the outer multi-index like an odometer, adjusting every operand's offset.
    let axis = inner - 1;
    for (; axis >= 0; axis--) {
      counters[axis] = counters[axis]! + 1;
      for (let q = 0; q < operands; q++) current[q] = current[q]! + merged[q]![axis]!;
      if (counters[axis]! < dims[axis]!) break;
      counters[axis] = 0;
      for (let q = 0; q < operands; q++) current[q] = current[q]! - merged[q]![axis]! * dims[axis]!;
    }
    if (axis < 0) return;
  }
}

/**
 * Copy a strided view into a strided destination, element by element, over `shape`
 * (the copy behind permute, expand, slice and pad).
 */
export function stridedCopy(
  shape: Shape,
  src: TypedArray, srcStrides: readonly number[], srcOffset: number,
  dst: TypedArray, dstStrides: readonly number[], dstOffset: number,
): void {
  forEachRow(shape, [srcStrides, dstStrides], [srcOffset, dstOffset], (offsets, n, s) => {
    let si = offsets[0]!;
    let di = offsets[1]!;
    const ss = s[0]!;
    const ds = s[1]!;
    for (let k = 0; k < n; k++, si += ss, di += ds) dst[di] = src[si]!;
  });
}
