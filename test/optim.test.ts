/**
 * Optimisers, gradient clipping and LR schedules: golden trajectories and lr sequences from PyTorch 1.13
 * (test/fixtures/golden/optim.json, written by `/usr/bin/python3 tools/golden/optim.py`), hyper-parameter
 * validation, parameter groups, zeroGrad, state dicts, memory, and convergence on a small regression.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tn from 'tasknet';
import { repoRoot } from './helpers/repo.js';

const { optim, nn } = tn;
type Tensor = tn.Tensor;
type AnyOptimizer = tn.optim.Optimizer;
type Options = Record<string, unknown>;

interface FlatTensor { shape: number[]; data: number[] }
interface Trajectory {
  id: string;
  optimizer: string;
  options: Options;
  groups?: [Options, Options];
  clipGradNorm?: { maxNorm: number; normType?: number | 'inf' };
  stepLR?: { stepSize: number; gamma: number };
  steps: { w: number[]; b: number[]; norm?: number; lr?: number }[];
}
interface SchedulerSpec { scheduler: string; options: Options }
interface Schedule {
  id: string;
  scheduler: string;
  options: Options;
  optimizer: string;
  optimizerOptions: Options;
  groupLrs: number[];
  metrics?: number[];
  lrs: number[][];
  momenta?: number[][];
}
interface Fixture {
  torch: string;
  problem: { x: FlatTensor; y: FlatTensor; w0: FlatTensor; b0: FlatTensor };
  trajectories: Trajectory[];
  schedules: Schedule[];
  tol: { params: { atol: number; rtol: number }; lrs: { atol: number; rtol: number } };
}

const fixture = JSON.parse(readFileSync(join(repoRoot(), 'test/fixtures/golden/optim.json'), 'utf8')) as Fixture;
const { x: X, y: Y, w0: W0, b0: B0 } = fixture.problem;

function assertClose(actual: ArrayLike<number>, expected: readonly number[], tol: { atol: number; rtol: number }, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    const ok = Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
    assert.ok(ok, `${what}[${i}]: expected ${e}, found ${a} (diff ${Math.abs(a - e)})`);
  }
}

const fromFlat = (t: FlatTensor): Tensor => tn.tensor(t.data).reshape(t.shape);

/** The golden loss: mean_rows(sum_cols((x W^T + b − y)²)) + 0.1·sum(b²). */
function problemLoss(w: Tensor, b: Tensor, x: Tensor, y: Tensor): Tensor {
  return x.matmul(w.t()).add(b).sub(y).square().sum(1).mean().add(b.square().sum().mul(0.1));
}

function makeOptimizer(name: string, params: tn.optim.Params, options: Options): AnyOptimizer {
  const o = options as never;
  switch (name) {
    case 'SGD': return new optim.SGD(params as never, o) as unknown as AnyOptimizer;
    case 'Adam': return new optim.Adam(params as never, o) as unknown as AnyOptimizer;
    case 'AdamW': return new optim.AdamW(params as never, o) as unknown as AnyOptimizer;
    case 'RMSprop': return new optim.RMSprop(params as never, o) as unknown as AnyOptimizer;
    case 'Adagrad': return new optim.Adagrad(params as never, o) as unknown as AnyOptimizer;
    default: throw new Error(`unknown optimizer ${name}`);
  }
}

/** The LambdaLR function of the fixture (tools/golden/optim.py `lambda_fn`). */
const lambdaFn = (epoch: number): number => 0.9 ** epoch / (1 + Math.floor(epoch / 5));

type AnyScheduler = { step(metric?: number): void; getLastLr(): number[] };

