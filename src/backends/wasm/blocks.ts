/**
 * Splitting a strided loop nest into the blocks a kernel call covers: the axes are merged first
 * (reference `collapseDims`), the innermost `depth` axes go to the module in one call, and the
 * axes outside them are walked here. Same-shape, scalar and row-broadcast operands merge into
 * one or two axes, so most element-wise calls are a single call into the module.
 */
import type { Shape } from '../../core/index.js';
import { reference } from '../../backend/index.js';

/**
 * Called once per block.
 * @param offsets - each operand's element offset of the block's first element (reused)
 * @param dims - the block's `depth` sizes, outermost first (reused)
 * @param strides - per operand, its `depth` element strides (reused)
 */
export type BlockVisitor = (offsets: readonly number[], dims: readonly number[], strides: readonly (readonly number[])[]) => void;

/**
 * Visit `shape` in blocks of its innermost `depth` merged axes (left-padded with size-1 axes).
 * Never calls `visit` when `shape` has a zero dimension.
 */
export function forEachBlock(
  shape: Shape, strides: readonly (readonly number[])[], depth: number, visit: BlockVisitor,
): void {
  const loop = reference.collapseDims(shape, strides);
  if (loop === undefined) return;
  const dims = loop.dims;
  const merged = loop.strides;
  while (dims.length < depth) {
    dims.unshift(1);
    for (const s of merged) s.unshift(0);
  }
  const outerRank = dims.length - depth;
  const innerDims = dims.slice(outerRank);
  const innerStrides = merged.map((s) => s.slice(outerRank));
  const offsets = new Array<number>(strides.length).fill(0);
  if (outerRank === 0) {
    visit(offsets, innerDims, innerStrides);
    return;
  }
  const counters = new Array<number>(outerRank).fill(0);
  const operands = strides.length;
  while (true) {
    visit(offsets, innerDims, innerStrides);
    let axis = outerRank - 1;
    for (; axis >= 0; axis--) {
      counters[axis] = counters[axis]! + 1;
      for (let q = 0; q < operands; q++) offsets[q] = offsets[q]! + merged[q]![axis]!;
      if (counters[axis]! < dims[axis]!) break;
      counters[axis] = 0;
      for (let q = 0; q < operands; q++) offsets[q] = offsets[q]! - merged[q]![axis]! * dims[axis]!;
    }
    if (axis < 0) return;
  }
}
