/**
 * Multi-task data as plain objects: `MultiTaskBatch` (one batch: inputs, per-task targets, per-task masks) and
 * `MultiTaskSet` (a whole data set in that form, with task names and class names), and their structural check.
 */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { Tensor } from '../tensor/index.js';

/** Tensors keyed by task name (targets, masks, per-task inputs). */
export type TaskTensors = Record<string, Tensor>;

/**
 * One multi-task batch: the same structure as `tn.mtl.MultiTaskBatch` (restated here because data sits below
 * mtl; the two types are interchangeable). `x` is one input shared by every task `[B, ...]`, or one input per
 * task (`x[task]` `[B_task, ...]`, "per-task input" mode). `targets[task]` has the rows of that task's input:
 * int32 `[B]` class indices, or float32 `[B, 1]` for a regression. `masks[task]`, float32 `[B]`, holds 1 where
 * the sample carries that task's label and 0 where it is missing (absent: every sample is labelled).
 * @example
 * const batch: tn.data.MultiTaskBatch = {x: tn.zeros([2, 4]), targets: {a: tn.tensor([0, 1], {dtype: 'int32'})}};
 */
export interface MultiTaskBatch {
  readonly x: Tensor | TaskTensors;
  readonly targets: TaskTensors;
  readonly masks?: TaskTensors;
}

/**
 * A whole multi-task data set held as one big `MultiTaskBatch` (every tensor has the data set's rows), with the
 * task names in a fixed order and the class names of each task (empty for a regression). Where a task's label
 * is missing (mask 0) its target holds a placeholder 0, which a masked loss ignores.
 * Give it to `MultiTaskLoader` to iterate in batches.
 * @example
 * const set = await tn.data.datasets.multiMnist({split: 'test', size: 1000});
 * set.tasks;                  // ['left', 'right']
 * set.targets.left.shape;     // [1000]
 */
export interface MultiTaskSet extends MultiTaskBatch {
  /** Task names, in a fixed order (the keys of `targets`). */
  readonly tasks: string[];
  /** Class names of each task, in label order; `[]` for a regression task. */
  readonly classes: Record<string, string[]>;
}

/**
 * Check that every tensor of a multi-task set or batch has the rows of its input (a shared `x`, or the task's
 * own `x[task]`), that every task has a target, and that masks are `[rows]`. Returns the rows per task.
 * @param data - the set or batch
 * @param op - the caller, for error messages
 * @throws ShapeError naming the tensor, its shape and the expected rows; ValueError for a missing input.
 * @example taskRows({x, targets: {a: ya, b: yb}}, 'MultiTaskLoader'); // {a: N, b: N}
 */
export function taskRows(data: MultiTaskBatch, op: string): Record<string, number> {
  const tasks = Object.keys(data.targets);
  if (tasks.length === 0) throw new ValueError(op, 'expected targets for at least one task, found none');
  const rows: Record<string, number> = {};
  const shared = isSharedInput(data.x);
  for (const task of tasks) {
    const input = shared ? data.x as Tensor : (data.x as TaskTensors)[task];
    if (input === undefined) throw new ValueError(op, `per-task input: expected x.${task} (one input per task of targets), found x with ${Object.keys(data.x).join(', ')}`);
    if (input.ndim === 0) throw new ShapeError(op, `${shared ? 'x' : `x.${task}`} must have a row dimension, found ${formatShape(input.shape)}`);
    const n = input.shape[0] as number;
    const target = data.targets[task] as Tensor;
    if (target.ndim === 0 || target.shape[0] !== n) {
      throw new ShapeError(op, `targets.${task} is ${formatShape(target.shape)}, expected ${n} rows (the rows of ${shared ? 'x' : `x.${task}`})`);
    }
    const mask = data.masks?.[task];
    if (mask !== undefined && (mask.ndim !== 1 || mask.shape[0] !== n)) {
      throw new ShapeError(op, `masks.${task} is ${formatShape(mask.shape)}, expected [${n}]`);
    }
    rows[task] = n;
  }
  const extra = [...Object.keys(data.masks ?? {}).map((t) => `masks.${t}`), ...(shared ? [] : Object.keys(data.x).map((t) => `x.${t}`))]
    .filter((name) => !Object.hasOwn(rows, name.slice(name.indexOf('.') + 1)));
  if (extra.length > 0) throw new ValueError(op, `${extra.join(', ')} name${extra.length === 1 ? 's' : ''} no task of targets (${tasks.join(', ')})`);
  return rows;
}

/** Whether `x` is one input shared by every task (a tensor) rather than one input per task. */
export function isSharedInput(x: Tensor | TaskTensors): x is Tensor {
  return x instanceof Tensor;
}
