/**
 * PCGrad, MGDA and CAGrad as weighting strategies on a tiny two-task model (a shared Linear trunk and
 * two Linear heads): in parameter mode and in representation mode, the gradients they write equal the
 * plain functions applied to per-task gradients computed independently; task heads get their own
 * task's gradient; nothing leaks; state dicts; errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn } = tn;
type Tensor = tn.Tensor;
const TASKS = ['a', 'b'] as const;

/** Hard sharing in miniature: trunk tanh(Linear(3→4)), head a Linear(4→1), head b Linear(4→2). */
class TinyTwoTask extends nn.Module implements tn.mtl.MultiTaskModel {
  readonly tasks = [...TASKS];
  trunk = new nn.Linear(3, 4);
  headA = new nn.Linear(4, 1);
  headB = new nn.Linear(4, 2);
  represent(x: Tensor): Tensor { return this.trunk.forward(x).tanh(); }
  heads(representation: Tensor): tn.mtl.TaskTensors {
    return { a: this.headA.forward(representation), b: this.headB.forward(representation) };
  }
  forward(x: Tensor | tn.mtl.TaskTensors): tn.mtl.TaskTensors { return this.heads(this.represent(x as Tensor)); }
  sharedParameters(): tn.nn.Parameter[] { return this.trunk.parameters(); }
  taskParameters(task: string): tn.nn.Parameter[] { return (task === 'a' ? this.headA : this.headB).parameters(); }
}

interface Problem { model: TinyTwoTask; x: Tensor; targets: tn.mtl.TaskTensors }

function problem(seed: number): Problem {
  tn.manualSeed(seed);
  const model = new TinyTwoTask();
  return { model, x: tn.randn([5, 3]), targets: { a: tn.randn([5, 1]), b: tn.randn([5, 2]).mul(3) } };
}

const lossesOf = (outputs: tn.mtl.TaskTensors, targets: tn.mtl.TaskTensors) => TASKS.map((t) => tn.mseLoss(outputs[t]!, targets[t]!));

function flat(tensors: readonly Tensor[]): Float32Array {
  return Float32Array.from(tensors.flatMap((t) => [...t.dataSync()]));
}

/** Each task's gradient (of the trunk, or at the representation) and of its head, by its own passes, and its loss. */
function perTaskGradients({ model, x, targets }: Problem, representation: boolean): { grads: Float32Array[]; own: Float32Array[]; losses: number[] } {
  const result = { grads: [] as Float32Array[], own: [] as Float32Array[], losses: [] as number[] };
  TASKS.forEach((task, i) => tn.tidy(() => {
    const leaf = model.represent(x).detach().requiresGrad_(true);
    const loss = lossesOf(model.heads(leaf), targets)[i]!;
    const shared = tn.gradients(lossesOf(model.forward(x), targets)[i]!, model.sharedParameters());
    const [atLeaf, ...own] = tn.gradients(loss, [leaf, ...model.taskParameters(task)]);
    result.grads.push(representation ? flat([atLeaf!]) : flat(shared));
    result.own.push(flat(own));
    result.losses.push(loss.item());
  }));
  return result;
}

/** One strategy step as the trainer takes it; returns the weights and the live-tensor growth during `backward`. */
function step(strategy: tn.mtl.WeightingStrategy, { model, x, targets }: Problem, representation: boolean): { weights: number[]; grew: number } {
  model.zeroGrad();
  return tn.tidy(() => {
    const sharedParameters = model.sharedParameters();
    const base = { model, sharedParameters, epoch: 0, step: 0 };
    let ctx: tn.mtl.StrategyContext = base;
    let losses: Tensor[];
    if (representation) {
      const rep = model.represent(x);
      const leaf = rep.detach().requiresGrad_(true);
      ctx = { ...base, representation: { leaf, backward: (g: Tensor) => rep.backward(g) } };
      losses = lossesOf(model.heads(leaf), targets);
    } else {
      losses = lossesOf(model.forward(x), targets);
    }
    const before = tn.numTensors();
    const weights = strategy.backward(losses, ctx);
    return { weights, grew: tn.numTensors() - before };
  });
}

