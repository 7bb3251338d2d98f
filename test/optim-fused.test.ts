/**
 * Fused optimiser steps (update kernels): on every backend, the in-place updates (adamUpdateInPlace,
 * sgdUpdateInPlace, and the optimisers that take them) against their composite pure functions over many
 * random steps; identity, memory and copy-on-write of shared storages; the fallbacks to the composite path;
 * argument checks; and the cpu and wasm kernels against each other on special values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import {
  findUpdateKernel, registerUpdateKernel, unregisterUpdateKernel, UPDATE_KERNEL_NAMES, type UpdateKernelFunc,
  type UpdateKernelName,
} from 'tasknet/backend';
import { forEachBackend, testBackends } from './helpers/backends.js';

const { optim, nn } = tn;
type Tensor = tn.Tensor;
type AnyOptimizer = tn.optim.Optimizer;

/** The brief's bound on |fused − composite| / max(|fused|, |composite|), element-wise. */
const MAX_RELATIVE_DIFF = 1e-5;

/** max over i of |a[i] − b[i]| / max(|a[i]|, |b[i]|) (0 where both are equal, NaN included). */
function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'lengths');
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (Object.is(x, y) || x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
  return worst;
}

function assertMatches(fused: Tensor, composite: Tensor, what: string): void {
  const diff = maxRelativeDiff(fused.dataSync(), composite.dataSync());
  assert.ok(diff <= MAX_RELATIVE_DIFF, `${what}: max relative difference ${diff} > ${MAX_RELATIVE_DIFF}`);
}

/** Run `fn` with `backend`'s update kernels unregistered (the optimisers take their composite path), then restore them. */
function withoutUpdateKernels<R>(backend: string, fn: () => R): R {
  const saved = UPDATE_KERNEL_NAMES.map((name) => [name, findUpdateKernel(backend, name)] as const);
  for (const [name] of saved) unregisterUpdateKernel(backend, name);
  try {
    return fn();
  } finally {
    for (const [name, func] of saved) {
      if (func !== undefined) registerUpdateKernel(backend, name, func as UpdateKernelFunc<UpdateKernelName>);
    }
  }
}

const ADAM_CONFIGS: [string, tn.optim.AdamHyperParams, boolean][] = [
  ['Adam', { ...optim.ADAM_DEFAULTS, lr: 0.01 }, false],
  ['Adam, weight decay, AMSGrad, maximize', { ...optim.ADAM_DEFAULTS, lr: 0.02, betas: [0.8, 0.99], weightDecay: 0.1, amsgrad: true, maximize: true }, false],
  ['AdamW', { ...optim.ADAMW_DEFAULTS, lr: 0.01 }, true],
  ['AdamW, AMSGrad, maximize, eps 1e-3', { ...optim.ADAMW_DEFAULTS, lr: 0.05, weightDecay: 0.3, eps: 1e-3, amsgrad: true, maximize: true }, true],
];

const SGD_CONFIGS: [string, tn.optim.SGDHyperParams][] = [
  ['SGD', { ...optim.SGD_DEFAULTS, lr: 0.1 }],
  ['SGD, momentum, dampening, weight decay', { ...optim.SGD_DEFAULTS, lr: 0.05, momentum: 0.9, dampening: 0.3, weightDecay: 0.01 }],
  ['SGD, Nesterov, weight decay, maximize', { ...optim.SGD_DEFAULTS, lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 1e-3, maximize: true }],
];

/** [37, 11]: 407 elements, so kernels run their vector loop and a scalar tail. */
const SHAPE = [37, 11];
const STEPS = 60;

