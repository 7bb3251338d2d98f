/**
 * Loss-weighting strategies (equal, static, uncertainty, DWA, RLW) and `createStrategy`: hand-computed
 * weights, totals and gradients on a tiny two-task model and on leaf losses, option and state validation,
 * state round trips, and no tensor left behind by a step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import {
  TwoTaskNet, contextFor, gradsOf, maxAbsDiff, namesOnly, referenceGrads, twoTaskBatch, twoTaskLosses,
} from './helpers/mtl-weighting-model.js';

const { mtl } = tn;
const TOL = 1e-6;

/** Run `strategy.backward` on a fresh forward pass of `model`; returns the weights and the model's gradients. */
function runStep(strategy: tn.mtl.WeightingStrategy, model: TwoTaskNet): { weights: number[]; grads: number[][] } {
  const batch = twoTaskBatch();
  model.zeroGrad();
  const weights = tn.tidy(() => strategy.backward(twoTaskLosses(model, batch), contextFor(model)));
  const grads = gradsOf(model.parameters());
  model.zeroGrad();
  return { weights, grads };
}

/** Scalar leaf losses that require grad, so d(total)/dL_i reads the weight of each. */
function leafLosses(values: readonly number[]): tn.Tensor[] {
  return values.map((v) => tn.tensor(v, { requiresGrad: true }));
}

test('equal weighting backpropagates Σ L_i and returns weights 1', () => {
  tn.manualSeed(0);
  const model = new TwoTaskNet();
  const { weights, grads } = runStep(new mtl.EqualWeighting(), model);
  assert.deepEqual(weights, [1, 1]);
  assert.ok(maxAbsDiff(grads, referenceGrads(model, twoTaskBatch(), [1, 1])) < TOL);
  const losses = leafLosses([3, 4]);
  new mtl.EqualWeighting({ tasks: ['a', 'b'] }).backward(losses, contextFor(namesOnly(['a', 'b'])));
  assert.deepEqual(losses.map((l) => l.grad?.item()), [1, 1]);
});

test('static weighting: weights by task name or in task order give Σ w_i L_i', () => {
  tn.manualSeed(1);
  const model = new TwoTaskNet();
  const reference = referenceGrads(model, twoTaskBatch(), [2, 0.5]);
  for (const weights of [{ b: 0.5, a: 2 }, [2, 0.5]]) {
    const step = runStep(new mtl.StaticWeighting({ weights }), model);
    assert.deepEqual(step.weights, [2, 0.5]);
    assert.ok(maxAbsDiff(step.grads, reference) < TOL);
  }
  const losses = leafLosses([3, 4]);
  const total = tn.tidy(() => {
    new mtl.StaticWeighting({ weights: [0, 1.5] }).backward(losses, contextFor(namesOnly(['a', 'b'])));
    return losses.map((l) => l.grad?.item());
  });
  assert.deepEqual(total, [0, 1.5]);
});

test('static weighting validates its weights with what was expected and found', () => {
  const ctx = contextFor(namesOnly(['a', 'b']));
  assert.throws(() => new mtl.StaticWeighting({ weights: { a: -1, b: 1 } }), /StaticWeighting: weights must be finite numbers ≥ 0, found a: -1/);
  assert.throws(() => new mtl.StaticWeighting({ weights: [1, NaN] }), /found 1: NaN/);
  assert.throws(() => new mtl.StaticWeighting({ weights: [0, 0] }), /at least one weight must be positive/);
  assert.throws(() => new mtl.StaticWeighting({ weights: { a: 1, c: 1 }, tasks: ['a', 'b'] }), /weights for unknown task\(s\) c \(tasks: a, b\)/);
  assert.throws(() => new mtl.StaticWeighting({ weights: { a: 1 } }).backward(leafLosses([1, 1]), ctx), /no weight for task\(s\) b/);
  assert.throws(() => new mtl.StaticWeighting({ weights: [1, 2, 3] }).backward(leafLosses([1, 1]), ctx),
    /expected 2 weights \(one per task: a, b\), found 3/);
  assert.throws(() => new mtl.StaticWeighting(undefined as unknown as tn.mtl.StaticWeightingOptions), /expected weights by task name or as an array/);
  assert.throws(() => new mtl.StaticWeighting({ weights: [1], weight: 2 } as tn.mtl.StaticWeightingOptions), /unknown option\(s\) weight \(expected weights, tasks\)/);
});

