// The multi-task trainer: per-task losses, metrics and weights in the logs, partial labels (metrics on labelled
// samples only, a task without labels in a batch contributes nothing), Δm%, representation mode, clear errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import type { MultiTaskBatch, MultiTaskModel, StrategyContext, TaskSpec, TaskTensors, WeightingStrategy } from 'tasknet/mtl';

const { mtl, nn, train } = tn;

/** A shared Linear trunk with a class head (`kind`) and a regression head (`size`), built inline. */
class TwoTaskNet extends nn.Module implements MultiTaskModel {
  readonly tasks = ['kind', 'size'] as const;
  readonly trunk = new nn.Sequential(new nn.Linear(4, 16), new nn.ReLU());
  readonly kindHead = new nn.Linear(16, 3);
  readonly sizeHead = new nn.Linear(16, 1);
  forward(x: tn.Tensor | TaskTensors): TaskTensors {
    return this.heads(this.represent(x as tn.Tensor));
  }
  represent(x: tn.Tensor): tn.Tensor {
    return this.trunk.forward(x);
  }
  heads(rep: tn.Tensor): TaskTensors {
    return { kind: this.kindHead.forward(rep), size: this.sizeHead.forward(rep) };
  }
  sharedParameters(): tn.nn.Parameter[] {
    return this.trunk.parameters();
  }
  taskParameters(task: string): tn.nn.Parameter[] {
    return task === 'kind' ? this.kindHead.parameters() : this.sizeHead.parameters();
  }
}

/** A synthetic two-task problem: the class is the argmax of the first three features, the size their sum. */
function makeData(n: number, seed: number, missingSize = 0): MultiTaskBatch[] {
  tn.manualSeed(seed);
  const batches: MultiTaskBatch[] = [];
  for (let start = 0; start < n; start += 32) {
    const rows = Math.min(32, n - start);
    const x = tn.randn([rows, 4]);
    const values = x.tolist() as number[][];
    const kind = tn.tensor(values.map((r) => r.slice(0, 3).indexOf(Math.max(...r.slice(0, 3)))), { dtype: 'int32' });
    const size = tn.tensor(values.map((r) => [r[0]! + r[1]! + r[2]!]));
    const mask = tn.tensor(values.map((_, i) => ((start + i) % 10 < missingSize * 10 ? 0 : 1)));
    batches.push({ x, targets: { kind, size }, masks: { size: mask } });
  }
  return batches;
}

const tasks: TaskSpec[] = [
  { name: 'kind', kind: 'classification', metrics: [() => new train.Accuracy()] },
  { name: 'size', kind: 'regression', metrics: [() => new train.MeanSquaredError()], higherIsBetter: false },
];

