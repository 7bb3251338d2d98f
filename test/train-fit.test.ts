/** fit / evaluate / predict, callbacks and the progress bar, on a small separable problem. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

const { nn, train } = tn;

/** Plain SGD so these tests do not depend on the optim layer. */
class PlainSgd implements tn.train.OptimizerLike {
  readonly paramGroups: { lr: number }[];
  constructor(private readonly params: tn.nn.Parameter[], lr: number) { this.paramGroups = [{ lr }]; }
  zeroGrad(): void { for (const p of this.params) { p.grad?.dispose(); p.grad = null; } }
  step(): void {
    const lr = this.paramGroups[0]!.lr;
    tn.noGrad(() => tn.tidy(() => { for (const p of this.params) if (p.grad) p.assign(p.sub(p.grad.mul(lr))); }));
  }
}

class BinaryAccuracy implements tn.train.StreamingMetric {
  readonly name = 'accuracy';
  private hits = 0; private n = 0;
  update(y: tn.Tensor, out: tn.Tensor): void {
    const pred = out.argmax(1).dataSync(); const t = y.dataSync();
    pred.forEach((p, i) => { if (p === t[i]) this.hits++; this.n++; });
  }
  compute(): number { return this.hits / this.n; }
  reset(): void { this.hits = 0; this.n = 0; }
}

function blobs(n: number, seed: number): tn.train.Batch[] {
  tn.manualSeed(seed);
  const batches: tn.train.Batch[] = [];
  for (let b = 0; b < n; b++) {
    const y = tn.randint(0, 2, [16]);
    const x = tn.add(tn.randn([16, 2]), tn.unsqueeze(tn.mul(tn.sub(y.float(), 0.5), 4), 1));
    batches.push([x, y]);
  }
  return batches;
}

const crossEntropy = (out: tn.Tensor, y: tn.Tensor) => tn.neg(tn.mean(tn.gather(tn.logSoftmax(out, 1), 1, tn.unsqueeze(y, 1))));

test('fit lowers the loss, reports metrics and validation, and evaluate/predict agree', async () => {
  tn.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 2));
  const lines: string[] = [];
  const history = await train.fit(model, {
    train: blobs(20, 1), validation: blobs(5, 2), loss: crossEntropy, optimizer: new PlainSgd(model.parameters(), 0.1),
    epochs: 4, metrics: [() => new BinaryAccuracy()], sink: { isTTY: false, write: (s) => { lines.push(s); } },
  });
  const losses = history.history.loss as number[];
  assert.equal(losses.length, 4);
  assert.ok((losses[3] as number) < (losses[0] as number), `loss ${losses.join(' → ')}`);
  assert.ok((history.history.val_accuracy?.[3] ?? 0) > 0.9);
  assert.deepEqual(Object.keys(history.epochs[0] ?? {}).sort(), ['accuracy', 'loss', 'lr', 'val_accuracy', 'val_loss']);
  assert.ok(lines.some((l) => /^epoch 4\/4 .*val_accuracy/.test(l)), lines.join(''));
  const evaluated = await train.evaluate(model, blobs(5, 2), { loss: crossEntropy, metrics: [() => new BinaryAccuracy()] });
  assert.equal(evaluated.accuracy, history.history.val_accuracy?.[3]);
  const outputs = await train.predict(model, blobs(5, 2));
  assert.deepEqual(outputs.shape, [80, 2]);
  assert.equal(model.training, true, 'evaluate restores the training mode');
});

test('early stopping stops, restores the best weights and a NaN loss names the step', async () => {
  tn.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 2));
  const stopper = new train.EarlyStopping({ monitor: 'val_loss', patience: 1, restoreBestWeights: true });
  let calls = 0;
  const noisy = { length: 1, *[Symbol.iterator]() { calls++; yield* blobs(1, calls + 10); } };
  await train.fit(model, { train: blobs(4, 3), validation: noisy, loss: crossEntropy, optimizer: new PlainSgd(model.parameters(), 0), epochs: 50, progress: false, callbacks: [stopper] });
  assert.ok(stopper.stoppedEpoch > 0 && stopper.stoppedEpoch < 49, `stopped at ${stopper.stoppedEpoch}`);
  const exploding = new nn.Sequential(new nn.Linear(2, 2));
  await assert.rejects(
    train.fit(exploding, { train: blobs(4, 3), loss: (o) => tn.div(tn.sum(o), 0), optimizer: new PlainSgd(exploding.parameters(), 1), progress: false }),
    /fit: the loss became (NaN|Infinity|-Infinity) at epoch 1, step 1/,
  );
});

test('the progress bar redraws on a TTY and prints milestones elsewhere', () => {
  let t = 0;
  const out: string[] = [];
  const bar = new train.ProgressBar(8, { label: 'epoch 1/1', unit: 'samples', sink: { isTTY: false, write: (s) => { out.push(s); } }, now: () => t });
  for (let i = 0; i < 8; i++) { t += 500; bar.tick(1, 32, { loss: 1 / (i + 1) }); }
  bar.done({ loss: 0.125 });
  assert.equal(out.length, 4, out.join(''));
  assert.match(out[0] ?? '', /^epoch 1\/1 {2}\[.*\] 2\/8 {2}loss 0\.5000 {2}64 samples\/s {2}ETA 0:03\n$/);
  assert.match(out[3] ?? '', /8\/8 {2}loss 0\.1250 {2}64 samples\/s {2}0:04\n$/);
  const tty: string[] = [];
  const live = new train.ProgressBar(3, { sink: { isTTY: true, write: (s) => { tty.push(s); } }, now: () => (t += 200) });
  live.tick(); live.tick(); live.tick(); live.done();
  assert.ok(tty.every((s) => s.startsWith('\r')));
});

test('predict over a DataLoader frees the batches it is handed', async () => {
  const model = new nn.Sequential(new nn.Linear(2, 2));
  const loader = new tn.data.DataLoader(new tn.data.TensorDataset(tn.randn([40, 2]), tn.randint(0, 2, [40])), { batchSize: 8 });
  const before = tn.numTensors();
  const out = await train.predict(model, loader);
  assert.equal(tn.numTensors(), before + 1, 'only the concatenated output remains');
  out.dispose();
});
