// Scenario 1 of the articles: a network from first principles, then multi-task and transfer learning by hand.
//
//   10 inputs → 10 hidden (ReLU) → 1 output, mean squared error, gradient descent with learning rate 0.1.
//   The forward and backward passes are written out with tensor operations, as the article does with NumPy, and
//   the hand-derived gradients are checked against autograd.
//   Multi-task learning two ways: (a) a shared hidden layer with two task-specific output layers; (b) two tasks
//   using the same parameters (one network, one output, trained on both tasks' data).
//   Transfer learning two ways: (a) initialise a new task's model with the trained parameters; (b) use the trained
//   hidden layer as a fixed feature function φ(x) and fit only the output layer on top of it.
// Data: synthetic regression tasks y = relu(x·A)·v with a shared A (so the tasks are related) and task vectors v.
//   node examples/by-hand.mjs
import * as tn from 'tasknet';

const LR = 0.1;

function makeTask(a, v, n, seed) {
  tn.manualSeed(seed);
  const x = tn.randn([n, 10]);
  const y = tn.noGrad(() => tn.matmul(tn.relu(tn.matmul(x, a)), v).add(tn.mul(tn.randn([n, 1]), 0.05)));
  return { x, y };
}

function initParams(seed) {
  tn.manualSeed(seed);
  const bound1 = 1 / Math.sqrt(10);
  const u = (shape, b) => tn.tidy(() => tn.rand(shape).mul(2 * b).sub(b));
  return { w1: u([10, 10], bound1), b1: u([10], bound1), w2: u([10, 1], bound1), b2: u([1], bound1) };
}

/** Forward pass; returns the intermediates the backward pass needs. */
function forward(p, x) {
  const z1 = tn.add(tn.matmul(x, p.w1), p.b1);
  const h = tn.relu(z1);
  const out = tn.add(tn.matmul(h, p.w2), p.b2);
  return { z1, h, out };
}

/** ∂L/∂out for L = mean((out − y)²). */
const lossGrad = (out, y) => tn.mul(tn.sub(out, y), 2 / y.shape[0]);

/** Gradients of the output layer out = h·W2 + b2, and of its input h. */
function outputLayerGrads(p, h, dOut) {
  return {
    w2: tn.matmul(tn.transpose(h, 0, 1), dOut),   // hᵀ·dOut
    b2: tn.sum(dOut, 0),
    h: tn.matmul(dOut, tn.transpose(p.w2, 0, 1)),  // dOut·W2ᵀ
  };
}

/** Backward pass by hand: the chain rule written out, layer by layer. */
function backwardByHand(p, x, y, { z1, h, out }) {
  const top = outputLayerGrads(p, h, lossGrad(out, y));
  const dZ1 = tn.mul(top.h, tn.gt(z1, 0).float());          // ReLU'(z1) = 1 where z1 > 0
  return { w1: tn.matmul(tn.transpose(x, 0, 1), dZ1), b1: tn.sum(dZ1, 0), w2: top.w2, b2: top.b2 };
}

const mse = (a, b) => tn.mean(tn.square(tn.sub(a, b)));

/** Gradient descent on the given parameter names; returns the final loss. */
function train(p, x, y, steps, names = ['w1', 'b1', 'w2', 'b2'], featureFn = null) {
  let loss = NaN;
  for (let i = 0; i < steps; i++) {
    tn.tidy(() => {
      let grads;
      let out;
      if (featureFn) { // φ(x) is fixed: only the output layer learns
        const h = featureFn(x);
        out = tn.add(tn.matmul(h, p.w2), p.b2);
        grads = outputLayerGrads(p, h, lossGrad(out, y));
      } else {
        const acts = forward(p, x);
        out = acts.out;
        grads = backwardByHand(p, x, y, acts);
      }
      loss = mse(out, y).item();
      for (const k of names) {
        const next = tn.keep(tn.sub(p[k], tn.mul(grads[k], LR)));
        p[k].dispose();
        p[k] = next;
      }
    });
  }
  return loss;
}

function checkAgainstAutograd(p, x, y) {
  const leaves = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.detach().requiresGrad_(true)]));
  const acts = forward(leaves, x);
  mse(acts.out, y).backward();
  const byHand = backwardByHand(leaves, x, y, acts);
  return Math.max(...Object.keys(p).map((k) => tn.max(tn.abs(tn.sub(byHand[k], leaves[k].grad))).item()));
}

