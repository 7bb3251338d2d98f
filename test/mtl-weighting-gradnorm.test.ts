/**
 * GradNorm on a problem small enough to check by hand: one shared weight W [1, 2] (a Linear(2→1) without
 * bias), both tasks reading h = W·x directly, squared-error losses L_i = (h − y_i)², so
 * ∇_W L_i = 2(h − y_i)·x and ‖∇_W L_i‖ = 2|h − y_i|·‖x‖ with ‖x‖ = √5 for x = [1, 2].
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { TwoTaskNet, contextFor, gradsOf, maxAbsDiff, namesOnly } from './helpers/mtl-weighting-model.js';

const { mtl, nn } = tn;
const SQRT5 = Math.sqrt(5);

/** Tasks `a` and `b` both read h = W·x from a shared Linear(2→1, no bias), W = [0.5, 0.5]. */
class SharedScalar extends nn.Module implements tn.mtl.MultiTaskModel {
  readonly tasks = ['a', 'b'];
  readonly trunk = new nn.Linear(2, 1, { bias: false });

  constructor() {
    super();
    tn.noGrad(() => tn.tidy(() => { this.trunk.weight.assign(tn.tensor([[0.5, 0.5]])); }));
  }

  forward(x: tn.Tensor | tn.mtl.TaskTensors): tn.mtl.TaskTensors {
    const h = this.trunk.forward(x as tn.Tensor);
    return { a: h, b: h };
  }

  sharedParameters(): tn.nn.Parameter[] { return this.trunk.parameters(); }
  taskParameters(): tn.nn.Parameter[] { return []; }
}

const X = [[1, 2]]; // h = W·x = 1.5

/** One GradNorm step with targets ya, yb; returns the weights it used and W's gradient. */
function step(strategy: tn.mtl.WeightingStrategy, model: SharedScalar, ya: number, yb: number): { used: number[]; gradW: number[] } {
  model.zeroGrad();
  const used = tn.tidy(() => {
    const out = model.forward(tn.tensor(X));
    const losses = [tn.mseLoss(out.a!, tn.tensor([[ya]])), tn.mseLoss(out.b!, tn.tensor([[yb]]))];
    return strategy.backward(losses, contextFor(model));
  });
  const [gradW] = gradsOf(model.parameters()) as [number[]];
  model.zeroGrad();
  return { used, gradW };
}

/** Weights of the current state. */
function weightsOf(strategy: tn.mtl.GradNorm): number[] {
  return strategy.stateDict().weights as number[];
}

test('gradNormGradient: L_grad, targets Ḡ·r^α and sign(G_i − target_i)·‖∇L_i‖ by hand', () => {
  // norms [√5, 2√5], w = 1, L̃ = [0.25, 1] → r = [0.4, 1.6], Ḡ = 1.5√5
  const { gradient, targets, loss } = mtl.gradNormGradient([SQRT5, 2 * SQRT5], [1, 1], [0.25, 1], 1.5);
  const expectedTargets = [1.5 * SQRT5 * 0.4 ** 1.5, 1.5 * SQRT5 * 1.6 ** 1.5];
  assert.ok(maxAbsDiff(targets, expectedTargets) < 1e-12);
  assert.ok(maxAbsDiff(gradient, [SQRT5, -2 * SQRT5]) < 1e-12);
  assert.ok(Math.abs(loss - (SQRT5 - expectedTargets[0]! + expectedTargets[1]! - 2 * SQRT5)) < 1e-12);
  // α = 0: every target is Ḡ; equal G_i: no gradient
  assert.deepEqual(mtl.gradNormGradient([1, 3], [3, 1], [0.1, 5], 0).gradient, [0, 0]);
});

