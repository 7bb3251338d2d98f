/**
 * What the loss-weighting strategies share: option and state checks with messages that say what was
 * expected, what was found and where, and the one weighted backward pass Σ_i w_i·L_i.
 */
import { formatShape, StateError, ValueError } from '../../core/index.js';
import { tidy, type Tensor } from '../../tensor/index.js';
import { add, mul } from '../../ops/index.js';
import type { StrategyContext } from '../types.js';

/** The option every weighting strategy accepts: the model's task names, known before training. */
export interface TaskNamesOption {
  /**
   * The model's task names, in order (`model.tasks`). When given, `backward` checks that the model has
   * exactly these tasks; `UncertaintyWeighting` needs them to create its parameters before training.
   */
  readonly tasks?: readonly string[];
}

/**
 * Check that `options` is a plain object (or absent) whose keys are all in `allowed`, so that a typo in a
 * config (`{temprature: 2}`) fails instead of being ignored.
 * @throws ValueError naming the unknown keys and the allowed ones
 */
export function checkOptionKeys(op: string, options: unknown, allowed: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(op, `expected an options object, found ${JSON.stringify(options)}`);
  }
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new ValueError(op, `unknown option(s) ${unknown.join(', ')} (expected ${allowed.join(', ') || 'none'})`);
  }
}

/**
 * Check that a number option is finite and passes `valid`; `expected` completes "expected a finite number …".
 * @example checkNumber('DWA', 'temperature', t, (v) => v > 0, '> 0') // DWA: invalid temperature: -1 (expected a number > 0)
 */
export function checkNumber(op: string, name: string, value: unknown, valid: (v: number) => boolean = () => true, expected = ''): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ValueError(op, `invalid ${name}: ${String(value)} (expected a finite number${expected === '' ? '' : ` ${expected}`})`);
  }
  return value;
}

/**
 * Check a list of task names: at least one, each a non-empty string, no repeats.
 * @returns a copy
 */
export function checkTaskNames(op: string, tasks: unknown): string[] {
  if (!Array.isArray(tasks) || tasks.length === 0 || tasks.some((t) => typeof t !== 'string' || t === '')) {
    throw new ValueError(op, `invalid tasks: ${JSON.stringify(tasks)} (expected a non-empty array of task names)`);
  }
  const repeated = tasks.filter((t, i) => tasks.indexOf(t) !== i);
  if (repeated.length > 0) throw new ValueError(op, `task names repeat: ${repeated.join(', ')}`);
  return [...(tasks as string[])];
}

/**
 * Check the per-task losses a strategy's `backward` receives: one scalar per task of `ctx.model`, the
 * model's tasks equal to `declared` when the strategy was given them, and no representation (the
 * weighting strategies work on the parameters: `supportsRepresentation` is false).
 * @returns the number of tasks T
 */
export function checkLosses(op: string, losses: readonly Tensor[], ctx: StrategyContext, declared?: readonly string[]): number {
  const tasks = ctx.model.tasks;
  if (declared !== undefined && (declared.length !== tasks.length || declared.some((t, i) => t !== tasks[i]))) {
    throw new ValueError(op, `the strategy was made for tasks [${declared.join(', ')}], the model has [${tasks.join(', ')}]`);
  }
  if (losses.length !== tasks.length) {
    throw new ValueError(op, `expected ${tasks.length} losses (one per task: ${tasks.join(', ')}), found ${losses.length}`);
  }
  losses.forEach((loss, i) => {
    if (loss.size !== 1) {
      throw new ValueError(op, `the loss of task '${tasks[i]}' must be a scalar, found shape ${formatShape(loss.shape)}`);
    }
  });
  if (ctx.representation !== undefined) {
    throw new StateError(op, 'a loss-weighting strategy works on the shared parameters, not on the representation ' +
      '(its supportsRepresentation is false); train without representation mode');
  }
  return tasks.length;
}

/**
 * Backpropagate Σ_i w_i·L_i once, accumulating into every parameter's `.grad`; intermediates are freed.
 * @param losses - the scalar per-task losses L_i
 * @param weights - w_i, one per loss
 */
export function backwardWeighted(losses: readonly Tensor[], weights: readonly number[]): void {
  tidy(() => {
    let total = mul(losses[0] as Tensor, weights[0] as number);
    for (let i = 1; i < losses.length; i++) total = add(total, mul(losses[i] as Tensor, weights[i] as number));
    total.backward();
  });
}

/**
 * Check that a loaded state has only `allowed` keys and that `required` ones are present.
 * @throws ValueError naming the unexpected or missing keys
 */
export function checkStateKeys(
  op: string, state: Readonly<Record<string, unknown>>, allowed: readonly string[], required: readonly string[] = allowed,
): void {
  if (state === null || typeof state !== 'object') throw new ValueError(op, `expected a state object, found ${JSON.stringify(state)}`);
  const unexpected = Object.keys(state).filter((k) => !allowed.includes(k));
  if (unexpected.length > 0) throw new ValueError(op, `unexpected state key(s) ${unexpected.join(', ')} (expected ${allowed.join(', ')})`);
  const missing = required.filter((k) => !(k in state));
  if (missing.length > 0) throw new ValueError(op, `missing state key(s) ${missing.join(', ')}`);
}

/**
 * Check that `value` is an array of finite numbers (of `length`, when given) that pass `valid`.
 * @param what - what the array is, for the message: `state 'weights'`, `epoch losses`
 * @returns a copy
 * @throws ValueError saying what was expected and found
 */
export function checkNumberArray(
  op: string, what: string, value: unknown, length?: number, valid: (v: number) => boolean = () => true,
): number[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isFinite(v) || !valid(v)) ||
      (length !== undefined && value.length !== length)) {
    const count = length === undefined ? 'an array of' : `an array of ${length}`;
    throw new ValueError(op, `${what}: expected ${count} valid finite numbers, found ${JSON.stringify(value)}`);
  }
  return [...(value as number[])];
}

/**
 * `T·softmax(z)`: positive weights summing to the task count T, computed stably (the maximum is subtracted first).
 * @example scaledSoftmax([0, 0]) // [1, 1]
 */
export function scaledSoftmax(z: readonly number[]): number[] {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => (z.length * v) / total);
}