test('every strategy checks the losses it is given', () => {
  const ctx = contextFor(namesOnly(['a', 'b']));
  const equal = new mtl.EqualWeighting();
  assert.throws(() => equal.backward(leafLosses([1, 2, 3]), ctx), /EqualWeighting.backward: expected 2 losses \(one per task: a, b\), found 3/);
  assert.throws(() => equal.backward([tn.tensor([1, 2]), tn.tensor(1)], ctx), /the loss of task 'a' must be a scalar, found shape \[2\]/);
  assert.throws(() => new mtl.DWA({ tasks: ['x', 'y'] }).backward(leafLosses([1, 2]), ctx),
    /the strategy was made for tasks \[x, y\], the model has \[a, b\]/);
  const leaf = tn.zeros([1, 3], { requiresGrad: true });
  const withRepresentation = { ...ctx, representation: { leaf, backward: () => undefined } };
  assert.throws(() => new mtl.RLW({ seed: 0 }).backward(leafLosses([1, 2]), withRepresentation), /works on the shared parameters, not on the representation/);
  assert.throws(() => new mtl.EqualWeighting({ tasks: ['a', 'a'] }), /task names repeat: a/);
});

test('uncertainty weighting: loss, weights exp(−s) and gradients for known σ²', () => {
  const ctx = contextFor(namesOnly(['a', 'b']));
  const uw = new mtl.UncertaintyWeighting({ tasks: ['a', 'b'] });
  uw.loadStateDict({ logVariance: [0, Math.log(2)] }); // σ² = 1 and 2
  const [la, lb] = leafLosses([3, 4]) as [tn.Tensor, tn.Tensor];
  // L = Σ exp(−s_i) L_i + s_i = 1·3 + 0 + ½·4 + ln 2
  assert.ok(Math.abs(tn.tidy(() => uw.totalLoss([la, lb]).item()) - (5 + Math.log(2))) < 1e-6);
  const weights = uw.backward([la, lb], ctx);
  assert.ok(maxAbsDiff(weights, [1, 0.5]) < 1e-7);
  // ∂L/∂L_i = exp(−s_i); ∂L/∂s_i = 1 − exp(−s_i)·L_i = [1 − 3, 1 − ½·4]
  assert.ok(maxAbsDiff([la.grad!.item(), lb.grad!.item()], [1, 0.5]) < 1e-7);
  assert.ok(maxAbsDiff(Array.from(uw.logVariance.grad!.dataSync()), [-2, -1]) < 1e-6);
});

test('uncertainty weighting scales each task\'s parameter gradient by exp(−s_i) and trains s toward log L', () => {
  tn.manualSeed(2);
  const model = new TwoTaskNet();
  const uw = mtl.createStrategy('uncertainty', { tasks: model.tasks, initialLogVariance: Math.log(4) });
  assert.equal(uw.parameters?.().length, 1);
  const { weights, grads } = runStep(uw, model);
  assert.ok(maxAbsDiff(weights, [0.25, 0.25]) < 1e-7);
  assert.ok(maxAbsDiff(grads, referenceGrads(model, twoTaskBatch(), [0.25, 0.25])) < 1e-6);
  // Plain gradient descent on s alone, the losses fixed at [3, 0.5]: s_i → log L_i.
  const strategy = new mtl.UncertaintyWeighting({ tasks: ['a', 'b'] });
  const [s] = strategy.parameters();
  for (let i = 0; i < 300; i++) {
    tn.tidy(() => {
      strategy.backward(leafLosses([3, 0.5]), contextFor(namesOnly(['a', 'b'])));
      tn.noGrad(() => s!.assign(s!.sub(s!.grad!.mul(0.1))));
    });
    s!.grad?.dispose();
    s!.grad = null;
  }
  assert.ok(maxAbsDiff(strategy.stateDict().logVariance!, [Math.log(3), Math.log(0.5)]) < 1e-3);
});