function makeScheduler(opt: AnyOptimizer, spec: SchedulerSpec): AnyScheduler {
  const o = spec.options as never;
  switch (spec.scheduler) {
    case 'StepLR': return new optim.StepLR(opt, o);
    case 'MultiStepLR': return new optim.MultiStepLR(opt, o);
    case 'ExponentialLR': return new optim.ExponentialLR(opt, o);
    case 'CosineAnnealingLR': return new optim.CosineAnnealingLR(opt, o);
    case 'CosineAnnealingWarmRestarts': return new optim.CosineAnnealingWarmRestarts(opt, o);
    case 'LinearLR': return new optim.LinearLR(opt, o);
    case 'LambdaLR': return new optim.LambdaLR(opt, { lrLambda: lambdaFn });
    case 'OneCycleLR': return new optim.OneCycleLR(opt, o);
    case 'ReduceLROnPlateau': return new optim.ReduceLROnPlateau(opt, o);
    case 'SequentialLR': {
      const inner = (spec.options.schedulers as SchedulerSpec[]).map((s) => makeScheduler(opt, s) as tn.optim.LRScheduler);
      return new optim.SequentialLR(opt, { schedulers: inner, milestones: spec.options.milestones as number[] });
    }
    case 'ChainedScheduler':
      return new optim.ChainedScheduler((spec.options.schedulers as SchedulerSpec[]).map((s) => makeScheduler(opt, s) as tn.optim.LRScheduler));
    default: throw new Error(`unknown scheduler ${spec.scheduler}`);
  }
}

test('golden fixture covers every optimiser configuration and schedule asked for', () => {
  assert.match(fixture.torch, /^1\.13/);
  const ids = new Set(fixture.trajectories.map((t) => t.id));
  for (const id of ['sgd-plain', 'sgd-momentum-nesterov-wd', 'sgd-dampening', 'adam', 'adam-amsgrad-wd', 'adamw',
    'rmsprop-centered-momentum', 'adagrad-lrdecay', 'sgd-clip-norm', 'sgd-steplr']) assert.ok(ids.has(id), id);
  const schedulers = new Set(fixture.schedules.map((s) => s.scheduler));
  for (const s of ['StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'CosineAnnealingWarmRestarts', 'LinearLR',
    'LambdaLR', 'OneCycleLR', 'ReduceLROnPlateau', 'SequentialLR', 'ChainedScheduler']) assert.ok(schedulers.has(s), s);
});

for (const traj of fixture.trajectories) {
  test(`golden trajectory ${traj.id} (${traj.optimizer}) matches PyTorch`, () => {
    const x = fromFlat(X);
    const y = fromFlat(Y);
    const w = new nn.Parameter(fromFlat(W0));
    const b = new nn.Parameter(fromFlat(B0));
    const params: tn.optim.Params = traj.groups === undefined
      ? [w, b]
      : [{ params: [w], ...traj.groups[0] }, { params: [b], ...traj.groups[1] }];
    const opt = makeOptimizer(traj.optimizer, params, traj.options);
    const sched = traj.stepLR === undefined ? undefined : new optim.StepLR(opt, traj.stepLR);
    traj.steps.forEach((expected, i) => {
      opt.zeroGrad();
      tn.tidy(() => problemLoss(w, b, x, y).backward());
      if (traj.clipGradNorm !== undefined) {
        const { maxNorm, normType } = traj.clipGradNorm;
        const norm = optim.clipGradNorm_([w, b], maxNorm, normType === 'inf' ? Infinity : normType ?? 2);
        assertClose([norm.item()], [expected.norm as number], fixture.tol.params, `${traj.id} step ${i + 1} norm`);
        norm.dispose();
      }
      opt.step();
      if (sched !== undefined) {
        sched.step();
        assertClose([opt.paramGroups[0]!.lr], [expected.lr as number], fixture.tol.lrs, `${traj.id} step ${i + 1} lr`);
      }
      assertClose(w.dataSync(), expected.w, fixture.tol.params, `${traj.id} step ${i + 1} W`);
      assertClose(b.dataSync(), expected.b, fixture.tol.params, `${traj.id} step ${i + 1} b`);
    });
  });
}

for (const sch of fixture.schedules) {
  test(`golden schedule ${sch.id} (${sch.scheduler}) matches PyTorch's lrs`, () => {
    const p0 = new nn.Parameter(tn.zeros([2]));
    const p1 = new nn.Parameter(tn.zeros([3]));
    const opt = makeOptimizer(sch.optimizer, [
      { params: [p0], lr: sch.groupLrs[0] }, { params: [p1], lr: sch.groupLrs[1] },
    ], sch.optimizerOptions);
    const sched = makeScheduler(opt, sch);
    const momenta = (): number[] => opt.paramGroups.map((g) => {
      const group = g as unknown as { betas?: number[]; momentum?: number };
      return group.betas !== undefined ? group.betas[0] as number : group.momentum as number;
    });
    sch.lrs.forEach((expected, i) => {
      assertClose(opt.paramGroups.map((g) => g.lr), expected, fixture.tol.lrs, `${sch.id} epoch ${i} lr`);
      if (sch.momenta !== undefined) assertClose(momenta(), sch.momenta[i] as number[], fixture.tol.lrs, `${sch.id} epoch ${i} momentum`);
      if (i === sch.lrs.length - 1) return;
      assert.deepEqual(sched.getLastLr(), opt.paramGroups.map((g) => g.lr));
      opt.step();
      sched.step(sch.metrics?.[i]);
    });
  });
}

