/**
 * ModelCheckpoint, resumeFrom, CSVLogger and JSONLLogger: a run of 4 epochs equals a run of 2 epochs,
 * a checkpoint, a fresh model/optimiser/scheduler/loader resumed from it and 2 more epochs, bit for bit
 * (losses, weights, optimiser state, the checkpoint files and the log files).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tn from 'tasknet';

const { data, io, models, optim, train } = tn;

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'tasknet-train-checkpoint-'));
}

/** The same data every call; the model's initial weights come from `modelSeed`. */
function setup(modelSeed: number) {
  const { x, y } = data.makeClassification({ nSamples: 120, nFeatures: 6, nInformative: 4, nRedundant: 0, nClasses: 3, seed: 1 });
  const { x: vx, y: vy } = data.makeClassification({ nSamples: 40, nFeatures: 6, nInformative: 4, nRedundant: 0, nClasses: 3, seed: 2 });
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16, shuffle: true, seed: 7 });
  const validation = new data.DataLoader(new data.TensorDataset(vx, vy), { batchSize: 64 });
  tn.manualSeed(modelSeed);
  const model = new models.MLP([6, 16, 3], { dropout: 0.2 }); // dropout: the resumed run must replay its draws too
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const scheduler = new optim.StepLR(optimizer, { stepSize: 1, gamma: 0.7 });
  return { loader, validation, model, optimizer, scheduler };
}

type Setup = ReturnType<typeof setup>;

/** Clones of the weights after every epoch. */
class Snapshots implements tn.train.Callback {
  readonly weights: Record<string, tn.Tensor>[] = [];
  onEpochEnd(epoch: number, _logs: tn.train.Logs, ctx: tn.train.TrainContext): void {
    this.weights[epoch] = tn.noGrad(() => Object.fromEntries(Object.entries(ctx.model.stateDict()).map(([k, t]) => [k, tn.clone(t)])));
  }
}

/** Checks, from inside fit, that the loggers flushed the epoch's line before the next callback runs. */
class FlushProbe implements tn.train.Callback {
  private lines = { csv: 0, jsonl: 0 };
  constructor(private readonly csv: string, private readonly jsonl: string) {}
  private count(path: string): number {
    return readFileSync(path, 'utf8').split('\n').length - 1;
  }
  onTrainBegin(): void {
    this.lines = { csv: this.count(this.csv), jsonl: this.count(this.jsonl) };
  }
  onEpochEnd(epoch: number): void {
    const header = this.lines.csv === 0 ? 1 : 0;
    this.lines = { csv: this.lines.csv + 1 + header, jsonl: this.lines.jsonl + 1 };
    assert.equal(this.count(this.csv), this.lines.csv, `csv lines after epoch ${epoch}`);
    assert.equal(this.count(this.jsonl), this.lines.jsonl, `jsonl lines after epoch ${epoch}`);
  }
}

async function run(s: Setup, dir: string, epochs: number, extra: { initialEpoch?: number; initialStep?: number; append?: boolean } = {}) {
  const snapshots = new Snapshots();
  const csv = join(dir, 'log.csv');
  const jsonl = join(dir, 'log.jsonl');
  const history = await train.fit(s.model, {
    train: s.loader, validation: s.validation, loss: (o, t) => tn.crossEntropy(o, t), optimizer: s.optimizer,
    epochs, progress: false, initialEpoch: extra.initialEpoch, initialStep: extra.initialStep,
    callbacks: [
      new train.LearningRateScheduler(s.scheduler),
      new train.ModelCheckpoint({ dir, scheduler: s.scheduler }),
      new train.CSVLogger(csv, { append: extra.append }),
      new train.JSONLLogger(jsonl, { append: extra.append }),
      new FlushProbe(csv, jsonl),
      snapshots,
    ],
  });
  return { history, snapshots };
}

