/** The loss of a task: its own, or the masked default for its kind. */
import { ValueError } from '../../core/index.js';
import type { TaskKind, TaskLoss, TaskSpec } from '../types.js';
import { maskedBinaryCrossEntropyWithLogits } from './masked-binary-cross-entropy-with-logits.js';
import { maskedCrossEntropy } from './masked-cross-entropy.js';
import { maskedMseLoss } from './masked-mse-loss.js';

/** The task kinds. */
export const TASK_KINDS: readonly TaskKind[] = ['classification', 'regression', 'multilabel'];

/** The kinds as error messages list them. */
export const TASK_KINDS_TEXT = "'classification', 'regression' or 'multilabel'";

const DEFAULT_LOSSES: Readonly<Record<TaskKind, TaskLoss>> = {
  classification: maskedCrossEntropy,
  regression: maskedMseLoss,
  multilabel: maskedBinaryCrossEntropyWithLogits,
};

/**
 * The default loss of a task kind, each averaging over labelled samples only: `'classification'` →
 * `maskedCrossEntropy` (int32 class indices), `'regression'` → `maskedMseLoss`, `'multilabel'` →
 * `maskedBinaryCrossEntropyWithLogits` (float 0/1 targets).
 * @throws ValueError `defaultTaskLoss: kind must be 'classification', 'regression' or 'multilabel', found 'ranking'`
 * @example const loss = tn.mtl.defaultTaskLoss('regression')(pred, y, mask);
 */
export function defaultTaskLoss(kind: TaskKind): TaskLoss {
  if (!TASK_KINDS.includes(kind)) {
    throw new ValueError('defaultTaskLoss', `kind must be ${TASK_KINDS_TEXT}, found ${typeof kind === 'string' ? `'${kind}'` : String(kind)}`);
  }
  return DEFAULT_LOSSES[kind];
}

/**
 * The loss of `spec`: `spec.loss` when given, else the masked default for `spec.kind`
 * (see `defaultTaskLoss`). Every one is (output, target, mask?) → scalar.
 * @example
 * const losses = specs.map((s) => tn.mtl.taskLoss(s)(outputs[s.name], batch.targets[s.name], batch.masks?.[s.name]));
 */
export function taskLoss(spec: TaskSpec): TaskLoss {
  return spec.loss ?? defaultTaskLoss(spec.kind);
}