test('hyper-parameters are validated with exact messages', () => {
  const p = (): Tensor[] => [new nn.Parameter(tn.zeros([2]))];
  const cases: [() => unknown, string][] = [
    [() => new optim.Adam(p(), { lr: -1 }), 'Adam: invalid learning rate: -1 (expected ≥ 0)'],
    [() => new optim.Adam(p(), { betas: [0.9, 1.2] }), 'Adam: invalid beta parameter at index 1: 1.2 (expected in [0, 1))'],
    [() => new optim.Adam(p(), { betas: [-0.1, 0.9] }), 'Adam: invalid beta parameter at index 0: -0.1 (expected in [0, 1))'],
    [() => new optim.Adam(p(), { eps: -1e-8 }), 'Adam: invalid epsilon value: -1e-8 (expected ≥ 0)'],
    [() => new optim.Adam(p(), { weightDecay: -0.1 }), 'Adam: invalid weightDecay value: -0.1 (expected ≥ 0)'],
    [() => new optim.Adam(p(), { lr: NaN }), 'Adam: invalid learning rate: NaN (expected ≥ 0)'],
    [() => new optim.AdamW(p(), { betas: [1, 0.999] }), 'AdamW: invalid beta parameter at index 0: 1 (expected in [0, 1))'],
    [() => new optim.SGD(p(), { lr: -0.5 }), 'SGD: invalid learning rate: -0.5 (expected ≥ 0)'],
    [() => new optim.SGD(p(), { lr: 0.1, momentum: -1 }), 'SGD: invalid momentum value: -1 (expected ≥ 0)'],
    [() => new optim.SGD(p(), { lr: 0.1, nesterov: true }),
      'SGD: Nesterov momentum requires a momentum and zero dampening (found momentum 0, dampening 0)'],
    [() => new optim.SGD(p(), {} as never), 'SGD: lr is required (found undefined)'],
    [() => new optim.RMSprop(p(), { alpha: -0.5 }), 'RMSprop: invalid alpha value: -0.5 (expected ≥ 0)'],
    [() => new optim.RMSprop(p(), { momentum: -0.5 }), 'RMSprop: invalid momentum value: -0.5 (expected ≥ 0)'],
    [() => new optim.Adagrad(p(), { lrDecay: -1 }), 'Adagrad: invalid lrDecay value: -1 (expected ≥ 0)'],
    [() => new optim.Adagrad(p(), { initialAccumulatorValue: -1 }), 'Adagrad: invalid initialAccumulatorValue value: -1 (expected ≥ 0)'],
    [() => new optim.Adam([], {}), 'Adam: got an empty parameter list'],
    [() => new optim.Adam([{ params: p(), lr: -2 }]), 'Adam: invalid learning rate: -2 (expected ≥ 0)'],
    [() => new optim.StepLR(new optim.SGD(p(), { lr: 1 }), { stepSize: 0 }), 'StepLR: invalid stepSize: 0 (expected an integer ≥ 1)'],
    [() => new optim.CosineAnnealingWarmRestarts(new optim.SGD(p(), { lr: 1 }), { T0: 5, Tmult: 0 }),
      'CosineAnnealingWarmRestarts: invalid Tmult: 0 (expected an integer ≥ 1)'],
    [() => new optim.LinearLR(new optim.SGD(p(), { lr: 1 }), { startFactor: 1.5 }), 'LinearLR: invalid startFactor: 1.5 (expected in (0, 1])'],
    [() => new optim.ReduceLROnPlateau(new optim.SGD(p(), { lr: 1 }), { factor: 1 }), 'ReduceLROnPlateau: invalid factor: 1 (expected in [0, 1))'],
    [() => new optim.OneCycleLR(new optim.Adagrad(p()), { maxLr: 1, totalSteps: 10 }),
      'OneCycleLR: optimizer must support momentum with the cycleMomentum option enabled (Adagrad has neither momentum nor betas)'],
    [() => new optim.OneCycleLR(new optim.SGD(p(), { lr: 1 }), { maxLr: 1 }),
      'OneCycleLR: you must define either totalSteps OR (epochs AND stepsPerEpoch)'],
    [() => new optim.SlantedTriangularLR(new optim.SGD(p(), { lr: 1 }), { totalSteps: 5 }),
      'SlantedTriangularLR: totalSteps·cutFrac must be at least 1 (found 5·0.1 = 0.5)'],
  ];
  for (const [fn, message] of cases) assert.throws(fn, (e: unknown) => e instanceof tn.ValueError && e.message === message, message);
  // a hyper-parameter broken at run time is caught by the next step
  const w = new nn.Parameter(tn.ones([2]));
  const opt = new optim.Adam([w]);
  opt.paramGroups[0]!.betas = [0.9, 2];
  w.grad = tn.keep(tn.ones([2]));
  assert.throws(() => opt.step(), /Adam: invalid beta parameter at index 1: 2 \(expected in \[0, 1\)\)/);
});