function assertSameTensor(actual: tn.Tensor | undefined, expected: tn.Tensor, where: string): void {
  assert.ok(actual !== undefined, `${where}: missing`);
  assert.deepEqual(actual.shape, expected.shape, `${where}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < e.length; i++) assert.ok(Object.is(a[i], e[i]), `${where}[${i}]: ${a[i]} vs ${e[i]}`);
}

function assertSameDict(actual: Record<string, tn.Tensor>, expected: Record<string, tn.Tensor>, where: string): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${where}: keys`);
  for (const [k, t] of Object.entries(expected)) assertSameTensor(actual[k], t, `${where}.${k}`);
}

function assertSameOptimizer(actual: tn.optim.OptimizerStateDict, expected: tn.optim.OptimizerStateDict): void {
  assert.deepEqual(actual.paramGroups, expected.paramGroups);
  for (const [i, entry] of Object.entries(expected.state)) {
    const got: Record<string, tn.Tensor | number | null> = actual.state[Number(i)]!;
    for (const [name, v] of Object.entries(entry)) {
      if (v instanceof tn.Tensor) assertSameTensor(got[name] as tn.Tensor, v, `optimizer.state.${i}.${name}`);
      else assert.equal(got[name], v, `optimizer.state.${i}.${name}`);
    }
  }
}