forEachBackend((backend) => {
  for (const [name, hp, decoupled] of ADAM_CONFIGS) {
    test(`${name} on ${backend}: ${STEPS} fused steps match the composite update (θ, m, v, v̂)`, () => {
      tn.manualSeed(11);
      tn.noGrad(() => {
        const composite = decoupled ? optim.adamwUpdate : optim.adamUpdate;
        let param = tn.randn(SHAPE);
        const fusedParam = tn.clone(param);
        let state = optim.adamInitState(param, hp);
        let fusedState = optim.adamInitState(fusedParam, hp);
        for (let t = 0; t < STEPS; t++) {
          const grad = tn.tidy(() => tn.randn(SHAPE).mul(0.1 * (1 + (t % 7))));
          const next = optim.adamUpdateInPlace(fusedParam, grad, fusedState, hp, decoupled);
          assert.ok(next !== undefined, `step ${t + 1} took the fused path`);
          fusedState = next;
          const out = composite(param, grad, state, hp);
          tn.dispose([param, state, grad]);
          ({ param, state } = out);
        }
        assert.equal(fusedState.step, STEPS);
        assertMatches(fusedParam, param, 'θ');
        assertMatches(fusedState.expAvg, state.expAvg, 'm');
        assertMatches(fusedState.expAvgSq, state.expAvgSq, 'v');
        if (hp.amsgrad) assertMatches(fusedState.maxExpAvgSq!, state.maxExpAvgSq!, 'v̂');
        tn.dispose([param, state, fusedParam, fusedState]);
      });
    });
  }

  for (const [name, hp] of SGD_CONFIGS) {
    test(`${name} on ${backend}: ${STEPS} fused steps match the composite update (θ, momentum buffer)`, () => {
      tn.manualSeed(12);
      tn.noGrad(() => {
        let param = tn.randn(SHAPE);
        const fusedParam = tn.clone(param);
        let state: tn.optim.SGDState = { momentumBuffer: null };
        let fusedState: tn.optim.SGDState = { momentumBuffer: null };
        for (let t = 0; t < STEPS; t++) {
          const grad = tn.randn(SHAPE);
          const next = optim.sgdUpdateInPlace(fusedParam, grad, fusedState, hp);
          if (t === 0 && hp.momentum !== 0) {
            // the first step with momentum creates the buffer: the composite path, as the optimiser takes it
            assert.equal(next, undefined);
            const first = optim.sgdUpdate(fusedParam, grad, fusedState, hp);
            fusedParam.assign(first.param);
            first.param.dispose();
            fusedState = first.state;
          } else {
            assert.ok(next !== undefined, `step ${t + 1} took the fused path`);
            fusedState = next;
          }
          const out = optim.sgdUpdate(param, grad, state, hp);
          tn.dispose([param, grad]);
          if (hp.momentum !== 0) tn.dispose(state);
          ({ param, state } = out);
        }
        assertMatches(fusedParam, param, 'θ');
        if (hp.momentum !== 0) assertMatches(fusedState.momentumBuffer!, state.momentumBuffer!, 'momentum buffer');
        tn.dispose([param, state, fusedParam, fusedState]);
      });
    });
  }

  const OPTIMIZERS: [string, (params: Iterable<Tensor>) => AnyOptimizer][] = [
    ['Adam', (p) => new optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 1e-3 }) as unknown as AnyOptimizer],
    ['AdamW', (p) => new optim.AdamW(p, { lr: 0.01, maximize: false }) as unknown as AnyOptimizer],
    ['SGD', (p) => new optim.SGD(p, { lr: 0.05, momentum: 0.9, nesterov: true }) as unknown as AnyOptimizer],
  ];

  for (const [name, make] of OPTIMIZERS) {
    test(`${name} on ${backend}: training a small CNN with the fused path matches the composite path`, () => {
      const train = (): number[][] => {
        tn.manualSeed(5);
        const model = new nn.Sequential(new nn.Conv2d(1, 3, 3), new nn.ReLU(), new nn.Flatten(), new nn.Linear(3 * 4 * 4, 4));
        const x = tn.randn([8, 1, 6, 6]);
        const y = tn.randint(0, 4, [8]);
        const opt = make(model.parameters());
        for (let i = 0; i < 25; i++) {
          tn.tidy(() => {
            opt.zeroGrad();
            tn.crossEntropy(model.forward(x), y).backward();
            opt.step(); // inside the tidy: the conv layer's views of its weights are still alive (copy on write)
          });
        }
        const values = [...model.parameters()].map((p) => Array.from(p.dataSync()));
        opt.dispose();
        tn.dispose([...model.parameters(), x, y]);
        return values;
      };
      const composite = withoutUpdateKernels(backend, train);
      const fused = train();
      fused.forEach((values, i) => {
        const diff = maxRelativeDiff(values, composite[i]!);
        assert.ok(diff <= MAX_RELATIVE_DIFF, `parameter ${i}: max relative difference ${diff}`);
      });
    });
  }

  test(`on ${backend}, a fused step updates in place: the state keeps its tensors, nothing is allocated per step`, () => {
    tn.manualSeed(6);
    const w = new nn.Parameter(tn.randn([50, 30]));
    const b = new nn.Parameter(tn.randn([30]));
    const x = tn.randn([16, 50]);
    const opt = new optim.Adam([w, b], { lr: 0.01, amsgrad: true });
    const step = (): void => {
      opt.zeroGrad();
      tn.tidy(() => x.matmul(w).add(b).square().mean().backward());
      opt.step();
    };
    step();
    const state = opt.state.get(w)!;
    const tensors = [state.expAvg, state.expAvgSq, state.maxExpAvgSq];
    const ref = w.ref;
    const before = tn.memory();
    for (let i = 0; i < 10; i++) step();
    const after = opt.state.get(w)!;
    assert.equal(after.step, 11);
    assert.deepEqual([after.expAvg, after.expAvgSq, after.maxExpAvgSq], tensors, 'the same state tensors');
    assert.equal(w.ref, ref, 'the same parameter storage');
    assert.equal(tn.memory().numTensors, before.numTensors);
    assert.equal(tn.memory().numStorages, before.numStorages);
    opt.dispose();
    tn.dispose([w, b, x]);
  });

  test(`on ${backend}, views of a parameter or of a state tensor keep their old elements (copy on write)`, () => {
    tn.noGrad(() => {
      const hp = { ...optim.ADAM_DEFAULTS, lr: 0.1 };
      const param = tn.tensor([1, -2, 3, 4, 5]);
      const view = param.reshape([5, 1]);
      const detached = param.detach();
      const grad = tn.tensor([0.5, 0.5, -1, 2, 0]);
      const state = optim.adamInitState(param, hp);
      const stateView = state.expAvg.reshape([5]);
      const expected = optim.adamUpdate(param, grad, state, hp);
      const next = optim.adamUpdateInPlace(param, grad, state, hp);
      assert.ok(next !== undefined);
      assert.deepEqual(view.tolist(), [[1], [-2], [3], [4], [5]]);
      assert.deepEqual(detached.tolist(), [1, -2, 3, 4, 5]);
      assert.deepEqual(stateView.tolist(), [0, 0, 0, 0, 0]);
      assert.deepEqual(param.tolist(), expected.param.tolist());
      assert.deepEqual(next.expAvg.tolist(), expected.state.expAvg.tolist());
      tn.dispose([param, view, detached, grad, state, stateView, expected]);
    });
  });

  test(`on ${backend}, the composite path runs where the fused one does not apply`, () => {
    tn.noGrad(() => {
      const adam = { ...optim.ADAM_DEFAULTS, amsgrad: true };
      const p64 = tn.tensor([1, 2], { dtype: 'float64' });
      const g64 = tn.tensor([0.1, -0.1], { dtype: 'float64' });
      assert.equal(optim.adamUpdateInPlace(p64, g64, optim.adamInitState(p64, adam), adam), undefined, 'float64');
      const p = tn.tensor([1, 2]);
      const g = tn.tensor([0.1, -0.1]);
      const withoutMax = { step: 3, expAvg: tn.zeros([2]), expAvgSq: tn.zeros([2]) };
      assert.equal(optim.adamUpdateInPlace(p, g, withoutMax, adam), undefined, 'AMSGrad without its running max');
      assert.deepEqual(p.tolist(), [1, 2]);
      const sgd = { ...optim.SGD_DEFAULTS, lr: 0.1, momentum: 0.9 };
      assert.equal(optim.sgdUpdateInPlace(p, g, { momentumBuffer: null }, sgd), undefined, 'first momentum step');
      assert.equal(optim.sgdUpdateInPlace(p, p, { momentumBuffer: null }, { ...sgd, momentum: 0 }), undefined, 'grad is param');
      assert.deepEqual(p.tolist(), [1, 2]);
    });
    // an optimiser over float64 parameters takes the composite path: its state tensors are replaced
    const w = new nn.Parameter(tn.tensor([1, -1], { dtype: 'float64' }));
    const opt = new optim.Adam([w], { lr: 0.1 });
    w.grad = tn.keep(tn.tensor([1, 1], { dtype: 'float64' }));
    opt.step();
    const first = opt.state.get(w)!.expAvg;
    opt.step();
    assert.notEqual(opt.state.get(w)!.expAvg, first);
    assert.ok(first.isDisposed);
    opt.dispose();
    tn.dispose([w, w.grad]);
  });

  test(`on ${backend}, updateInPlace checks its arguments`, () => {
    const attrs = { ...optim.SGD_DEFAULTS, lr: 0.1 };
    const p = tn.tensor([1, 2, 3]);
    const g = tn.tensor([1, 1, 1]);
    tn.noGrad(() => {
      assert.throws(() => tn.updateInPlace('sgd', tn.tensor([1, 1]), { param: p }, attrs),
        { name: 'ShapeError', message: "updateInPlace: 'grad' has shape [2], the parameter [3]" });
      assert.throws(() => tn.updateInPlace('sgd', g, { param: p, momentumBuffer: tn.zeros([1, 3]) }, { ...attrs, momentum: 0.9 }),
        { name: 'ShapeError', message: "updateInPlace: 'momentumBuffer' has shape [1,3], the parameter [3]" });
      assert.throws(() => tn.updateInPlace('sgd', g, { param: p, momentumBuffer: p }, { ...attrs, momentum: 0.9 }),
        { name: 'ValueError', message: "updateInPlace: 'param' and 'momentumBuffer' are the same tensor" });
      const disposed = tn.tensor([1, 2, 3]);
      disposed.dispose();
      assert.throws(() => tn.updateInPlace('sgd', disposed, { param: p }, attrs), { name: 'StateError' });
    });
    const leaf = tn.tensor([1, 2, 3], { requiresGrad: true });
    assert.throws(() => tn.updateInPlace('sgd', g, { param: leaf }, attrs),
      { name: 'StateError', message: "updateInPlace: 'param' requires grad and can only be updated inside tn.noGrad()" });
    const computed = leaf.mul(2);
    assert.throws(() => tn.noGrad(() => tn.updateInPlace('sgd', g, { param: computed }, attrs)),
      { name: 'StateError', message: "updateInPlace: 'param' must be a leaf tensor; this one was computed by an operation" });
    assert.deepEqual(p.tolist(), [1, 2, 3]);
    tn.dispose([p, g, leaf, computed]);
  });
});