describe('fitMultiTask', () => {
  test('trains both tasks and logs per-task losses, metrics, weights and Δm%', async () => {
    tn.manualSeed(1);
    const model = new TwoTaskNet();
    const data = makeData(256, 2);
    const validation = makeData(128, 3);
    const history = await mtl.fitMultiTask(model, {
      tasks, train: data, validation, epochs: 8, progress: false,
      optimizer: new tn.optim.Adam(model.parameters(), { lr: 1e-2 }),
      baselines: { kind: 0.5, size: 1 },
    });
    const first = history.epochs[0]!;
    const last = history.epochs.at(-1)!;
    for (const key of ['loss', 'loss_kind', 'loss_size', 'accuracy_kind', 'mse_size', 'weight_kind', 'weight_size', 'delta_m',
      'val_loss', 'val_accuracy_kind', 'val_mse_size', 'val_delta_m']) {
      assert.ok(Number.isFinite(last[key]), `${key} is logged: ${last[key]}`);
    }
    assert.equal(last.weight_kind, 1, 'equal weighting by default');
    assert.ok(last.loss_kind! < first.loss_kind! && last.loss_size! < first.loss_size!, 'both task losses went down');
    assert.ok(last.val_accuracy_kind! > 0.7, `validation accuracy ${last.val_accuracy_kind}`);
    const expectedDelta = mtl.deltaM([
      { value: last.val_accuracy_kind!, baseline: 0.5, higherIsBetter: true },
      { value: last.val_mse_size!, baseline: 1, higherIsBetter: false },
    ]);
    assert.ok(Math.abs(last.val_delta_m! - expectedDelta) < 1e-9);
  });

  test('30% of one task\'s labels missing: trains, and that task\'s metrics count labelled samples only', async () => {
    tn.manualSeed(4);
    const model = new TwoTaskNet();
    const data = makeData(192, 5, 0.3);
    const history = await mtl.fitMultiTask(model, {
      tasks, train: data, epochs: 3, progress: false, optimizer: new tn.optim.Adam(model.parameters(), { lr: 1e-2 }),
    });
    assert.ok(history.epochs.every((e) => Number.isFinite(e.loss_size) && Number.isFinite(e.mse_size)));
    // the metric over labelled rows only, computed by hand
    const logs = await mtl.evaluateMultiTask(model, data, { tasks });
    let squared = 0;
    let count = 0;
    tn.noGrad(() => {
      for (const batch of data) {
        const out = (model.forward(batch.x).size!.tolist() as number[][]).map((r) => r[0]!);
        const target = (batch.targets.size!.tolist() as number[][]).map((r) => r[0]!);
        const mask = batch.masks!.size!.tolist() as number[];
        out.forEach((o, i) => { if (mask[i] === 1) { squared += (o - target[i]!) ** 2; count++; } });
      }
    });
    assert.equal(count, 192 - 3 * Math.floor(192 / 10) - Math.min(3, 192 % 10));
    assert.ok(Math.abs(logs.mse_size! - squared / count) < 1e-5, `${logs.mse_size} vs ${squared / count}`);
  });

  test('a batch where a task has no labelled sample contributes nothing and breaks nothing', async () => {
    tn.manualSeed(6);
    const model = new TwoTaskNet();
    const [batch] = makeData(32, 7);
    const unlabelled: MultiTaskBatch = { ...batch!, masks: { size: tn.zeros([32]) } };
    const before = model.sizeHead.weight.clone();
    await mtl.fitMultiTask(model, {
      tasks, train: [unlabelled], epochs: 1, progress: false, optimizer: new tn.optim.SGD(model.parameters(), { lr: 0.1 }),
    });
    assert.deepEqual(model.sizeHead.weight.tolist(), before.tolist(), 'the unlabelled task\'s head did not move');
  });

  test('representation mode: the strategy sees a leaf at the trunk output and continues into the trunk', async () => {
    tn.manualSeed(8);
    const seen: boolean[] = [];
    const summing: WeightingStrategy = {
      name: 'rep-sum',
      supportsRepresentation: true,
      backward(losses: readonly tn.Tensor[], ctx: StrategyContext): number[] {
        seen.push(ctx.representation !== undefined);
        const leaf = ctx.representation!.leaf;
        tn.add(losses[0]!, losses[1]!).backward();
        ctx.representation!.backward(leaf.grad!);
        return [1, 1];
      },
    };
    const model = new TwoTaskNet();
    const data = makeData(64, 9);
    const reference = new TwoTaskNet();
    reference.loadStateDict(model.stateDict());
    await mtl.fitMultiTask(model, {
      tasks, train: data, epochs: 1, progress: false, representation: true, strategy: summing,
      optimizer: new tn.optim.SGD(model.parameters(), { lr: 0.05 }),
    });
    await mtl.fitMultiTask(reference, {
      tasks, train: data, epochs: 1, progress: false, optimizer: new tn.optim.SGD(reference.parameters(), { lr: 0.05 }),
    });
    assert.ok(seen.length === 2 && seen.every(Boolean));
    const a = model.trunk.parameters()[0]!.dataSync();
    const b = reference.trunk.parameters()[0]!.dataSync();
    assert.ok(a.every((v, i) => Math.abs(v - b[i]!) < 1e-5), 'the same update as equal weighting on the parameters');
  });

  test('batches from a MultiTaskLoader are disposed: the live-tensor count stays flat over epochs', async () => {
    const model = new TwoTaskNet();
    const [batch] = makeData(64, 4).map((b) => ({ ...b, tasks: ['kind', 'size'], classes: { kind: [], size: [] } }));
    const loader = new tn.data.MultiTaskLoader(batch!, { batchSize: 8, shuffle: true, seed: 0 });
    const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-2 });
    const counts: number[] = [];
    for (let epoch = 0; epoch < 3; epoch++) {
      await mtl.fitMultiTask(model, { tasks, train: loader, validation: loader, epochs: 1, progress: false, optimizer });
      await mtl.evaluateMultiTask(model, loader, { tasks });
      counts.push(tn.numTensors());
    }
    assert.equal(counts[2], counts[1], `live tensors after each epoch: ${counts.join(', ')}`);
  });

  test('errors name what is missing', async () => {
    const model = new TwoTaskNet();
    const [batch] = makeData(8, 1);
    const noSize: MultiTaskBatch = { x: batch!.x, targets: { kind: batch!.targets.kind! } };
    await assert.rejects(mtl.fitMultiTask(model, {
      tasks, train: [noSize], progress: false, optimizer: new tn.optim.SGD(model.parameters(), { lr: 0.1 }),
    }), /fitMultiTask: the batch has no target for task 'size' \(targets: kind\)/);
    assert.throws(() => mtl.deltaM([{ value: 1, baseline: 0, higherIsBetter: true }]), /deltaM: task 0: the baseline must be a finite non-zero number, found 0/);
  });
});