test('a parameter in two groups, twice in a group, or not a leaf is an error', () => {
  const a = new nn.Parameter(tn.zeros([2]));
  const b = new nn.Parameter(tn.zeros([2]));
  assert.throws(() => new optim.SGD([{ params: [a, b] }, { params: [b] }], { lr: 0.1 }),
    /SGD: some parameters appear in more than one parameter group \(parameter 0 of group 1 is in group 0\)/);
  const opt = new optim.SGD([a], { lr: 0.1 });
  assert.throws(() => opt.addParamGroup({ params: [a] }), /more than one parameter group/);
  assert.throws(() => new optim.SGD([a, a], { lr: 0.1 }), /SGD: parameter 1 of group 0 appears twice in the group/);
  const leaf = tn.ones([2], { requiresGrad: true });
  assert.throws(() => new optim.SGD([leaf.mul(2)], { lr: 0.1 }), /SGD: can't optimize a non-leaf tensor \(parameter 0 of group 0\)/);
});

test('parameter groups train with their own hyper-parameters, editable at run time; addParamGroup fills defaults', () => {
  const a = new nn.Parameter(tn.tensor([1, 2]));
  const b = new nn.Parameter(tn.tensor([3]));
  const c = new nn.Parameter(tn.tensor([5]));
  const opt = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.01 }], { lr: 0.1 });
  opt.addParamGroup({ params: [c], momentum: 0.5 });
  assert.equal(opt.paramGroups.length, 3);
  assert.deepEqual(opt.paramGroups.map((g) => [g.lr, g.momentum]), [[0.1, 0], [0.01, 0], [0.1, 0.5]]);
  const setGrads = (): void => {
    for (const p of [a, b, c]) { p.grad?.dispose(); p.grad = tn.keep(tn.onesLike(p)); }
  };
  setGrads();
  opt.step();
  assertClose(a.dataSync(), [0.9, 1.9], { atol: 1e-6, rtol: 0 }, 'a');
  assertClose(b.dataSync(), [2.99], { atol: 1e-6, rtol: 0 }, 'b');
  assertClose(c.dataSync(), [4.9], { atol: 1e-6, rtol: 0 }, 'c');
  opt.paramGroups[1]!.lr = 1;
  setGrads();
  opt.step();
  assertClose(b.dataSync(), [1.99], { atol: 1e-6, rtol: 0 }, 'b after lr change');
  // momentum buffer on group 2 only: c moves by 0.1·(0.5·1 + 1)
  assertClose(c.dataSync(), [4.75], { atol: 1e-6, rtol: 0 }, 'c with momentum');
  assert.equal(opt.state.get(a)?.momentumBuffer, null);
  assert.ok(opt.state.get(c)?.momentumBuffer instanceof tn.Tensor);
});

