/**
 * Every architecture trains: a few Adam steps on a tiny synthetic two-task problem (a classification task
 * with 30% of its labels missing and a regression task) reduce both losses, with a flat tensor count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, mtl } = tn;

interface Problem {
  readonly x: tn.Tensor;
  readonly targets: tn.mtl.TaskTensors;
  readonly masks: tn.mtl.TaskTensors;
}

/** cls: is x₀ + x₁ > 0 (labels of 30% of the samples missing, marked −1); reg: x·w + 0.3. */
function problem(): Problem {
  const g = new tn.Generator(7);
  const n = 64;
  const rows = Array.from({ length: n }, () => Array.from({ length: 4 }, () => g.normal()));
  const labelled = rows.map(() => g.uniform() >= 0.3);
  const cls = rows.map(([a = 0, b = 0], i) => (labelled[i] ? Number(a + b > 0) : -1));
  const reg = rows.map(([a = 0, b = 0, c = 0, d = 0]) => [a - 2 * b + 0.5 * c + d + 0.3]);
  return {
    x: tn.tensor(rows),
    targets: { cls: tn.tensor(cls, { dtype: 'int32' }), reg: tn.tensor(reg) },
    masks: { cls: tn.tensor(labelled.map(Number)) },
  };
}

const heads = () => ({ cls: new nn.Linear(8, 2), reg: new nn.Linear(8, 1) });
const tower = (out: number) => new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 8), new nn.Tanh(), new nn.Linear(8, out));

const ARCHITECTURES: [string, () => tn.mtl.MultiTaskModel][] = [
  ['HardSharing', () => new mtl.HardSharing({ trunk: new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh()), heads: heads() })],
  ['SoftSharing', () => new mtl.SoftSharing({ towers: { cls: tower(2), reg: tower(2) }, lambda: 1e-3 })],
  ['CrossStitch', () => new mtl.CrossStitch({ towers: { cls: tower(2), reg: tower(2) } })],
  ['MMoE', () => new mtl.MMoE({
    experts: { count: 3, create: () => new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh()) }, inputSize: 4, heads: heads(),
  })],
];

for (const [name, make] of ARCHITECTURES) {
  test(`${name}: 40 Adam steps reduce both task losses, and the tensor count stays flat`, () => {
    tn.manualSeed(0);
    const model = make();
    const { x, targets, masks } = problem();
    const specs = mtl.validateTasks([{ name: 'reg', kind: 'regression' }, { name: 'cls', kind: 'classification' }], model);
    // SoftSharing's towers end in 2 outputs; its regression task reads the first
    const output = (out: tn.mtl.TaskTensors, task: string) => {
      const y = out[task] as tn.Tensor;
      return task === 'reg' && y.shape[1] !== 1 ? tn.narrow(y, 1, 0, 1) : y;
    };
    const taskLosses = () => {
      const out = model.forward(x);
      return specs.map((s) => mtl.taskLoss(s)(output(out, s.name), targets[s.name] as tn.Tensor, masks[s.name]));
    };
    const measure = () => tn.tidy(() => tn.noGrad(() => taskLosses().map((l) => l.item())));
    const first = measure();
    const opt = new tn.optim.Adam(model.parameters(), { lr: 0.02 });
    let live = -1;
    for (let step = 0; step < 40; step++) {
      tn.tidy(() => {
        opt.zeroGrad();
        let total = taskLosses().reduce((a, b) => tn.add(a, b));
        if (model.regularization !== undefined) total = tn.add(total, model.regularization());
        total.backward();
        opt.step();
      });
      if (step === 2) live = tn.numTensors();
      if (step > 2) assert.equal(tn.numTensors(), live, `tensor count grew at step ${step}`);
    }
    const last = measure();
    specs.forEach((s, i) => {
      assert.ok((last[i] as number) < 0.7 * (first[i] as number), `${s.name} loss ${first[i]} → ${last[i]}`);
    });
  });
}

test('HardSharing trains in per-task input mode: each task brings its own batch', () => {
  tn.manualSeed(1);
  const model = new mtl.HardSharing({ trunk: new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh()), heads: heads() });
  const { x, targets } = problem();
  const half = (t: tn.Tensor, start: number) => tn.narrow(t, 0, start, 32);
  const inputs = { cls: half(x, 0), reg: half(x, 32) };
  const labels = { cls: tn.where(tn.lt(half(targets.cls as tn.Tensor, 0), 0), 0, half(targets.cls as tn.Tensor, 0)), reg: half(targets.reg as tn.Tensor, 32) };
  const losses = () => {
    const out = model.forward(inputs);
    return [mtl.maskedCrossEntropy(out.cls as tn.Tensor, labels.cls), mtl.maskedMseLoss(out.reg as tn.Tensor, labels.reg)];
  };
  const first = tn.tidy(() => tn.noGrad(() => losses().map((l) => l.item())));
  const opt = new tn.optim.Adam(model.parameters(), { lr: 0.02 });
  for (let step = 0; step < 40; step++) {
    tn.tidy(() => {
      opt.zeroGrad();
      losses().reduce((a, b) => tn.add(a, b)).backward();
      opt.step();
    });
  }
  const last = tn.tidy(() => tn.noGrad(() => losses().map((l) => l.item())));
  first.forEach((f, i) => assert.ok((last[i] as number) < 0.7 * f, `task ${i}: ${f} → ${last[i]}`));
});