test('uncertainty weighting validates its options and state', () => {
  assert.throws(() => new mtl.UncertaintyWeighting({} as tn.mtl.UncertaintyWeightingOptions), /UncertaintyWeighting: invalid tasks: undefined/);
  assert.throws(() => new mtl.UncertaintyWeighting({ tasks: ['a'], initialLogVariance: Infinity }), /invalid initialLogVariance: Infinity \(expected a finite number\)/);
  const uw = new mtl.UncertaintyWeighting({ tasks: ['a', 'b'] });
  assert.throws(() => uw.loadStateDict({ logVariance: [1] }), /state 'logVariance': expected an array of 2 valid finite numbers, found \[1\]/);
  assert.throws(() => uw.loadStateDict({ logVariance: [1, 2], sigma: 1 }), /unexpected state key\(s\) sigma/);
  assert.throws(() => uw.backward(leafLosses([1, 2, 3]), contextFor(namesOnly(['a', 'b', 'c']))), /made for tasks \[a, b\]/);
  const copy = new mtl.UncertaintyWeighting({ tasks: ['a', 'b'] });
  copy.loadStateDict({ logVariance: [0.25, -1.5] });
  uw.loadStateDict(copy.stateDict());
  assert.deepEqual(uw.stateDict(), { logVariance: [0.25, -1.5] });
});

test('DWA: equal weights for two epochs, then K·softmax of the loss ratios over T', () => {
  const ctx = contextFor(namesOnly(['a', 'b']));
  const dwa = new mtl.DWA();
  assert.deepEqual(dwa.backward(leafLosses([1, 1]), ctx), [1, 1]);
  dwa.onEpochEnd([1, 2]);
  assert.deepEqual(dwa.backward(leafLosses([1, 1]), ctx), [1, 1]);
  dwa.onEpochEnd([0.5, 1.8]); // r = [0.5, 0.9]
  const e = [Math.exp(0.5 / 2), Math.exp(0.9 / 2)];
  const expected = e.map((v) => (2 * v) / (e[0]! + e[1]!)); // [0.9003, 1.0997]
  const losses = leafLosses([3, 4]);
  const weights = dwa.backward(losses, ctx);
  assert.ok(maxAbsDiff(weights, expected) < 1e-12);
  assert.ok(maxAbsDiff(losses.map((l) => l.grad!.item()), expected) < 1e-6);
  assert.ok(weights[1]! > weights[0]!, 'the task whose loss fell less weighs more');
  dwa.onEpochEnd([0.45, 0.9]); // r = [0.9, 0.5]: uses only the last two epochs
  assert.ok(maxAbsDiff(dwa.backward(leafLosses([1, 1]), ctx), [expected[1]!, expected[0]!]) < 1e-12);
  // temperature 1, three tasks, a task whose earlier loss is 0 counts as r = 1
  const w3 = mtl.dwaWeights([2, 0, 1], [1, 0, 3], 1);
  const e3 = [Math.exp(0.5), Math.exp(1), Math.exp(3)];
  const s3 = e3[0]! + e3[1]! + e3[2]!;
  assert.ok(maxAbsDiff(w3, e3.map((v) => (3 * v) / s3)) < 1e-12);
});

test('DWA: a model step uses the weights; options, epoch losses and state are checked and round-trip', () => {
  tn.manualSeed(3);
  const model = new TwoTaskNet();
  const dwa = new mtl.DWA({ temperature: 0.5, tasks: model.tasks });
  dwa.onEpochEnd([2, 2]);
  dwa.onEpochEnd([1, 1.5]);
  const { weights, grads } = runStep(dwa, model);
  assert.ok(Math.abs(weights[0]! + weights[1]! - 2) < 1e-12);
  assert.ok(maxAbsDiff(grads, referenceGrads(model, twoTaskBatch(), weights)) < 1e-6);
  const restored = new mtl.DWA({ temperature: 0.5 });
  restored.loadStateDict(dwa.stateDict());
  assert.deepEqual(restored.stateDict(), { previousEpochLosses: [2, 2], lastEpochLosses: [1, 1.5] });
  assert.deepEqual(runStep(restored, model).weights, weights);
  assert.throws(() => new mtl.DWA({ temperature: 0 }), /DWA: invalid temperature: 0 \(expected a finite number > 0\)/);
  assert.throws(() => new mtl.DWA({ temprature: 2 } as tn.mtl.DWAOptions), /unknown option\(s\) temprature/);
  assert.throws(() => dwa.onEpochEnd([1, 2, 3]), /epoch losses \(one mean loss ≥ 0 per task\): expected an array of 2/);
  assert.throws(() => dwa.onEpochEnd([1, -2]), /found \[1,-2\]/);
  assert.throws(() => restored.loadStateDict({ previousEpochLosses: [1, 1] }), /'previousEpochLosses' without 'lastEpochLosses'/);
});

