/** MMoE: shared experts mixed per task by a softmax gate (Ma et al. 2018). */
import { formatShape, ShapeError, sizeOf, ValueError } from '../../core/index.js';
import { Tensor } from '../../tensor/index.js';
import { flatten, mul, reshape, softmax, stack, sum } from '../../ops/index.js';
import { Linear, ModuleDict, ModuleList, type Module, type Parameter, type TensorToTensor } from '../../nn/index.js';
import type { TaskTensors } from '../types.js';
import { checkModule, describeValue, MultiTaskModule, taskModuleDict } from './multi-task-module.js';

/** Experts made by a factory: `create(i)` for i = 0 … count − 1. */
export interface ExpertFactory {
  /** Number of experts E ≥ 1. */
  readonly count: number;
  /** Makes expert i: input [N, …] → output [N, …], every expert with the same output shape. */
  readonly create: (index: number) => Module;
}

/** Options of MMoE. */
export interface MMoEOptions {
  /** The shared experts, as modules or as a factory and a count. */
  readonly experts: readonly Module[] | ExpertFactory;
  /** Features per sample of the flattened input, what each gate reads: [N, …] → [N, inputSize]. */
  readonly inputSize: number;
  /** One head per task: mixed expert output → that task's output. Its keys are the task names. */
  readonly heads: Readonly<Record<string, Module>>;
  /** Makes the gate of `task`, mapping [N, inputSize] to E logits (default `new Linear(inputSize, numExperts)`). */
  readonly gateFor?: (task: string, inputSize: number, numExperts: number) => Module;
}

/**
 * Multi-gate mixture-of-experts (Ma, Zhao, Yi, Chen, Hong & Chi 2018, "Modeling task relationships in
 * multi-task learning with multi-gate mixture-of-experts"): E experts shared by every task and one
 * softmax gate per task over the flattened input x̂ [N, inputSize]:
 *
 *   gₜ(x) = softmax(gateₜ(x̂)) ∈ ℝᴱ,   yₜ = headₜ( Σₑ gₜ,ₑ(x) · expertₑ(x) )
 *
 * `sharedParameters()` are the experts'; `taskParameters(t)` are gate t's and head t's. Each task mixes
 * the experts its own way, so there is no single shared representation (no `represent`/`heads`).
 * `forward` also takes a record of per-task inputs: each task's batch goes through every expert and its
 * own gate and head. `gateWeights(x)` gives the gates' mixing weights. State-dict keys: `experts.<e>.…`,
 * `gates.<task>.…`, `heads.<task>.…`.
 * @example
 * const model = new tn.mtl.MMoE({
 *   experts: { count: 4, create: () => new tn.nn.Sequential(new tn.nn.Linear(16, 8), new tn.nn.ReLU()) },
 *   inputSize: 16,
 *   heads: { income: new tn.nn.Linear(8, 2), marital: new tn.nn.Linear(8, 2) },
 * });
 * const { income, marital } = model.forward(x);      // x [N, 16] → [N, 2] each
 */
export class MMoE extends MultiTaskModule {
  /** The shared experts. */
  readonly experts: ModuleList;
  /** One gate per task, mapping [N, inputSize] to E logits. */
  readonly gates: ModuleDict;
  /** The heads by task (state-dict prefix `heads.`); use `head(task)` for one. */
  readonly taskHeads: ModuleDict;
  /** Features per sample that the gates read. */
  readonly inputSize: number;

  /** @param options - the experts, the input size, one head per task (tasks take the order of `heads`' keys) and the gate factory */
  constructor(options: MMoEOptions) {
    const op = 'MMoE';
    const heads = taskModuleDict(op, 'heads', options.heads);
    super(op, heads.keys());
    const { inputSize } = options;
    if (!Number.isInteger(inputSize) || inputSize <= 0) throw new ValueError(op, `inputSize must be a positive integer, found ${String(inputSize)}`);
    const experts = makeExperts(options.experts);
    const gateFor = options.gateFor ?? ((_task: string, n: number, e: number) => new Linear(n, e));
    this.experts = new ModuleList(experts);
    this.gates = new ModuleDict(Object.fromEntries(this.tasks.map((t) => [t, checkModule(op, `gateFor('${t}')`, gateFor(t, inputSize, experts.length))])));
    this.taskHeads = heads;
    this.inputSize = inputSize;
  }