export function runByHand({ steps = 300, log = () => {} } = {}) {
  tn.manualSeed(100);
  const a = tn.randn([10, 10]);
  const vA = tn.randn([10, 1]).mul(0.5);
  const vB = tn.add(vA, tn.randn([10, 1]).mul(0.2)); // a related task
  const taskA = makeTask(a, vA, 256, 1);
  const taskB = makeTask(a, vB, 256, 2);
  const testA = makeTask(a, vA, 512, 3);
  const testB = makeTask(a, vB, 512, 4);
  const result = {};

  // 1. one network, forward and backward by hand
  const p = initParams(7);
  result.gradientCheck = checkAgainstAutograd(p, taskA.x, taskA.y);
  const startLoss = mse(forward(p, taskA.x).out, taskA.y).item();
  result.single = { start: startLoss, end: train(p, taskA.x, taskA.y, steps), test: mse(forward(p, testA.x).out, testA.y).item() };
  log(`1. 10 → 10 (ReLU) → 1, MSE, gradient descent lr ${LR}, ${steps} steps: loss ${startLoss.toFixed(4)} → ${result.single.end.toFixed(4)}, ` +
    `test MSE ${result.single.test.toFixed(4)}; hand-derived gradients vs autograd: max |difference| ${result.gradientCheck.toExponential(2)}`);

  // 2a. hard sharing: one hidden layer, two heads; the joint loss L_A + L_B (gradients by autograd this time)
  const shared = initParams(8);
  const headB = { w2: initParams(9).w2, b2: initParams(9).b2 };
  for (let i = 0; i < steps; i++) {
    tn.tidy(() => {
      const params = { ...shared };
      const leaves = Object.fromEntries(Object.entries({ ...params, w2B: headB.w2, b2B: headB.b2 }).map(([k, t]) => [k, t.detach().requiresGrad_(true)]));
      const h = tn.relu(tn.add(tn.matmul(taskA.x, leaves.w1), leaves.b1));
      const hB = tn.relu(tn.add(tn.matmul(taskB.x, leaves.w1), leaves.b1));
      const loss = tn.add(mse(tn.add(tn.matmul(h, leaves.w2), leaves.b2), taskA.y), mse(tn.add(tn.matmul(hB, leaves.w2B), leaves.b2B), taskB.y));
      loss.backward();
      const step = (t, g) => tn.keep(tn.noGrad(() => tn.sub(t, tn.mul(g, LR))));
      for (const k of ['w1', 'b1', 'w2', 'b2']) { const next = step(shared[k], leaves[k].grad); shared[k].dispose(); shared[k] = next; }
      for (const [k, lk] of [['w2', 'w2B'], ['b2', 'b2B']]) { const next = step(headB[k], leaves[lk].grad); headB[k].dispose(); headB[k] = next; }
    });
  }
  const evalHead = (w1, b1, w2, b2, set) => mse(tn.add(tn.matmul(tn.relu(tn.add(tn.matmul(set.x, w1), b1)), w2), b2), set.y).item();
  result.sharedTrunk = { testA: evalHead(shared.w1, shared.b1, shared.w2, shared.b2, testA), testB: evalHead(shared.w1, shared.b1, headB.w2, headB.b2, testB) };
  log(`2a. shared hidden layer + two output layers (loss L_A + L_B): test MSE task A ${result.sharedTrunk.testA.toFixed(4)}, task B ${result.sharedTrunk.testB.toFixed(4)}`);

  // 2b. the same parameters for both tasks: one network trained on both data sets
  const same = initParams(10);
  const both = { x: tn.concat([taskA.x, taskB.x]), y: tn.concat([taskA.y, taskB.y]) };
  train(same, both.x, both.y, steps);
  result.sameParameters = { testA: mse(forward(same, testA.x).out, testA.y).item(), testB: mse(forward(same, testB.x).out, testB.y).item() };
  log(`2b. one set of parameters for both tasks: test MSE task A ${result.sameParameters.testA.toFixed(4)}, task B ${result.sameParameters.testB.toFixed(4)}`);

  // 3. transfer to task B with few labels (32 samples, 30 steps)
  const small = { x: tn.slice(taskB.x, 0, 0, 32), y: tn.slice(taskB.y, 0, 0, 32) };
  const fewSteps = Math.max(1, Math.round(steps / 10));
  const scratch = initParams(11);
  train(scratch, small.x, small.y, fewSteps);
  result.scratch = mse(forward(scratch, testB.x).out, testB.y).item();
  // 3a. initialise with task A's trained parameters, then train all of them
  const warm = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, tn.keep(t.clone())]));
  train(warm, small.x, small.y, fewSteps);
  result.fineTuned = mse(forward(warm, testB.x).out, testB.y).item();
  // 3b. φ(x) = relu(x·W1 + b1) from task A, fixed; fit only the output layer
  const phi = (x) => tn.relu(tn.add(tn.matmul(x, p.w1), p.b1));
  const head = initParams(12);
  train(head, small.x, small.y, fewSteps, ['w2', 'b2'], phi);
  result.features = mse(tn.add(tn.matmul(phi(testB.x), head.w2), head.b2), testB.y).item();
  log(`3. task B from 32 labelled samples, ${fewSteps} steps — test MSE: from scratch ${result.scratch.toFixed(4)}, ` +
    `(a) initialised from task A ${result.fineTuned.toFixed(4)}, (b) fixed features φ(x) + new output layer ${result.features.toFixed(4)}`);
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runByHand({ log: console.log });
}
