/** HardSharing: one shared trunk and one head per task (hard parameter sharing). */
import { Tensor } from '../../tensor/index.js';
import type { Module, ModuleDict, Parameter, TensorToTensor } from '../../nn/index.js';
import type { TaskTensors } from '../types.js';
import { checkModule, MultiTaskModule, taskModuleDict } from './multi-task-module.js';

/** Options of HardSharing. */
export interface HardSharingOptions {
  /** The shared trunk: input → representation. */
  readonly trunk: Module;
  /** One head per task: representation → that task's output. Its keys are the task names. */
  readonly heads: Readonly<Record<string, Module>>;
}

/**
 * Hard parameter sharing (Caruana 1997; Ruder 2017, "An overview of multi-task learning"): one trunk
 * shared by every task and one head per task, yₜ = headₜ(trunk(x)).
 *
 * - Shared input: `forward(x)` runs the trunk once and every head on its output; `represent(x)` is the
 *   trunk's output and `heads(h)` the heads, so `heads(represent(x))` equals `forward(x)`.
 * - Per-task input: `forward({ a: xa, b: xb })` sends each task's own batch through the trunk to its own
 *   head and returns only the tasks present in the record.
 *
 * `sharedParameters()` are the trunk's and `taskParameters(t)` head t's; together they are all parameters.
 * State-dict keys: `trunk.…` and `heads.<task>.…` (e.g. `trunk.0.weight`, `heads.left.bias`).
 * @example
 * const model = new tn.mtl.HardSharing({
 *   trunk: new tn.nn.Sequential(new tn.nn.Linear(784, 128), new tn.nn.ReLU()),
 *   heads: { digit: new tn.nn.Linear(128, 10), parity: new tn.nn.Linear(128, 2) },
 * });
 * const { digit, parity } = model.forward(x);       // [N, 10], [N, 2]
 */
export class HardSharing extends MultiTaskModule {
  /** The shared trunk. */
  readonly trunk: TensorToTensor;
  /** The heads by task (state-dict prefix `heads.`); use `head(task)` for one. */
  readonly taskHeads: ModuleDict;

  /** @param options - the trunk and one head per task (tasks take the order of `heads`' keys) */
  constructor(options: HardSharingOptions) {
    const heads = taskModuleDict('HardSharing', 'heads', options.heads);
    super('HardSharing', heads.keys());
    this.trunk = checkModule('HardSharing', 'trunk', options.trunk);
    this.taskHeads = heads;
  }

  /** The head of `task`. */
  head(task: string): TensorToTensor {
    return this.taskModule(this.taskHeads, task, 'head');
  }

  /**
   * One output per task: from one input [N, …] shared by every task, or from a record of per-task
   * inputs (only the tasks present in it are computed).
   */
  forward(x: Tensor | TaskTensors): TaskTensors {
    if (x instanceof Tensor) return this.heads(this.represent(x));
    const out: TaskTensors = {};
    for (const task of this.presentTasks(x, 'forward')) out[task] = this.head(task).forward(this.trunk.forward(x[task] as Tensor));
    return out;
  }

  /** The trunk's output for a single shared input. */
  represent(x: Tensor): Tensor {
    return this.trunk.forward(x);
  }

  /** Every task's head applied to the representation `h`. */
  heads(h: Tensor): TaskTensors {
    const out: TaskTensors = {};
    for (const task of this.tasks) out[task] = this.head(task).forward(h);
    return out;
  }

  /** The trunk's parameters. */
  sharedParameters(): Parameter[] {
    return this.trunk.parameters();
  }

  /** The parameters of `task`'s head. */
  taskParameters(task: string): Parameter[] {
    return this.taskModule(this.taskHeads, task, 'taskParameters').parameters();
  }
}
