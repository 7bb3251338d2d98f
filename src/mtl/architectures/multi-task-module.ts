/** MultiTaskModule: the base class of the multi-task architectures, and the checks they share. */
import { ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';
import { Module, ModuleDict, type Parameter, type TensorToTensor } from '../../nn/index.js';
import type { MultiTaskModel, TaskTensors } from '../types.js';

/**
 * Base class of multi-task architectures: a Module with task names, one output per task, and a
 * partition of its parameters into shared and per-task ones.
 *
 * State-dict names: a subclass keeps its per-task heads in the property `taskHeads` (the name `heads`
 * is taken by the `MultiTaskModel.heads(representation)` method), and this class reports that child
 * as `heads`, so keys read `heads.<task>.weight` as in a PyTorch model with `self.heads = nn.ModuleDict(...)`.
 * @example
 * class TwoLinear extends tn.mtl.MultiTaskModule {
 *   taskHeads = new tn.nn.ModuleDict({ a: new tn.nn.Linear(4, 2), b: new tn.nn.Linear(4, 1) });
 *   constructor() { super('TwoLinear', ['a', 'b']); }
 *   forward(x: tn.Tensor) { return Object.fromEntries(this.tasks.map((t) => [t, this.taskModule(this.taskHeads, t, 'forward').forward(x)])); }
 *   sharedParameters() { return []; }
 *   taskParameters(task: string) { return this.taskModule(this.taskHeads, task, 'taskParameters').parameters(); }
 * }
 */
export abstract class MultiTaskModule extends Module implements MultiTaskModel {
  /** Task names, in a fixed order (the order of losses and weights). */
  readonly tasks: readonly string[];

  /**
   * @param architecture - the architecture's name, used in error messages
   * @param tasks - task names (at least one, each a valid ModuleDict key)
   */
  protected constructor(protected readonly architecture: string, tasks: readonly string[]) {
    super();
    if (tasks.length === 0) throw new ValueError(architecture, 'expected at least one task, found none');
    this.tasks = [...tasks];
  }

  /** One output per task. */
  abstract override forward(x: Tensor | TaskTensors): TaskTensors;

  /** Parameters that every task trains. */
  abstract sharedParameters(): Parameter[];

  /** Parameters only `task` trains. */
  abstract taskParameters(task: string): Parameter[];

  /** Children by state-dict name: the `taskHeads` property appears as `heads`. */
  override namedChildren(): [string, Module][] {
    return super.namedChildren().map(([name, m]) => [name === 'taskHeads' ? 'heads' : name, m]);
  }

  /** The head (or tower) module of `task` in `dict`, with an error naming the known tasks. */
  protected taskModule(dict: ModuleDict, task: string, where: string): TensorToTensor {
    this.checkTask(task, where);
    return dict.get(task) as TensorToTensor;
  }

  /** Throw unless `task` is one of `tasks`. */
  protected checkTask(task: string, where: string): void {
    if (!this.tasks.includes(task)) {
      throw new ValueError(`${this.architecture}.${where}`, `unknown task '${task}'; expected one of ${this.tasks.join(', ')}`);
    }
  }

  /**
   * The tasks of a per-task input record, in `tasks` order, after checking that it names at least
   * one task and only known ones.
   */
  protected presentTasks(x: TaskTensors, where: string): string[] {
    const op = `${this.architecture}.${where}`;
    if (x === null || typeof x !== 'object' || Array.isArray(x)) {
      throw new ValueError(op, `expected a Tensor or a record of per-task Tensors, found ${describeValue(x)}`);
    }
    const unknown = Object.keys(x).filter((k) => !this.tasks.includes(k));
    if (unknown.length > 0) {
      throw new ValueError(op, `per-task input has unknown task(s) ${unknown.join(', ')}; expected some of ${this.tasks.join(', ')}`);
    }
    const present = this.tasks.filter((t) => x[t] !== undefined);
    if (present.length === 0) throw new ValueError(op, `per-task input names no task; expected some of ${this.tasks.join(', ')}`);
    for (const task of present) {
      if (!(x[task] instanceof Tensor)) throw new ValueError(op, `per-task input '${task}' must be a Tensor, found ${describeValue(x[task])}`);
    }
    return present;
  }
}

/**
 * A ModuleDict of one module per task, after checking that `modules` is a non-empty record of Modules.
 * @throws ValueError `HardSharing: heads['b'] must be a Module, found number`
 */
export function taskModuleDict(op: string, what: string, modules: Readonly<Record<string, Module>>): ModuleDict {
  if (modules === null || typeof modules !== 'object' || Array.isArray(modules)) {
    throw new ValueError(op, `${what} must be an object of one module per task, found ${describeValue(modules)}`);
  }
  const entries = Object.entries(modules);
  if (entries.length === 0) throw new ValueError(op, `${what} must name at least one task, found none`);
  for (const [task, m] of entries) checkModule(op, `${what}['${task}']`, m);
  return new ModuleDict(modules);
}

/** `value` as a module of one tensor → one tensor, after checking that it is a Module. */
export function checkModule(op: string, what: string, value: unknown): TensorToTensor {
  if (!(value instanceof Module)) throw new ValueError(op, `${what} must be a Module, found ${describeValue(value)}`);
  return value as TensorToTensor;
}

/** A short description of a value for error messages: `number`, `an array`, `null`, `Linear`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
  return typeof value;
}