test('step skips parameters without a gradient; zeroGrad disposes grads or zeroes them in place', () => {
  const a = new nn.Parameter(tn.tensor([1, 2]));
  const b = new nn.Parameter(tn.tensor([3]));
  const opt = new optim.Adam([a, b], { lr: 0.1 });
  tn.tidy(() => a.square().sum().backward());
  opt.step();
  assert.deepEqual(b.tolist(), [3]);
  assert.equal(opt.state.has(b), false);
  assert.equal(opt.state.get(a)?.step, 1);
  const grad = a.grad!;
  opt.zeroGrad(false);
  assert.equal(a.grad, grad);
  assert.deepEqual(grad.tolist(), [0, 0]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  assert.ok(grad.isDisposed);
  // step(closure) re-evaluates the loss with recording on and returns it
  const loss = opt.step(() => tn.tidy(() => {
    const l = a.square().sum();
    l.backward();
    return l.item();
  }));
  assertClose([loss], [0.9 ** 2 + 1.9 ** 2], { atol: 1e-5, rtol: 0 }, 'closure loss'); // a = [0.9, 1.9] after the first step
  assert.equal(opt.state.get(a)?.step, 2);
});

test('the update functions are pure: they return new tensors and leave their inputs alone', () => {
  const w = tn.tensor([1, -2, 3]);
  const g = tn.tensor([0.5, 0.5, -1]);
  const hp = { ...optim.ADAM_DEFAULTS, lr: 0.1, amsgrad: true };
  const s0 = optim.adamInitState(w, hp);
  const { param, state } = optim.adamUpdate(w, g, s0, hp);
  assert.deepEqual(w.tolist(), [1, -2, 3]);
  assert.deepEqual(s0.expAvg.tolist(), [0, 0, 0]);
  assert.equal(s0.step, 0);
  assert.equal(state.step, 1);
  // the first Adam step moves each weight by lr·sign(g) (up to ε)
  assertClose(param.dataSync(), [0.9, -2.1, 3.1], { atol: 1e-6, rtol: 0 }, 'adam step 1');
  const sgd = optim.sgdUpdate(w, g, { momentumBuffer: null }, { ...optim.SGD_DEFAULTS, lr: 1, momentum: 0.9 });
  assertClose(sgd.param.dataSync(), [0.5, -2.5, 4], { atol: 1e-6, rtol: 0 }, 'sgd');
  assert.notEqual(sgd.state.momentumBuffer, g);
});

function trainSteps(opt: AnyOptimizer, w: Tensor, b: Tensor, n: number): void {
  const x = fromFlat(X);
  const y = fromFlat(Y);
  for (let i = 0; i < n; i++) {
    opt.zeroGrad();
    tn.tidy(() => problemLoss(w, b, x, y).backward());
    opt.step();
  }
  x.dispose();
  y.dispose();
}

const CONFIGS: [string, Options][] = [
  ['SGD', { lr: 0.05, momentum: 0.9, nesterov: true }],
  ['Adam', { lr: 0.05, amsgrad: true }],
  ['AdamW', { lr: 0.05 }],
  ['RMSprop', { lr: 0.01, momentum: 0.5, centered: true }],
  ['Adagrad', { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 }],
];

for (const [name, options] of CONFIGS) {
  test(`${name}: stateDict after 3 steps, loaded into a fresh optimiser, continues identically`, () => {
    const w = new nn.Parameter(fromFlat(W0));
    const b = new nn.Parameter(fromFlat(B0));
    const opt = makeOptimizer(name, [{ params: [w] }, { params: [b], lr: 0.02 }], options);
    trainSteps(opt, w, b, 3);
    const sd = opt.stateDict();
    // PyTorch's layout: parameter indices, per-index state, group hyper-parameters
    assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0], [1]]);
    assert.equal(sd.paramGroups[1]!.lr, 0.02);
    assert.deepEqual(Object.keys(sd.state).sort(), ['0', '1']);
    if (name !== 'SGD') assert.equal(sd.state[0]!.step, 3);
    const w2 = new nn.Parameter(tn.clone(w));
    const b2 = new nn.Parameter(tn.clone(b));
    const fresh = makeOptimizer(name, [{ params: [w2] }, { params: [b2] }], { lr: 1 });
    fresh.loadStateDict(sd);
    assert.equal(fresh.paramGroups[1]!.lr, 0.02);
    tn.dispose(Object.values(sd.state).flatMap((s) => Object.values(s)));
    trainSteps(opt, w, b, 2);
    trainSteps(fresh, w2, b2, 2);
    assert.deepEqual(w2.tolist(), w.tolist());
    assert.deepEqual(b2.tolist(), b.tolist());
  });

  test(`${name}: no tensor leaks per step (numTensors stable over 50 steps, with clipping and a schedule)`, () => {
    const w = new nn.Parameter(fromFlat(W0));
    const b = new nn.Parameter(fromFlat(B0));
    const x = fromFlat(X);
    const y = fromFlat(Y);
    const opt = makeOptimizer(name, [w, b], options);
    const sched = new optim.CosineAnnealingLR(opt, { Tmax: 50 });
    const oneStep = (): void => {
      opt.zeroGrad();
      tn.tidy(() => problemLoss(w, b, x, y).backward());
      optim.clipGradNorm_([w, b], 10).dispose();
      optim.clipGradValue_([w, b], 5);
      opt.step();
      sched.step();
    };
    oneStep();
    const before = tn.numTensors();
    for (let i = 0; i < 50; i++) oneStep();
    assert.equal(tn.numTensors(), before);
    // inside a caller's tidy, the optimiser's state survives
    tn.tidy(() => oneStep());
    for (const s of opt.state.values()) for (const v of Object.values(s)) if (v instanceof tn.Tensor) assert.ok(!v.isDisposed);
    oneStep();
  });

  test(`${name}: training a small regression decreases the loss`, () => {
    tn.manualSeed(3);
    const x = tn.randn([64, 3]);
    const y = tn.tidy(() => x.matmul(tn.tensor([[1.5], [-2], [0.5]])).add(0.3));
    const model = new nn.Linear(3, 1);
    const opt = makeOptimizer(name, model.parameters(), options);
    const lossOf = (): Tensor => model.forward(x).sub(y).square().mean();
    const initial = tn.tidy(() => lossOf().item());
    let last = initial;
    for (let i = 0; i < 100; i++) {
      opt.zeroGrad();
      last = tn.tidy(() => {
        const loss = lossOf();
        loss.backward();
        return loss.item();
      });
      opt.step();
    }
    assert.ok(last < 0.25 * initial, `${name}: loss ${initial} → ${last}`);
  });
}