test('GradNorm (SGD): the weights move toward the slower task and are renormalised to sum to T', () => {
  const model = new SharedScalar();
  const gradNorm = new mtl.GradNorm({ optimizer: 'sgd', lr: 0.1, alpha: 1.5 });
  // step 1: L = [1, 1] (residuals +1 and −1), equal norms 2√5 → L(0) = [1, 1], no change
  const first = step(gradNorm, model, 0.5, 2.5);
  assert.deepEqual(first.used, [1, 1]);
  assert.ok(maxAbsDiff(first.gradW, [0, 0]) < 1e-6); // 1·[2, 4] + 1·[−2, −4]
  assert.deepEqual(weightsOf(gradNorm), [1, 1]);
  assert.deepEqual(gradNorm.stateDict().initialLosses, [1, 1]);
  // step 2: task a's loss fell to 0.25 (fast), b's stayed at 1 (slow): r = [0.4, 1.6];
  // norms [√5, 2√5], so ∂L_grad/∂w = [+√5, −2√5] and w ← w − 0.1·∇ = [1 − 0.1√5, 1 + 0.2√5], then ×2/Σ
  const second = step(gradNorm, model, 1, 2.5);
  assert.deepEqual(second.used, [1, 1]);
  const raw = [1 - 0.1 * SQRT5, 1 + 0.2 * SQRT5];
  const expected = raw.map((w) => (2 * w) / (raw[0]! + raw[1]!)); // [0.6983, 1.3017]
  const after = weightsOf(gradNorm);
  assert.ok(maxAbsDiff(after, expected) < 1e-6, `${after} vs ${expected}`);
  assert.ok(after[1]! > 1 && after[0]! < 1, 'the slower task b gains weight');
  assert.ok(Math.abs(after[0]! + after[1]! - 2) < 1e-12);
  // step 3 backpropagates with the new weights: ∇_W = w_a·2(1.5 − 1)·x + w_b·2(1.5 − 2.5)·x
  const third = step(gradNorm, model, 1, 2.5);
  assert.ok(maxAbsDiff(third.used, expected) < 1e-6);
  const ga = after[0]! * 1 - after[1]! * 2;
  assert.ok(maxAbsDiff(third.gradW, [ga, 2 * ga]) < 1e-5);
});

test('GradNorm (Adam, the default): the first step moves each weight by lr against its gradient sign', () => {
  const model = new SharedScalar();
  const gradNorm = new mtl.GradNorm({ lr: 0.01 });
  gradNorm.loadStateDict({ weights: [1, 1], initialLosses: [1, 1] });
  step(gradNorm, model, 1, 2.5); // ∇ = [+√5, −2√5]: Adam's first step is lr·g/(|g| + ε)
  assert.ok(maxAbsDiff(weightsOf(gradNorm), [0.99, 1.01]) < 1e-6);
  const state = gradNorm.stateDict();
  assert.equal(state.adamStep, 1);
  // a resumed copy continues exactly as the original
  const resumed = new mtl.GradNorm({ lr: 0.01 });
  resumed.loadStateDict(JSON.parse(JSON.stringify(state)) as Record<string, number | number[]>);
  for (let i = 0; i < 3; i++) {
    const y = 1 + 0.2 * i;
    assert.deepEqual(step(resumed, model, y, 2.5).used, step(gradNorm, model, y, 2.5).used);
  }
  assert.deepEqual(resumed.stateDict(), gradNorm.stateDict());
});

test('GradNorm measures norms at the last shared weight matrix unless told otherwise', () => {
  tn.manualSeed(5);
  const model = new TwoTaskNet();
  const x = tn.tensor([[1, 2], [0.5, -1], [2, 0]]);
  const run = (options: tn.mtl.GradNormOptions) => {
    const gradNorm = new mtl.GradNorm({ optimizer: 'sgd', lr: 0.05, ...options });
    for (let i = 0; i < 2; i++) {
      tn.tidy(() => {
        const out = model.forward(x);
        const scale = 1 + i;
        const losses = [out.a!.sub(scale).pow(2).mean(), out.b!.add(scale).pow(2).mean().mul(3)];
        gradNorm.backward(losses, contextFor(model));
      });
      model.zeroGrad();
    }
    return weightsOf(gradNorm);
  };
  const byDefault = run({});
  assert.notDeepEqual(byDefault, [1, 1]);
  assert.deepEqual(run({ sharedWeight: 'trunk.weight' }), byDefault);
  assert.deepEqual(run({ sharedWeight: model.trunk.weight }), byDefault);
  assert.notDeepEqual(run({ sharedWeight: model.headA.weight }), byDefault);
});