describe('resuming a run from a checkpoint', () => {
  test('4 epochs straight = 2 epochs + checkpoint + resume in a fresh model/optimiser/scheduler/loader + 2 epochs, bit for bit', async () => {
    const straightDir = scratch();
    const resumedDir = scratch();
    try {
      const straight = setup(0);
      const a = await run(straight, straightDir, 4);

      const first = setup(0);
      const b1 = await run(first, resumedDir, 2);
      assert.deepEqual(b1.history.history.loss, a.history.history.loss!.slice(0, 2));

      // a fresh process would build everything anew: other initial weights, a loader at epoch 0
      const fresh = setup(12345);
      assert.notDeepEqual(fresh.model.stateDict()['0.weight']!.tolist(), straight.model.stateDict()['0.weight']!.tolist());
      const initialEpoch = await train.resumeFrom(join(resumedDir, 'last'), {
        model: fresh.model, optimizer: fresh.optimizer, scheduler: fresh.scheduler, loader: fresh.loader,
      });
      assert.equal(initialEpoch, 2);
      assert.equal(fresh.loader.epoch, 2);
      const ckpt = await io.loadCheckpoint(join(resumedDir, 'last'));
      const info = ckpt.extra as unknown as tn.train.TrainCheckpointInfo;
      assert.equal(info.epoch, 1);
      assert.equal(info.step, 2 * fresh.loader.length);
      assert.deepEqual(info.config, fresh.model.config);
      assert.deepEqual(fresh.scheduler.getLastLr(), first.scheduler.getLastLr());

      const b2 = await run(fresh, resumedDir, 4, { initialEpoch, initialStep: info.step, append: true });
      // the same losses, validation losses and lrs for epochs 3 and 4
      assert.deepEqual(b2.history.epochs, a.history.epochs.slice(2));
      // the same weights, optimiser state and schedule
      assertSameDict(fresh.model.stateDict(), straight.model.stateDict(), 'weights');
      assertSameOptimizer(fresh.optimizer.stateDict(), straight.optimizer.stateDict());
      assert.deepEqual(fresh.scheduler.stateDict(), straight.scheduler.stateDict());
      // the same files: checkpoints (best is tracked across the resume) and logs
      for (const name of ['last.safetensors', 'last.json', 'best.safetensors', 'best.json', 'log.csv', 'log.jsonl']) {
        assert.deepEqual(readFileSync(join(resumedDir, name)), readFileSync(join(straightDir, name)), name);
      }
      for (const t of Object.values(ckpt.weights)) t.dispose();
    } finally {
      rmSync(straightDir, { recursive: true, force: true });
      rmSync(resumedDir, { recursive: true, force: true });
    }
  });

  test('without restoring the loader\'s epoch the resumed run differs (the shuffling order matters)', async () => {
    const dir = scratch();
    try {
      const straight = setup(0);
      const a = await run(straight, join(dir, 'a'), 3);
      const resumed = setup(0);
      await run(resumed, join(dir, 'b'), 2);
      const fresh = setup(1);
      const path = join(dir, 'two');
      await io.saveCheckpoint(path, {
        weights: resumed.model.stateDict(), optimizer: resumed.optimizer.stateDict(), scheduler: resumed.scheduler.stateDict(),
        extra: { epoch: 1 },
      });
      const next = await train.resumeFrom(path, { model: fresh.model, optimizer: fresh.optimizer, scheduler: fresh.scheduler });
      assert.equal(fresh.loader.epoch, 0);
      const b = await run(fresh, join(dir, 'c'), 3, { initialEpoch: next });
      assert.notEqual(b.history.epochs[0]!.loss, a.history.epochs[2]!.loss);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('resumeFrom says what the checkpoint lacks', async () => {
    const dir = scratch();
    try {
      const s = setup(0);
      await models.saveModel(join(dir, 'model'), s.model);
      await assert.rejects(train.resumeFrom(join(dir, 'model'), { model: s.model }),
        /resumeFrom: .*model has no epoch \(found undefined\); was it written by ModelCheckpoint\?/);
      await io.saveCheckpoint(join(dir, 'weights'), { weights: s.model.stateDict(), extra: { epoch: 3 } });
      await assert.rejects(train.resumeFrom(join(dir, 'weights'), { model: s.model, optimizer: s.optimizer }),
        /weights holds no optimizer state, but an optimizer was given to restore/);
      await assert.rejects(train.resumeFrom(join(dir, 'weights'), { model: s.model, scheduler: s.scheduler }),
        /weights holds no scheduler state, but a scheduler was given to restore/);
      assert.equal(await train.resumeFrom(join(dir, 'weights'), { model: s.model }), 4);
      await assert.rejects(train.resumeFrom(join(dir, 'weights'), { model: new models.MLP([6, 3]) }),
        /loadStateDict: error\(s\) loading the state dict into MLP:\n {2}unexpected key\(s\): 3\.weight, 3\.bias/);
      await assert.rejects(train.resumeFrom(join(dir, 'nothing'), { model: s.model }), (e: unknown) => e instanceof io.CheckpointError && e.problem === 'missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ModelCheckpoint', () => {
  test('best follows the monitored value, last every epoch; loadModel rebuilds either', async () => {
    const dir = scratch();
    try {
      const s = setup(3);
      const { history, snapshots } = await run(s, dir, 4);
      const valLoss = history.history.val_loss!;
      const bestEpoch = valLoss.indexOf(Math.min(...valLoss));
      const best = await io.loadCheckpoint(join(dir, 'best'));
      const info = best.extra as unknown as tn.train.TrainCheckpointInfo;
      assert.equal(info.epoch, bestEpoch);
      assert.equal(info.bestEpoch, bestEpoch);
      assert.equal(info.best, valLoss[bestEpoch]);
      assert.equal(info.monitor, 'val_loss');
      assert.deepEqual(info.logs, history.epochs[bestEpoch]);
      assertSameDict(best.weights, snapshots.weights[bestEpoch]!, 'best');
      const rebuilt = await models.loadModel(join(dir, 'best'));
      assertSameDict(rebuilt.stateDict(), snapshots.weights[bestEpoch]!, 'loadModel(best)');
      const last = await models.loadModel(join(dir, 'last'));
      assertSameDict(last.stateDict(), s.model.stateDict(), 'loadModel(last)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('mode max, saveLast false, an explicit config, and a monitored name that is not logged', async () => {
    const dir = scratch();
    try {
      const s = setup(0);
      const saved: number[] = [];
      const cb = new train.ModelCheckpoint({ dir, monitor: 'score', mode: 'max', saveLast: false, config: { name: 'mlp', sizes: [6, 16, 3] } });
      const scores = [0.1, 0.5, 0.3, 0.7];
      await train.fit(s.model, {
        train: s.loader, loss: (o, t) => tn.crossEntropy(o, t), optimizer: s.optimizer, epochs: 4, progress: false,
        callbacks: [
          { onEpochEnd: (epoch, logs) => { logs.score = scores[epoch]!; } },
          cb,
          { onEpochEnd: async (epoch) => { const c = await io.loadCheckpoint(join(dir, 'best')); saved.push(c.extra.epoch as number); void epoch; } },
        ],
      });
      assert.deepEqual(saved, [0, 1, 1, 3]);
      assert.equal(cb.best, 0.7);
      assert.deepEqual((await io.loadCheckpoint(join(dir, 'best'))).extra.config, { name: 'mlp', sizes: [6, 16, 3] });
      await assert.rejects(io.loadCheckpoint(join(dir, 'last')), (e: unknown) => e instanceof io.CheckpointError && e.problem === 'missing');

      await assert.rejects(train.fit(s.model, {
        train: s.loader, loss: (o, t) => tn.crossEntropy(o, t), optimizer: s.optimizer, epochs: 1, progress: false,
        callbacks: [new train.ModelCheckpoint({ dir })],
      }), /ModelCheckpoint: monitored 'val_loss' is not in the logs \(have loss, lr\)/);
      assert.throws(() => new train.ModelCheckpoint({ dir: '' }), /ModelCheckpoint: expected options with a non-empty dir/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CSVLogger and JSONLLogger', () => {
  test('one line per epoch at full precision; NaN and Infinity written so they read back', async () => {
    const dir = scratch();
    try {
      const csv = new train.CSVLogger(join(dir, 'a.csv'));
      const jsonl = new train.JSONLLogger(join(dir, 'a.jsonl'));
      for (const cb of [csv, jsonl]) {
        await cb.onTrainBegin();
        await cb.onEpochEnd(0, { val_loss: 0.1 + 0.2, loss: Number.NaN });
        await cb.onEpochEnd(1, { loss: Number.POSITIVE_INFINITY, extra: 1 });
      }
      assert.equal(readFileSync(join(dir, 'a.csv'), 'utf8'), 'epoch,loss,val_loss\n0,NaN,0.30000000000000004\n1,Infinity,\n');
      assert.equal(readFileSync(join(dir, 'a.jsonl'), 'utf8'),
        '{"epoch":0,"val_loss":0.30000000000000004,"loss":"NaN"}\n{"epoch":1,"loss":"Infinity","extra":1}\n');
      // a new run starts the files afresh; append keeps them and (CSV) their columns
      await csv.onTrainBegin();
      await csv.onEpochEnd(0, { loss: 1 });
      assert.equal(readFileSync(join(dir, 'a.csv'), 'utf8'), 'epoch,loss\n0,1\n');
      const more = new train.CSVLogger(join(dir, 'a.csv'), { append: true });
      await more.onTrainBegin();
      await more.onEpochEnd(1, { acc: 3, loss: 2 });
      assert.equal(readFileSync(join(dir, 'a.csv'), 'utf8'), 'epoch,loss\n0,1\n1,2\n');
      const semi = new train.CSVLogger(join(dir, 'b.csv'), { separator: ';' });
      await semi.onTrainBegin();
      await semi.onEpochEnd(0, { 'a;b': 1.5 });
      assert.equal(readFileSync(join(dir, 'b.csv'), 'utf8'), 'epoch;"a;b"\n0;1.5\n');
      assert.throws(() => new train.CSVLogger(join(dir, 'b.csv'), { separator: '"' }), /CSVLogger: separator must be non-empty without quotes or newlines/);
      assert.throws(() => new train.JSONLLogger(''), /JSONLLogger: path must be a non-empty string/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
