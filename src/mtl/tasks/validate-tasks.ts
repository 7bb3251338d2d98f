/** Checking task specs against a multi-task model before training. */
import { ValueError } from '../../core/index.js';
import type { MultiTaskModel, TaskSpec } from '../types.js';
import { TASK_KINDS, TASK_KINDS_TEXT } from './task-loss.js';

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function checkSpec(spec: TaskSpec, index: number): void {
  const op = 'validateTasks';
  if (spec === null || typeof spec !== 'object') throw new ValueError(op, `spec ${index} must be an object, found ${String(spec)}`);
  if (typeof spec.name !== 'string' || spec.name === '') {
    throw new ValueError(op, `spec ${index}: name must be a non-empty string, found ${quote(spec.name)}`);
  }
  const where = `task '${spec.name}'`;
  if (!TASK_KINDS.includes(spec.kind)) {
    throw new ValueError(op, `${where}: kind must be ${TASK_KINDS_TEXT}, found ${quote(spec.kind)}`);
  }
  if (spec.weight !== undefined && (typeof spec.weight !== 'number' || !Number.isFinite(spec.weight) || spec.weight < 0)) {
    throw new ValueError(op, `${where}: weight must be a finite number ≥ 0, found ${String(spec.weight)}`);
  }
  if (spec.loss !== undefined && typeof spec.loss !== 'function') {
    throw new ValueError(op, `${where}: loss must be a function (output, target, mask?) → scalar, found ${typeof spec.loss}`);
  }
  if (spec.metrics !== undefined && (!Array.isArray(spec.metrics) || spec.metrics.some((m) => typeof m !== 'function'))) {
    throw new ValueError(op, `${where}: metrics must be an array of metric factories (functions)`);
  }
  if (spec.higherIsBetter !== undefined && typeof spec.higherIsBetter !== 'boolean') {
    throw new ValueError(op, `${where}: higherIsBetter must be a boolean, found ${quote(spec.higherIsBetter)}`);
  }
}

/**
 * Check task specs against a model and return them in the model's task order: every spec valid
 * (non-empty name, kind `'classification'`/`'regression'`/`'multilabel'`, weight finite and ≥ 0, loss a
 * function), names unique, and exactly one spec per task of `model.tasks`.
 * @param specs - one spec per task, in any order
 * @param model - the model (only its `tasks` is read)
 * @returns the specs in `model.tasks` order
 * @throws ValueError naming the spec and what was expected, e.g.
 *   `validateTasks: the specs must name exactly the model's tasks [left, right]; missing: right; unknown: rigth`
 * @example
 * const specs = tn.mtl.validateTasks([
 *   { name: 'left', kind: 'classification' },
 *   { name: 'right', kind: 'classification', weight: 2 },
 * ], model);
 */
export function validateTasks(specs: readonly TaskSpec[], model: Pick<MultiTaskModel, 'tasks'>): TaskSpec[] {
  const op = 'validateTasks';
  if (!Array.isArray(specs) || specs.length === 0) {
    throw new ValueError(op, `expected a non-empty array of task specs, found ${Array.isArray(specs) ? 'an empty array' : String(specs)}`);
  }
  specs.forEach(checkSpec);
  const byName = new Map<string, TaskSpec>();
  specs.forEach((spec, i) => {
    const earlier = specs.findIndex((s) => s.name === spec.name);
    if (earlier !== i) throw new ValueError(op, `duplicate task name '${spec.name}' (specs ${earlier} and ${i}); names must be unique`);
    byName.set(spec.name, spec);
  });
  const missing = model.tasks.filter((t) => !byName.has(t));
  const unknown = [...byName.keys()].filter((n) => !model.tasks.includes(n));
  if (missing.length > 0 || unknown.length > 0) {
    const found = [missing.length > 0 ? `missing: ${missing.join(', ')}` : '', unknown.length > 0 ? `unknown: ${unknown.join(', ')}` : '']
      .filter(Boolean).join('; ');
    throw new ValueError(op, `the specs must name exactly the model's tasks [${model.tasks.join(', ')}]; ${found}`);
  }
  return model.tasks.map((t) => byName.get(t) as TaskSpec);
}