test('GradNorm: a task with loss 0 (no labels) takes no part in the update and records no L(0)', () => {
  const model = new SharedScalar();
  const gradNorm = new mtl.GradNorm({ optimizer: 'sgd', lr: 0.1, tasks: ['a', 'b'] });
  model.zeroGrad();
  tn.tidy(() => {
    const h = model.forward(tn.tensor(X)).a!;
    gradNorm.backward([tn.mseLoss(h, tn.tensor([[0.5]])), h.mul(0).sum()], contextFor(model));
  });
  model.zeroGrad();
  assert.deepEqual(gradNorm.stateDict(), { weights: [1, 1], initialLosses: [1, 0] });
});

test('GradNorm validates options, the shared weight and its state', () => {
  assert.throws(() => new mtl.GradNorm({ alpha: -1 }), /GradNorm: invalid alpha: -1 \(expected a finite number ≥ 0\)/);
  assert.throws(() => new mtl.GradNorm({ lr: 0 }), /GradNorm: invalid lr: 0 \(expected a finite number > 0\)/);
  assert.throws(() => new mtl.GradNorm({ optimizer: 'rmsprop' as 'adam' }), /invalid optimizer: "rmsprop" \(expected 'adam' or 'sgd'\)/);
  assert.throws(() => new mtl.GradNorm({ sharedWeight: '' }), /invalid sharedWeight: expected a Parameter or a parameter name/);
  const model = new SharedScalar();
  const losses = () => { const h = model.forward(tn.tensor(X)).a!; return [h.sum(), h.mul(2).sum()]; };
  assert.throws(() => tn.tidy(() => new mtl.GradNorm({ sharedWeight: 'head.weight' }).backward(losses(), contextFor(model))),
    /GradNorm.backward: the model has no parameter named 'head.weight'/);
  assert.throws(() => tn.tidy(() => new mtl.GradNorm().backward([tn.tensor(1), tn.tensor(2)], contextFor(namesOnly(['a', 'b'])))),
    /no shared parameter with two or more dimensions to measure gradient norms at \(shared parameter shapes: none\); pass \{sharedWeight\}/);
  model.trunk.weight.requiresGrad = false;
  assert.throws(() => tn.tidy(() => new mtl.GradNorm().backward(losses(), contextFor(model))), /the shared weight does not require grad/);
  model.trunk.weight.requiresGrad = true;
  const gradNorm = new mtl.GradNorm({ tasks: ['a', 'b'] });
  assert.throws(() => gradNorm.loadStateDict({ weights: [1, 0], initialLosses: [1, 1] }), /state 'weights': expected an array of 2 valid finite numbers, found \[1,0\]/);
  assert.throws(() => gradNorm.loadStateDict({ weights: [1, 1] }), /missing state key\(s\) initialLosses/);
  assert.throws(() => gradNorm.loadStateDict({ weights: [1, 1], initialLosses: [1, 1], adamStep: 2 }), /expected all of adamStep, adamExpAvg, adamExpAvgSq or none/);
  assert.throws(() => new mtl.GradNorm({ optimizer: 'sgd' }).loadStateDict({ weights: [1, 1], initialLosses: [1, 1], adamStep: 1 }),
    /unexpected state key\(s\) adamStep/);
  const three = new mtl.GradNorm();
  three.loadStateDict({ weights: [1, 1, 1], initialLosses: [0, 0, 0] });
  assert.throws(() => tn.tidy(() => three.backward(losses(), contextFor(model))), /the strategy holds 3 task weights, the model has 2 tasks/);
});