  /** The head of `task`. */
  head(task: string): TensorToTensor {
    return this.taskModule(this.taskHeads, task, 'head');
  }

  /**
   * One output per task: from one input [N, …] shared by every task (the experts run once), or from a
   * record of per-task inputs (only the tasks present in it are computed).
   */
  forward(x: Tensor | TaskTensors): TaskTensors {
    const out: TaskTensors = {};
    if (x instanceof Tensor) {
      const gates = this.gateWeights(x);
      const experts = this.expertOutputs(x);
      for (const task of this.tasks) out[task] = this.head(task).forward(this.mix(gates[task] as Tensor, experts));
    } else {
      for (const task of this.presentTasks(x, 'forward')) {
        const xt = x[task] as Tensor;
        const gate = this.gate(task, xt);
        out[task] = this.head(task).forward(this.mix(gate, this.expertOutputs(xt)));
      }
    }
    return out;
  }

  /** Each task's mixing weights gₜ(x) = softmax(gateₜ(x̂)) [N, E]; each row sums to 1. */
  gateWeights(x: Tensor): TaskTensors {
    return Object.fromEntries(this.tasks.map((t) => [t, this.gate(t, x)]));
  }

  /** The experts' parameters. */
  sharedParameters(): Parameter[] {
    return this.experts.parameters();
  }

  /** The parameters of `task`'s gate and head. */
  taskParameters(task: string): Parameter[] {
    return [...this.taskModule(this.gates, task, 'taskParameters').parameters(), ...this.head(task).parameters()];
  }

  /** softmax over experts of `task`'s gate on the flattened input: [N, E]. */
  private gate(task: string, x: Tensor): Tensor {
    const op = `MMoE gate '${task}'`;
    if (x.ndim < 2 || sizeOf(x.shape.slice(1)) !== this.inputSize) {
      throw new ShapeError(op, `expected an input [N, …] of inputSize=${this.inputSize} features per sample, found ${formatShape(x.shape)}`);
    }
    const logits = (this.gates.get(task) as TensorToTensor).forward(flatten(x, 1));
    const expected = [x.shape[0] as number, this.experts.length];
    if (logits.ndim !== 2 || logits.shape[0] !== expected[0] || logits.shape[1] !== expected[1]) {
      throw new ShapeError(op, `expected ${formatShape(expected)} logits (one per expert), found ${formatShape(logits.shape)}`);
    }
    return softmax(logits, 1);
  }

  /** Every expert on `x`, stacked: [N, E, …]. */
  private expertOutputs(x: Tensor): Tensor {
    const outputs = this.experts.children().map((e) => (e as TensorToTensor).forward(x));
    const first = outputs[0] as Tensor;
    outputs.forEach((y, e) => {
      if (y.ndim < 1 || y.shape.length !== first.shape.length || y.shape.some((d, i) => d !== first.shape[i])) {
        throw new ShapeError('MMoE', `experts must give outputs [N, …] of one shape: expert 0 gives ${formatShape(first.shape)}, ` +
          `expert ${e} gives ${formatShape(y.shape)}`);
      }
    });
    return stack(outputs, 1);
  }

  /** Σₑ g[:, e] · experts[:, e]: [N, E] and [N, E, …] → [N, …]. */
  private mix(g: Tensor, experts: Tensor): Tensor {
    const view = reshape(g, [...g.shape, ...experts.shape.slice(2).map(() => 1)]);
    return sum(mul(view, experts), 1);
  }
}

function makeExperts(experts: MMoEOptions['experts']): Module[] {
  const op = 'MMoE';
  if (Array.isArray(experts)) {
    if (experts.length === 0) throw new ValueError(op, 'expected at least one expert, found none');
    return experts.map((e, i) => checkModule(op, `experts[${i}]`, e));
  }
  const factory = experts as ExpertFactory;
  if (factory === null || typeof factory !== 'object' || typeof factory.create !== 'function') {
    throw new ValueError(op, `experts must be an array of modules or { count, create }, found ${describeValue(experts)}`);
  }
  if (!Number.isInteger(factory.count) || factory.count < 1) {
    throw new ValueError(op, `experts.count must be a positive integer, found ${String(factory.count)}`);
  }
  return Array.from({ length: factory.count }, (_, i) => checkModule(op, `experts.create(${i})`, factory.create(i)));
}