/** The trunk's gradient when `gradient` (flat, the representation's shape) is sent back from the representation. */
function trunkGradientFrom({ model, x }: Problem, gradient: Float32Array): Float32Array {
  model.zeroGrad();
  tn.tidy(() => {
    const rep = model.represent(x);
    rep.backward(tn.tensor(Array.from(gradient)).reshape(rep.shape));
  });
  const result = flat(model.sharedParameters().map((p) => p.grad!));
  model.zeroGrad();
  return result;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${what}[${i}]: expected ${e}, found ${a}`);
  }
}

type Combine = (grads: Float32Array[], losses: number[]) => tn.mtl.CombinedGradient<Float32Array>;
const methods: [string, () => tn.mtl.WeightingStrategy, Combine][] = [
  ['PCGrad', () => new tn.mtl.PCGrad({ seed: 3 }), (g) => tn.mtl.pcgrad(g, { seed: 3 })],
  ['MGDA', () => new tn.mtl.MGDA(), (g) => tn.mtl.mgda(g)],
  ['MGDA loss+', () => new tn.mtl.MGDA({ normalization: 'loss+' }), (g, losses) => tn.mtl.mgda(g, { normalization: 'loss+', losses })],
  ['CAGrad', () => new tn.mtl.CAGrad({ c: 0.4 }), (g) => tn.mtl.cagrad(g, { c: 0.4 })],
];

test('the tiny problem has conflicting task gradients on the shared parameters and on the representation', () => {
  const p = problem(0);
  for (const representation of [false, true]) {
    const [ga, gb] = perTaskGradients(p, representation).grads as [Float32Array, Float32Array];
    assert.ok(ga.reduce((s, v, k) => s + v * gb[k]!, 0) < 0, `g_a · g_b < 0 (representation: ${representation})`);
  }
});

for (const [name, make, combine] of methods) {
  for (const representation of [false, true]) {
    const mode = representation ? 'the shared representation' : 'the shared parameters';
    test(`${name} on ${mode}: .grad is the combination of independently computed per-task gradients`, () => {
      const p = problem(0);
      const reference = perTaskGradients(p, representation);
      const expected = combine(reference.grads, reference.losses);
      const strategy = make();
      assert.equal(strategy.supportsRepresentation, true);
      const { weights, grew } = step(strategy, p, representation);
      assertClose(weights, expected.weights, 1e-5, 'weights');
      const shared = flat(p.model.sharedParameters().map((q) => q.grad!));
      TASKS.forEach((task, i) => {
        assertClose(flat(p.model.taskParameters(task).map((q) => q.grad!)), reference.own[i]!, 1e-5, `head ${task} .grad = its own loss's gradient`);
      });
      assertClose(shared, representation ? trunkGradientFrom(p, expected.grad) : expected.grad, 1e-5, 'shared .grad');
      assert.equal(grew, p.model.parameters().length, 'backward adds one .grad tensor per parameter and nothing else');
    });
  }
}

test('a GradientCombination subclass with weights 1 reproduces equal weighting (the sum of the losses)', () => {
  class Sum extends tn.mtl.GradientCombination {
    readonly name = 'sum';
    protected combinationWeights(gram: tn.mtl.Gram): number[] { return gram.map(() => 1); }
  }
  for (const representation of [false, true]) {
    const p = problem(4);
    p.model.zeroGrad();
    tn.tidy(() => lossesOf(p.model.forward(p.x), p.targets).reduce((a, b) => a.add(b)).backward());
    const expected = flat(p.model.parameters().map((q) => q.grad!));
    assert.deepEqual(step(new Sum(), p, representation).weights, [1, 1]);
    assertClose(flat(p.model.parameters().map((q) => q.grad!)), expected, 1e-6, `representation ${representation}`);
    p.model.zeroGrad();
  }
});

test('strategies leave the live-tensor count steady over many steps', () => {
  for (const [name, make] of methods) {
    for (const representation of [false, true]) {
      const p = problem(1);
      const strategy = make();
      step(strategy, p, representation);
      p.model.zeroGrad();
      const live = tn.numTensors();
      for (let i = 0; i < 5; i++) step(strategy, p, representation);
      p.model.zeroGrad();
      assert.equal(tn.numTensors(), live, `${name}, representation ${representation}`);
    }
  }
});