test('RLW: weights are T·softmax of normal draws — positive, summing to T, reproducible by seed', () => {
  const ctx = contextFor(namesOnly(['a', 'b', 'c']));
  const draw = (rlw: tn.mtl.WeightingStrategy, steps: number) =>
    Array.from({ length: steps }, () => tn.tidy(() => rlw.backward(leafLosses([1, 2, 3]), ctx)));
  const first = draw(new mtl.RLW({ seed: 7 }), 20);
  for (const w of first) {
    assert.ok(w.every((v) => v > 0), `positive: ${w}`);
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 3) < 1e-12, `sums to 3: ${w}`);
  }
  assert.deepEqual(draw(new mtl.RLW({ seed: 7 }), 20), first);
  assert.notDeepEqual(draw(new mtl.RLW({ seed: 8 }), 20), first);
  const spread = first.map((w) => Math.max(...w) - Math.min(...w));
  assert.ok(Math.max(...spread) > 0.5, 'the weights vary from step to step');
  // weights = softmax of the generator's normals, times T
  const g = new tn.Generator(7);
  const z = [g.normal(), g.normal(), g.normal()];
  const ez = z.map((v) => Math.exp(v));
  assert.ok(maxAbsDiff(first[0]!, ez.map((v) => (3 * v) / (ez[0]! + ez[1]! + ez[2]!))) < 1e-12);
  // the default seed comes from the global generator
  tn.manualSeed(11);
  const a = draw(new mtl.RLW(), 3);
  tn.manualSeed(11);
  assert.deepEqual(draw(new mtl.RLW(), 3), a);
});

test('RLW: the generator state round-trips (odd task count: a spare normal is cached) and the gradients use the weights', () => {
  const ctx = contextFor(namesOnly(['a', 'b', 'c']));
  const rlw = new mtl.RLW({ seed: 3 });
  for (let i = 0; i < 3; i++) tn.tidy(() => rlw.backward(leafLosses([1, 1, 1]), ctx));
  const state = rlw.stateDict();
  assert.equal(typeof state.spareNormal, 'number');
  const resumed = new mtl.RLW({ seed: 99 });
  resumed.loadStateDict(JSON.parse(JSON.stringify(state)) as Record<string, number | number[]>);
  for (let i = 0; i < 4; i++) {
    const losses = leafLosses([1, 1, 1]);
    const w = rlw.backward(losses, ctx);
    assert.deepEqual(resumed.backward(leafLosses([1, 1, 1]), ctx), w);
    assert.ok(maxAbsDiff(losses.map((l) => l.grad!.item()), w) < 1e-6);
  }
  assert.throws(() => resumed.loadStateDict({ generator: [1, 2, 3] }), /state 'generator' \(uint32 words\): expected an array of 4/);
  assert.throws(() => resumed.loadStateDict({ generator: [1, 2, 3, 4], spareNormal: [1] }), /state 'spareNormal': expected a finite number/);
  assert.throws(() => new mtl.RLW({ seed: 1.5 }), /RLW: invalid seed: 1.5 \(expected a finite number \(an integer\)\)/);
});

