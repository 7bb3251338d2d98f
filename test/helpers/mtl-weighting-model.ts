/** A tiny two-task model and helpers for the loss-weighting strategy tests. */
import * as tn from 'tasknet';

const { nn } = tn;

/** Two tasks `a` and `b` on one shared Linear(2→3) + tanh trunk, each with a Linear(3→1) head. */
export class TwoTaskNet extends nn.Module implements tn.mtl.MultiTaskModel {
  readonly tasks = ['a', 'b'];
  readonly trunk = new nn.Linear(2, 3);
  readonly headA = new nn.Linear(3, 1);
  readonly headB = new nn.Linear(3, 1);

  forward(x: tn.Tensor | tn.mtl.TaskTensors): tn.mtl.TaskTensors {
    const h = this.trunk.forward(x as tn.Tensor).tanh();
    return { a: this.headA.forward(h), b: this.headB.forward(h) };
  }

  sharedParameters(): tn.nn.Parameter[] {
    return this.trunk.parameters();
  }

  taskParameters(task: string): tn.nn.Parameter[] {
    return (task === 'a' ? this.headA : this.headB).parameters();
  }
}

/** A fixed batch for `TwoTaskNet`: x [4, 2] and targets for both tasks [4, 1]. */
export function twoTaskBatch(): { x: tn.Tensor; ya: tn.Tensor; yb: tn.Tensor } {
  return {
    x: tn.tensor([[1, 2], [-1, 0.5], [0.3, -2], [2, 1]]),
    ya: tn.tensor([[1], [0], [-1], [2]]),
    yb: tn.tensor([[0.5], [-0.5], [3], [1]]),
  };
}

/** [L_a, L_b]: the mean squared errors of a fresh forward pass. */
export function twoTaskLosses(model: tn.mtl.MultiTaskModel, batch: ReturnType<typeof twoTaskBatch>): tn.Tensor[] {
  const out = model.forward(batch.x);
  return [tn.mseLoss(out.a as tn.Tensor, batch.ya), tn.mseLoss(out.b as tn.Tensor, batch.yb)];
}

/** The context a trainer would pass at a step. */
export function contextFor(model: tn.mtl.MultiTaskModel, epoch = 0, step = 0): tn.mtl.StrategyContext {
  return { model, sharedParameters: model.sharedParameters(), epoch, step };
}

/** A stand-in model that only has task names, for strategies fed leaf losses directly. */
export function namesOnly(tasks: readonly string[]): tn.mtl.MultiTaskModel {
  return { tasks, sharedParameters: () => [] } as unknown as tn.mtl.MultiTaskModel;
}

/** Each parameter's gradient as an array (empty where it has none). */
export function gradsOf(params: readonly tn.Tensor[]): number[][] {
  return params.map((p) => (p.grad === null ? [] : Array.from(p.grad.dataSync())));
}

/**
 * The gradients of Σ_i w_i·L_i on a fresh forward pass, computed directly, with `.grad` cleared before and after.
 */
export function referenceGrads(model: TwoTaskNet, batch: ReturnType<typeof twoTaskBatch>, weights: readonly number[]): number[][] {
  model.zeroGrad();
  tn.tidy(() => {
    const [la, lb] = twoTaskLosses(model, batch) as [tn.Tensor, tn.Tensor];
    la.mul(weights[0] as number).add(lb.mul(weights[1] as number)).backward();
  });
  const grads = gradsOf(model.parameters());
  model.zeroGrad();
  return grads;
}

/** Assert-friendly closeness of nested number arrays. */
export function maxAbsDiff(a: readonly (readonly number[])[] | readonly number[], b: readonly (readonly number[])[] | readonly number[]): number {
  const flat = (v: readonly unknown[]): number[] => v.flatMap((x) => (Array.isArray(x) ? flat(x) : [x as number]));
  const fa = flat(a);
  const fb = flat(b);
  if (fa.length !== fb.length) return Infinity;
  return fa.reduce((m, x, i) => Math.max(m, Math.abs(x - (fb[i] as number))), 0);
}
