/** SoftSharing: one tower per task, tied by a penalty on the distance between corresponding parameters. */
import { ValueError } from '../../core/index.js';
import { scoped, Tensor, zeros } from '../../tensor/index.js';
import { add, mul, square, sub, sum } from '../../ops/index.js';
import type { Module, ModuleDict, Parameter, TensorToTensor } from '../../nn/index.js';
import type { TaskTensors } from '../types.js';
import { checkMatchingTowers } from './matching-towers.js';
import { MultiTaskModule, taskModuleDict } from './multi-task-module.js';

/** Options of SoftSharing. */
export interface SoftSharingOptions {
  /** One tower per task, all of the same architecture (same parameter names and shapes). Keys are the task names. */
  readonly towers: Readonly<Record<string, Module>>;
  /** λ ≥ 0, the strength of the penalty (e.g. 1e-3). */
  readonly lambda: number;
}

/**
 * Soft parameter sharing with an L2 tie (Duong, Cohn, Bird & Cook 2015, "Low resource dependency parsing:
 * cross-lingual parameter sharing in a neural network parser"; see Ruder 2017, "An overview of multi-task
 * learning in deep neural networks"): each task has its own tower,
 * yₜ = towerₜ(x), and the towers are pulled together by the penalty
 *
 *   penalty = λ · Σ_{i<j} Σ_p ‖θ_{i,p} − θ_{j,p}‖²
 *
 * over every pair of towers i < j and every pair of corresponding parameters p (same name). The
 * trainer adds `regularization()` (= `penalty()`) to the weighted task losses.
 *
 * No parameter is trained by every task, so `sharedParameters()` is empty: gradient-combination
 * methods have nothing to combine, and the sharing lives in the penalty only. `taskParameters(t)` is
 * tower t's parameters. `forward` takes one shared input or a record of per-task inputs (each tower
 * sees its own task's batch). State-dict keys: `towers.<task>.…`.
 * @example
 * const tower = () => new tn.nn.Sequential(new tn.nn.Linear(8, 16), new tn.nn.ReLU(), new tn.nn.Linear(16, 1));
 * const model = new tn.mtl.SoftSharing({ towers: { a: tower(), b: tower() }, lambda: 1e-3 });
 * const out = model.forward(x);                                   // { a: [N, 1], b: [N, 1] }
 * const loss = tn.add(tn.add(tn.mseLoss(out.a, ya), tn.mseLoss(out.b, yb)), model.penalty());
 */
export class SoftSharing extends MultiTaskModule {
  /** The towers by task. */
  readonly towers: ModuleDict;
  /** λ, the strength of the penalty. */
  readonly lambda: number;

  /** @param options - one tower per task (tasks take the order of `towers`' keys) and λ */
  constructor(options: SoftSharingOptions) {
    const towers = taskModuleDict('SoftSharing', 'towers', options.towers);
    super('SoftSharing', towers.keys());
    const { lambda } = options;
    if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) {
      throw new ValueError('SoftSharing', `lambda must be a finite number ≥ 0, found ${String(lambda)}`);
    }
    checkMatchingTowers('SoftSharing', towers);
    this.towers = towers;
    this.lambda = lambda;
  }

  /** The tower of `task`. */
  tower(task: string): TensorToTensor {
    return this.taskModule(this.towers, task, 'tower');
  }

  /** One output per task: every tower on one shared input, or each present task's tower on its own input. */
  forward(x: Tensor | TaskTensors): TaskTensors {
    const out: TaskTensors = {};
    if (x instanceof Tensor) {
      for (const task of this.tasks) out[task] = this.tower(task).forward(x);
    } else {
      for (const task of this.presentTasks(x, 'forward')) out[task] = this.tower(task).forward(x[task] as Tensor);
    }
    return out;
  }

  /** λ · Σ_{i<j} Σ_p ‖θ_{i,p} − θ_{j,p}‖², a differentiable scalar (0 with one task). */
  penalty(): Tensor {
    const towers = this.tasks.map((t) => new Map(this.tower(t).namedParameters()));
    const names = [...(towers[0]?.keys() ?? [])];
    return scoped(towers.flatMap((m) => [...m.values()]), () => {
      let total = zeros([]);
      for (let i = 0; i < towers.length; i++) {
        for (let j = i + 1; j < towers.length; j++) {
          for (const name of names) {
            const diff = sub(towers[i]?.get(name) as Parameter, towers[j]?.get(name) as Parameter);
            total = add(total, sum(square(diff)));
          }
        }
      }
      return mul(total, this.lambda);
    });
  }

  /** The term the trainer adds to the loss: `penalty()`. */
  regularization(): Tensor {
    return this.penalty();
  }

  /** None: every parameter belongs to one task's tower (the towers share through the penalty). */
  sharedParameters(): Parameter[] {
    return [];
  }

  /** The parameters of `task`'s tower. */
  taskParameters(task: string): Parameter[] {
    return this.taskModule(this.towers, task, 'taskParameters').parameters();
  }
}