test('createStrategy names every weighting strategy and checks names and options', () => {
  assert.deepEqual(mtl.strategyNames(), ['equal', 'static', 'uncertainty', 'dwa', 'rlw', 'gradnorm', 'pcgrad', 'cagrad', 'mgda']);
  const made = [
    mtl.createStrategy('equal'),
    mtl.createStrategy('static', { weights: [1, 2] }),
    mtl.createStrategy('uncertainty', { tasks: ['a', 'b'] }),
    mtl.createStrategy('dwa', { temperature: 3 }),
    mtl.createStrategy('rlw', { seed: 1 }),
    mtl.createStrategy('gradnorm', { alpha: 0.5 }),
    mtl.createStrategy('pcgrad', { seed: 3 }),
    mtl.createStrategy('cagrad', { c: 0.4 }),
    mtl.createStrategy('mgda'),
  ];
  assert.deepEqual(made.map((s) => s.name), mtl.strategyNames());
  assert.ok(made[3] instanceof mtl.DWA && made[5] instanceof mtl.GradNorm);
  assert.ok(mtl.isStrategyName('rlw'));
  assert.ok(!mtl.isStrategyName('toString'));
  assert.throws(() => mtl.createStrategy('nash' as tn.mtl.StrategyName), /createStrategy: unknown strategy "nash" \(expected one of equal, static, uncertainty, dwa, rlw, gradnorm, pcgrad, cagrad, mgda\)/);
  assert.throws(() => mtl.createStrategy('dwa', { T: 2 } as tn.mtl.DWAOptions), /DWA: unknown option\(s\) T \(expected temperature, tasks\)/);
  // generic code may always pass the task names
  for (const name of mtl.strategyNames()) {
    const options = name === 'static' ? { weights: [1, 1] } : {};
    mtl.createStrategy(name, { ...options, tasks: ['a', 'b'] } as never);
  }
});

/** Strategies that combine gradients rather than weight losses. */
const GRADIENT_METHODS: readonly string[] = ['pcgrad', 'cagrad', 'mgda'];

test('every strategy trains the two-task model with Adam, its own parameters included', () => {
  const batch = twoTaskBatch();
  for (const name of mtl.strategyNames()) {
    tn.manualSeed(6);
    const model = new TwoTaskNet();
    const options = name === 'static' ? { weights: [1, 2] } : name === 'gradnorm' ? { lr: 0.01 } : {};
    const strategy = mtl.createStrategy(name, { ...options, tasks: model.tasks } as never);
    const opt = new tn.optim.Adam([...model.parameters(), ...(strategy.parameters?.() ?? [])], { lr: 0.05 });
    const total = () => tn.tidy(() => twoTaskLosses(model, batch).reduce((a, l) => a + l.item(), 0));
    const first = total();
    for (let step = 0; step < 60; step++) {
      const epochLosses = tn.tidy(() => {
        opt.zeroGrad();
        const losses = twoTaskLosses(model, batch);
        const weights = strategy.backward(losses, contextFor(model, Math.floor(step / 10), step));
        // loss weights are positive; a gradient method may give a task weight 0 (MGDA's min-norm point at a vertex)
        const positive = (w: number): boolean => (GRADIENT_METHODS.includes(name) ? w >= 0 : w > 0) && Number.isFinite(w);
        assert.ok(weights.every(positive) && weights.some((w) => w > 0), `${name}: weights ${weights}`);
        opt.step();
        return losses.map((l) => l.item());
      });
      if (step % 10 === 9) strategy.onEpochEnd?.(epochLosses);
    }
    assert.ok(total() < 0.5 * first, `${name}: total loss ${first} → ${total()}`);
  }
});

test('a step leaves no tensor behind besides the gradients it stores', () => {
  tn.manualSeed(4);
  const model = new TwoTaskNet();
  const batch = twoTaskBatch();
  const strategies: tn.mtl.WeightingStrategy[] = [
    new mtl.EqualWeighting(), new mtl.StaticWeighting({ weights: [1, 3] }), new mtl.UncertaintyWeighting({ tasks: model.tasks }),
    new mtl.DWA(), new mtl.RLW({ seed: 0 }), new mtl.GradNorm({ lr: 0.01 }),
  ];
  for (const strategy of strategies) {
    const params = [...model.parameters(), ...(strategy.parameters?.() ?? [])];
    for (let step = 0; step < 3; step++) {
      for (const p of params) { p.grad?.dispose(); p.grad = null; }
      tn.tidy(() => {
        const losses = twoTaskLosses(model, batch);
        const before = tn.numTensors();
        strategy.backward(losses, contextFor(model));
        const stored = params.filter((p) => p.grad !== null).length;
        assert.equal(tn.numTensors(), before + stored, `${strategy.name}: step ${step}`);
      });
      if (step === 1) strategy.onEpochEnd?.([1, 2]);
    }
    for (const p of params) { p.grad?.dispose(); p.grad = null; }
  }
});
