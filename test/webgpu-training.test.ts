/**
 * Training on the GPU gives what training on the CPU gives: the small CNN of the benchmarks, the
 * same initial weights (seed 0: the random kernel draws on the host on every backend), the same
 * batches of MNIST in the same order, Adam, 2 epochs — then test accuracy on held-out MNIST
 * images. The CPU side is the wasm backend (the cpu reference backend computes the same but takes
 * minutes); float32 on both sides, so the runs differ by rounding only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { webgpuSkipReason } from './helpers/webgpu.js';

const skip = await webgpuSkipReason();

/**
 * SwiftShader trains the CNN at about 8 samples/s on 2 cores, so CI runs a short version;
 * TASKNET_SLOW_TESTS=1 runs the longer one (about 4 minutes there).
 */
const SLOW = process.env.TASKNET_SLOW_TESTS === '1';
const TRAIN = SLOW ? 1024 : 256;
const TEST = SLOW ? 500 : 200;
const BATCH = SLOW ? 64 : 32;
const EPOCHS = 2;
const LR = SLOW ? 1e-3 : 3e-3;
const LEARNED = SLOW ? 0.7 : 0.5;

interface HostSplit { readonly x: Float32Array; readonly y: Int32Array }

async function hostSplit(split: 'train' | 'test', rows: number): Promise<HostSplit> {
  const previous = tn.getBackend();
  await tn.setBackend('cpu');
  const { x, y } = await tn.datasets.mnist({ split });
  const host = { x: (x.dataSync() as Float32Array).slice(0, rows * 784), y: (y.dataSync() as Int32Array).slice(0, rows) };
  tn.dispose([x, y]);
  await tn.setBackend(previous);
  return host;
}

/** Batches in a fixed order, made on the active backend. */
function batchesOf(data: HostSplit, rows: number): [tn.Tensor, tn.Tensor][] {
  const out: [tn.Tensor, tn.Tensor][] = [];
  for (let start = 0; start < rows; start += BATCH) {
    const n = Math.min(BATCH, rows - start);
    out.push([
      tn.tensor(data.x.subarray(start * 784, (start + n) * 784), { shape: [n, 1, 28, 28] }),
      tn.tensor(data.y.subarray(start, start + n), { shape: [n] }),
    ]);
  }
  return out;
}

async function trainOn(backend: string, train: HostSplit, testSplit: HostSplit): Promise<{ loss: number[]; accuracy: number }> {
  await tn.setBackend(backend);
  tn.manualSeed(0);
  const model = new tn.models.SmallCNN();
  const trainBatches = batchesOf(train, TRAIN);
  const testBatches = batchesOf(testSplit, TEST);
  const optimizer = new tn.optim.Adam(model.parameters(), { lr: LR });
  const history = await tn.train.fit(model, { train: trainBatches, loss: tn.crossEntropy, optimizer, epochs: EPOCHS, progress: false });
  const logs = await tn.train.evaluate(model, testBatches, { metrics: [() => new tn.train.Accuracy()] });
  tn.dispose([trainBatches, testBatches, model.parameters()]);
  return { loss: history.history.loss ?? [], accuracy: logs.accuracy ?? NaN };
}

test('the small CNN trained on webgpu reaches the accuracy it reaches on the CPU (same seed, batches, epochs)', { skip, timeout: 600_000 }, async () => {
  const previous = tn.getBackend();
  try {
    const [train, testSplit] = [await hostSplit('train', TRAIN), await hostSplit('test', TEST)];
    const cpu = await trainOn('wasm', train, testSplit);
    const gpu = await trainOn('webgpu', train, testSplit);
    process.stdout.write(`# small CNN, ${TRAIN} MNIST images, ${EPOCHS} epochs, seed 0: wasm accuracy ${cpu.accuracy} loss ${cpu.loss.join(' ')}; ` +
      `webgpu accuracy ${gpu.accuracy} loss ${gpu.loss.join(' ')}\n`);
    assert.ok(cpu.accuracy > LEARNED, `the wasm run learned (accuracy ${cpu.accuracy}, chance 0.1)`);
    assert.ok(Math.abs(gpu.accuracy - cpu.accuracy) <= 0.01, `accuracy: webgpu ${gpu.accuracy}, wasm ${cpu.accuracy} (at most 1 point apart)`);
    cpu.loss.forEach((l, e) => {
      assert.ok(Math.abs(gpu.loss[e]! - l) <= 0.02 * l, `epoch ${e + 1} training loss: webgpu ${gpu.loss[e]}, wasm ${l} (within 2%)`);
    });
  } finally {
    await tn.setBackend(previous);
  }
});
