/**
 * Shapes, strides and NumPy broadcasting. A shape is a read-only array of
 * non-negative integers; a scalar has shape `[]`.
 */
import { ShapeError, ValueError } from './errors.js';

/** A tensor's dimensions, outermost first. */
export type Shape = readonly number[];

/** Format a shape the way error messages print it: `[2,3]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(',')}]`;
}

/** Number of elements in a tensor of `shape` (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major (C-order) strides of `shape`, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= shape[i] as number;
  }
  return strides;
}

/** True when both shapes have the same rank and dimensions. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Check that every dimension is a non-negative integer.
 * @throws ValueError naming `op` and the bad dimension.
 */
export function assertValidShape(shape: Shape, op: string): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ValueError(op, `shape dimensions must be non-negative integers, found ${formatShape(shape)}`);
    }
  }
}

/**
 * The broadcast shape of two shapes under NumPy rules: align trailing dimensions;
 * each pair must be equal or contain a 1.
 * @throws ShapeError `add: shapes cannot be broadcast: [2,3] and [4] (dimension -1: 3 vs 4)`
 * @example `broadcastShapes([2,1,3], [4,1], 'add')` → `[2,4,3]`
 */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = a.length - i >= 0 ? (a[a.length - i] as number) : 1;
    const db = b.length - i >= 0 ? (b[b.length - i] as number) : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(op, `shapes cannot be broadcast: ${formatShape(a)} and ${formatShape(b)} (dimension -${i}: ${da} vs ${db})`);
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Strides for reading a tensor of `shape` as if it had the larger `target` shape:
 * broadcast (size-1 or missing) dimensions get stride 0.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(target.length).fill(0);
  const offset = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[i + offset] = shape[i] === 1 ? 0 : (own[i] as number);
  }
  return out;
}

/**
 * Normalise a possibly negative axis into `[0, rank)`.
 * @throws ValueError `sum: axis 3 is out of range for a tensor of rank 2 (expected -2..1)`
 */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (!Number.isInteger(axis)) throw new ValueError(op, `axis must be an integer, found ${axis}`);
  const lo = -Math.max(rank, 1);
  const hi = Math.max(rank, 1) - 1;
  if (axis < lo || axis > hi) {
    throw new ValueError(op, `axis ${axis} is out of range for a tensor of rank ${rank} (expected ${lo}..${hi})`);
  }
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/** Normalise a list of axes, rejecting repeats; `undefined` means every axis. */
export function normalizeAxes(axes: number | readonly number[] | undefined, rank: number, op: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(a, rank, op));
  if (new Set(out).size !== out.length) throw new ValueError(op, `repeated axis in [${list.join(',')}]`);
  return out.sort((x, y) => x - y);
}

/**
 * The axes of `target` along which a tensor of `shape` was broadcast to reach it;
 * summing a gradient over them (keeping dims) and reshaping gives back `shape`.
 */
export function broadcastedAxes(shape: Shape, target: Shape): number[] {
  const axes: number[] = [];
  const offset = target.length - shape.length;
  for (let i = 0; i < target.length; i++) {
    if (i < offset || (shape[i - offset] === 1 && target[i] !== 1)) axes.push(i);
  }
  return axes;
}