test('gradients accumulate into an existing .grad, as backward() does', () => {
  const p = problem(2);
  step(new tn.mtl.MGDA(), p, false);
  const once = flat(p.model.parameters().map((q) => q.grad!));
  const before = tn.numTensors();
  tn.tidy(() => new tn.mtl.MGDA().backward(lossesOf(p.model.forward(p.x), p.targets), { model: p.model, sharedParameters: p.model.sharedParameters(), epoch: 0, step: 0 }));
  assert.equal(tn.numTensors(), before, 'each accumulated .grad replaces the previous one');
  assertClose(flat(p.model.parameters().map((q) => q.grad!)), once.map((v) => 2 * v), 1e-6, 'twice the gradient');
  p.model.zeroGrad();
});

test('PCGrad draws a new order each step from its own generator, and its state dict restores the stream', () => {
  const p = problem(0);
  const first = new tn.mtl.PCGrad({ seed: 11 });
  step(first, p, false);
  const saved = first.stateDict();
  const restored = new tn.mtl.PCGrad({ seed: 99 });
  restored.loadStateDict(saved);
  assert.deepEqual(restored.stateDict(), saved);
  assert.deepEqual(step(restored, p, false).weights, step(first, p, false).weights);
  assert.throws(() => restored.loadStateDict({ generator: 3 }), { message: 'PCGrad.loadStateDict: expected {generator: four uint32 words}, found generator=3' });
  tn.manualSeed(5);
  const a = new tn.mtl.PCGrad().stateDict();
  tn.manualSeed(5);
  assert.deepEqual(new tn.mtl.PCGrad().stateDict(), a, 'the default seed comes from tn.manualSeed');
  p.model.zeroGrad();
});

test('a task without labelled samples (zero loss, zero gradient) does not stop MGDA or CAGrad', () => {
  const p = problem(0);
  const ctx = { model: p.model, sharedParameters: p.model.sharedParameters(), epoch: 0, step: 0 };
  for (const strategy of [new tn.mtl.MGDA(), new tn.mtl.CAGrad()]) {
    p.model.zeroGrad();
    const weights = tn.tidy(() => {
      const outputs = p.model.forward(p.x);
      return strategy.backward([tn.mseLoss(outputs.a!, p.targets.a!), outputs.b!.sum().mul(0)], ctx);
    });
    assert.equal(weights[1], 0, `${strategy.name}: the unlabelled task gets weight 0`);
    assert.ok(weights[0]! > 0 && flat(p.model.sharedParameters().map((q) => q.grad!)).some((v) => v !== 0), `${strategy.name}: the other task still trains`);
  }
  p.model.zeroGrad();
});

test('strategy errors name the strategy, the task and what was found', () => {
  const p = problem(0);
  const ctx = { model: p.model, sharedParameters: p.model.sharedParameters(), epoch: 0, step: 0 };
  tn.tidy(() => {
    const losses = lossesOf(p.model.forward(p.x), p.targets);
    assert.throws(() => new tn.mtl.PCGrad().backward([losses[0]!], ctx), { message: 'PCGrad.backward: expected one loss per task (2: a, b), found 1' });
    const nan = losses[1]!.mul(Number.NaN);
    assert.throws(() => new tn.mtl.CAGrad().backward([losses[0]!, nan], ctx),
      { name: 'ValueError', message: /^CAGrad\.backward: the gradient of task 'b' at the shared parameters must be finite, found NaN at index 0$/ });
  });
  p.model.zeroGrad();
  assert.throws(() => new tn.mtl.CAGrad({ c: -1 }), { message: 'CAGrad: c must be a finite number >= 0, found -1' });
  assert.throws(() => new tn.mtl.MGDA({ normalization: 'L2' as 'l2' }), { message: `MGDA: normalization must be one of 'none', 'l2', 'loss', 'loss+', found "L2"` });
  assert.throws(() => new tn.mtl.PCGrad({ seed: Number.NaN }), { message: 'PCGrad: seed must be an integer, found NaN' });
});