test('clipGradNorm_ returns the total norm, scales only above maxNorm; clipGradValue_ clamps', () => {
  const a = new nn.Parameter(tn.zeros([2]));
  const b = new nn.Parameter(tn.zeros([1]));
  const c = new nn.Parameter(tn.zeros([1]));
  a.grad = tn.keep(tn.tensor([3, 0]));
  b.grad = tn.keep(tn.tensor([4]));
  const norm = optim.clipGradNorm_([a, b, c], 10);
  assert.equal(norm.item(), 5);
  assertClose(a.grad.dataSync(), [3, 0], { atol: 1e-5, rtol: 0 }, 'unclipped');
  const norm2 = optim.clipGradNorm_([a, b], 1);
  assert.equal(norm2.item(), 5);
  assertClose([...a.grad.dataSync(), ...b.grad!.dataSync()], [0.6, 0, 0.8], { atol: 1e-6, rtol: 0 }, 'clipped');
  const inf = optim.clipGradNorm_([a, b], 0.4, Infinity);
  assertClose([inf.item()], [0.8], { atol: 1e-6, rtol: 0 }, 'inf norm');
  assertClose(b.grad!.dataSync(), [0.4], { atol: 1e-6, rtol: 0 }, 'inf clipped');
  assert.equal(optim.clipGradNorm_([c], 1).item(), 0);
  a.grad.dispose();
  a.grad = tn.keep(tn.tensor([-3, 0.5]));
  optim.clipGradValue_(a, 1);
  assert.deepEqual(a.grad.tolist(), [-1, 0.5]);
  assert.throws(() => optim.clipGradNorm_([a], 1, 0), /clipGradNorm_: normType must be positive \(or Infinity\), found 0/);
  b.grad!.dispose();
  b.grad = tn.keep(tn.tensor([NaN]));
  assert.throws(() => optim.clipGradNorm_([b], 1, 2, { errorIfNonfinite: true }), /non-finite/);
});

