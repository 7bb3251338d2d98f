// Multi-task checkpoints: ModelCheckpoint saves the weighting strategy's state (and its optimiser's) next to
// the model, and fitMultiTask's `resume` continues the run exactly where an uninterrupted one would be.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';
import type { MultiTaskBatch, TaskSpec, WeightingStrategy } from 'tasknet/mtl';

const { mtl, nn, train } = tn;

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tasknet-mtl-checkpoint-'));
  dirs.push(dir);
  return dir;
}

/** Two tasks on 4 features: a 3-class label (argmax of the first three) and their sum. */
function makeData(): MultiTaskBatch[] {
  tn.manualSeed(7);
  const batches: MultiTaskBatch[] = [];
  for (let b = 0; b < 4; b++) {
    const x = tn.randn([16, 4]);
    const rows = x.tolist() as number[][];
    const kind = tn.tensor(rows.map((r) => r.slice(0, 3).indexOf(Math.max(...r.slice(0, 3)))), { dtype: 'int32' });
    const size = tn.tensor(rows.map((r) => [r[0]! + r[1]! + r[2]!]));
    batches.push({ x, targets: { kind, size } });
  }
  return batches;
}

const tasks: TaskSpec[] = [
  { name: 'kind', kind: 'classification', metrics: [() => new train.Accuracy()] },
  { name: 'size', kind: 'regression', higherIsBetter: false },
];

function makeModel(): tn.mtl.HardSharing {
  tn.manualSeed(3);
  return new mtl.HardSharing({
    trunk: new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU()),
    heads: { kind: new nn.Linear(8, 3), size: new nn.Linear(8, 1) },
  });
}

const strategies: Record<string, () => WeightingStrategy> = {
  uncertainty: () => new mtl.UncertaintyWeighting({ tasks: ['kind', 'size'] }),
  gradnorm: () => new mtl.GradNorm({ alpha: 1.5, lr: 0.05 }),
  dwa: () => new mtl.DWA({ temperature: 2 }),
  rlw: () => new mtl.RLW({ seed: 5 }),
};

async function run(strategyName: string, epochs: number, dir: string, resume?: string) {
  const model = makeModel();
  const strategy = strategies[strategyName]!();
  tn.manualSeed(11);
  const history = await mtl.fitMultiTask(model, {
    tasks, train: makeData(), epochs, progress: false, strategy,
    optimizer: new tn.optim.Adam(model.parameters(), { lr: 1e-2 }),
    callbacks: [new train.ModelCheckpoint({ dir, monitor: 'loss', mode: 'min' })],
    ...(resume === undefined ? {} : { resume }),
  });
  return { model, strategy, history };
}

describe('multi-task checkpoints', () => {
  for (const name of Object.keys(strategies)) {
    test(`${name}: resuming from epoch 2 ends where 4 uninterrupted epochs end`, async () => {
      const whole = await run(name, 4, tempDir());
      const dir = tempDir();
      await run(name, 2, dir);
      const resumed = await run(name, 4, tempDir(), join(dir, 'last'));
      assert.equal(resumed.history.epochs.length, 2, 'only epochs 3 and 4 run after resuming');
      assert.deepEqual(resumed.strategy.stateDict?.(), whole.strategy.stateDict?.());
      const a = whole.model.stateDict();
      const b = resumed.model.stateDict();
      for (const key of Object.keys(a)) assert.deepEqual(b[key]!.dataSync(), a[key]!.dataSync(), key);
      assert.deepEqual(resumed.history.epochs.at(-1), whole.history.epochs.at(-1));
    });
  }

  test("the checkpoint's JSON holds the learned log-variances and the strategy optimiser's moments", async () => {
    const dir = tempDir();
    const { strategy } = await run('uncertainty', 2, dir);
    interface Saved {
      extra: { components: { strategy: { logVariance: number[] }; strategyOptimizer: { state: Record<string, { expAvg: { tensor: { shape: number[] } } }> } } };
    }
    const { components } = (JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8')) as Saved).extra;
    assert.deepEqual(components.strategy, strategy.stateDict?.());
    assert.equal(components.strategy.logVariance.length, 2);
    const moments = Object.values(components.strategyOptimizer.state)[0]!;
    assert.deepEqual(moments.expAvg.tensor.shape, [2]);
  });

  test('resuming a checkpoint without the strategy state says what is missing', async () => {
    const path = join(tempDir(), 'plain');
    const model = makeModel();
    const optimizer = new tn.optim.Adam(model.parameters(), { lr: 1e-2 });
    await tn.io.saveCheckpoint(path, { weights: model.stateDict(), optimizer: optimizer.stateDict(), extra: { epoch: 0, step: 4 } });
    await assert.rejects(run('uncertainty', 3, tempDir(), path), /holds no state for component 'strategy'/);
  });
});
