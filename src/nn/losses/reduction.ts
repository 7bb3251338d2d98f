/**
 * What the losses share: the reduction argument, memory scoping of their intermediates, and the
 * shape checks and warnings that PyTorch makes.
 */
import { broadcastShapes, formatShape, shapesEqual, ShapeError, ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';
import { mean, sum } from '../../ops/index.js';

/**
 * How a loss turns its per-element values into the result (PyTorch's `reduction`):
 * `'mean'` averages them, `'sum'` adds them, `'none'` returns them unreduced.
 */
export type Reduction = 'mean' | 'sum' | 'none';

/** The reduction argument common to every loss. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  readonly reduction?: Reduction;
}

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

function quoteList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1] ?? ''}`;
}

/**
 * `reduction` when it is one of `allowed`, otherwise a ValueError:
 * `mseLoss: reduction must be 'mean', 'sum' or 'none', found 'avg'`.
 */
export function checkReduction<R extends string = Reduction>(
  reduction: unknown, op: string, allowed: readonly R[] = REDUCTIONS as unknown as readonly R[],
): R {
  if (typeof reduction !== 'string' || !(allowed as readonly string[]).includes(reduction)) {
    throw new ValueError(op, `reduction must be ${quoteList(allowed)}, found ${typeof reduction === 'string' ? `'${reduction}'` : String(reduction)}`);
  }
  return reduction as R;
}

/** Per-element losses reduced as asked: `'none'` → as is, `'sum'` → Σ, `'mean'` → Σ / count. */
export function applyReduction(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : mean(loss);
}



/** Throw unless `value` is a finite number. */
export function checkFinite(value: unknown, name: string, op: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, `${name} must be a finite number, found ${String(value)}`);
  }
  return value;
}

/** Throw unless `target` has exactly the shape of `input` (PyTorch's BCE rule). */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!shapesEqual(input.shape, target.shape)) {
    throw new ShapeError(op, `target shape ${formatShape(target.shape)} differs from input shape ${formatShape(input.shape)}; they must be the same`);
  }
}

/** Throw unless `weight` broadcasts to `shape` without enlarging it. */
export function checkBroadcastsTo(op: string, name: string, weight: Tensor, shape: readonly number[]): void {
  let ok = weight.ndim <= shape.length;
  if (ok) {
    try {
      ok = shapesEqual(broadcastShapes(weight.shape, shape, op), shape);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new ShapeError(op, `${name} ${formatShape(weight.shape)} does not broadcast to the input shape ${formatShape(shape)}`);
}

const warned = new Set<string>();

/**
 * As PyTorch, an element-wise loss broadcasts a target whose shape differs from the input's, and warns
 * (once per op and shape pair), since `[N,1]` against `[N]` silently becomes `[N,N]`.
 */
export function warnOnBroadcast(op: string, input: Tensor, target: Tensor): void {
  if (shapesEqual(input.shape, target.shape)) return;
  const key = `${op} ${formatShape(input.shape)} ${formatShape(target.shape)}`;
  if (warned.has(key)) return;
  warned.add(key);
  const out = broadcastShapes(input.shape, target.shape, op);
  console.warn(`${op}: target ${formatShape(target.shape)} differs in shape from input ${formatShape(input.shape)}; ` +
    `both are broadcast to ${formatShape(out)}, which is likely a mistake`);
}