test('every backend registers every update kernel', () => {
  for (const backend of testBackends) {
    for (const name of UPDATE_KERNEL_NAMES) assert.ok(findUpdateKernel(backend, name) !== undefined, `${backend}/${name}`);
  }
});

test('the cpu and wasm update kernels agree bit for bit, zeros, infinities and NaN included', { skip: !(testBackends.includes('cpu') && testBackends.includes('wasm')) }, async () => {
  const special = [0, -0, 1e-30, -1e-30, 3.4e38, -3.4e38, Infinity, -Infinity, NaN, 1, -1, 0.5];
  const n = special.length * special.length;
  const column = (j: number): number[] => Array.from({ length: n }, (_, i) => special[(i * (j + 1) + Math.floor(i / special.length)) % special.length]!);
  const run = async (backend: string): Promise<Float32Array[]> => {
    await tn.setBackend(backend);
    return tn.noGrad(() => {
      const [param, grad, m, v, vmax, buffer] = [0, 1, 2, 3, 4, 5].map((j) => tn.tensor(column(j)));
      const vPositive = tn.abs(v!);
      const vmaxPositive = tn.abs(vmax!);
      const adam = { step: 3, lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupledWeightDecay: false, maximize: true };
      assert.ok(tn.updateInPlace('adam', grad!, { param: param!, expAvg: m!, expAvgSq: vPositive, maxExpAvgSq: vmaxPositive }, adam));
      const sgdParam = tn.tensor(column(6));
      const sgd = { lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01, nesterov: false, maximize: false };
      assert.ok(tn.updateInPlace('sgd', grad!, { param: sgdParam, momentumBuffer: buffer! }, sgd));
      const out = [param!, m!, vPositive, vmaxPositive, sgdParam, buffer!].map((t) => t.dataSync() as Float32Array);
      tn.dispose([param, grad, m, v, vmax, buffer, vPositive, vmaxPositive, sgdParam]);
      return out;
    });
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  cpu.forEach((values, k) => {
    for (let i = 0; i < values.length; i++) {
      const a = values[i]!;
      const b = wasm[k]![i]!;
      assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `output ${k}[${i}]: cpu ${a}, wasm ${b}`);
    }
  });
});