test('SlantedTriangularLR follows Howard & Ruder (2018), eq. 3', () => {
  const formula = (t: number, T: number, cutFrac: number, ratio: number, lrMax: number): number => {
    const cut = Math.floor(T * cutFrac);
    const p = t < cut ? t / cut : 1 - (t - cut) / (cut * (1 / cutFrac - 1));
    return lrMax * (1 + p * (ratio - 1)) / ratio;
  };
  for (const [T, cutFrac, ratio] of [[100, 0.1, 32], [200, 0.25, 10], [30, 0.2, 4]] as const) {
    const opt = new optim.SGD([{ params: [new nn.Parameter(tn.zeros([1]))] }, { params: [new nn.Parameter(tn.zeros([1]))], lr: 0.5 }], { lr: 0.01 });
    const sched = new optim.SlantedTriangularLR(opt, { totalSteps: T, cutFrac, ratio });
    for (let t = 0; t <= T; t++) {
      assertClose(opt.paramGroups.map((g) => g.lr), [formula(t, T, cutFrac, ratio, 0.01), formula(t, T, cutFrac, ratio, 0.5)],
        { atol: 1e-15, rtol: 1e-12 }, `T=${T} t=${t}`);
      sched.step();
    }
  }
  const opt = new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 0.01 });
  const sched = new optim.SlantedTriangularLR(opt, { totalSteps: 100 });
  assert.equal(sched.getLastLr()[0], 0.01 / 32);
  for (let t = 0; t < 10; t++) sched.step();
  assert.equal(sched.getLastLr()[0], 0.01);
  // when T·cutFrac is not an integer the paper's p goes negative before T: the lr stays at lrMax/ratio
  const opt2 = new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 1 });
  const sched2 = new optim.SlantedTriangularLR(opt2, { totalSteps: 25 });
  for (let t = 0; t < 25; t++) sched2.step();
  assert.equal(opt2.paramGroups[0]!.lr, 1 / 32);
});

test('scheduler and optimiser state dicts resume a schedule where it stopped', () => {
  const build = (): [AnyOptimizer, tn.optim.SequentialLR, tn.optim.OneCycleLR | null] => {
    const opt = new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 0.1, momentum: 0.9 }) as unknown as AnyOptimizer;
    const seq = new optim.SequentialLR(opt, {
      schedulers: [new optim.LinearLR(opt, { startFactor: 0.1, totalIters: 3 }), new optim.CosineAnnealingLR(opt, { Tmax: 12 })],
      milestones: [3],
    });
    return [opt, seq, null];
  };
  const [opt, seq] = build();
  for (let i = 0; i < 5; i++) seq.step();
  const optSd = opt.stateDict();
  const schedSd = JSON.parse(JSON.stringify(seq.stateDict())) as tn.optim.SchedulerStateDict;
  const [opt2, seq2] = build();
  opt2.loadStateDict(optSd);
  seq2.loadStateDict(schedSd);
  for (let i = 0; i < 10; i++) {
    seq.step();
    seq2.step();
    assert.deepEqual(seq2.getLastLr(), seq.getLastLr());
    assert.equal(opt2.paramGroups[0]!.lr, opt.paramGroups[0]!.lr);
  }
  // ReduceLROnPlateau's state survives JSON (which writes its initial best, Infinity, as null)
  const plateauOpt = new optim.SGD([new nn.Parameter(tn.zeros([1]))], { lr: 1 });
  const plateau = new optim.ReduceLROnPlateau(plateauOpt, { patience: 0 });
  const plateau2 = new optim.ReduceLROnPlateau(plateauOpt, { patience: 0 });
  plateau2.loadStateDict(JSON.parse(JSON.stringify(plateau.stateDict())) as tn.optim.SchedulerStateDict);
  assert.equal(plateau2.best, Infinity);
  plateau2.step(1);
  plateau2.step(1);
  assert.equal(plateauOpt.paramGroups[0]!.lr, 0.1);
  assert.throws(() => plateau2.step(), /ReduceLROnPlateau: step expects the metric as a number, found undefined/);
  const p = new nn.Parameter(tn.zeros([1]));
  const adam = new optim.Adam([p]);
  const cycle = new optim.OneCycleLR(adam, { maxLr: 0.1, totalSteps: 4 });
  for (let i = 0; i < 4; i++) cycle.step();
  assert.throws(() => cycle.step(), /OneCycleLR: tried to step 6 times; the specified number of total steps is 4/);
});
