/** fit: the training loop, with validation, metrics, callbacks and a progress bar. */
import { ValueError } from '../core/index.js';
import { readsSynchronously, tidy, type Tensor } from '../tensor/index.js';
import type { Callback, TrainContext } from './callbacks.js';
import { evaluate } from './evaluate.js';
import {
  batchCount, batchesOf, metricLogs, NonFiniteLossError, ownsBatches, RunningMean, updateMetrics, updateMetricsOnHost,
} from './loop.js';
import { ProgressBar, type ProgressSink } from './progress-bar.js';
import { runEpochs } from './run-epochs.js';
import type { BatchSource, Logs, LossFn, MetricFactory, Model, OptimizerLike, StreamingMetric } from './types.js';

/** Options of fit. */
export interface FitOptions {
  /** Training batches, iterated once per epoch. */
  readonly train: BatchSource;
  /** Validation batches, evaluated after every epoch. */
  readonly validation?: BatchSource;
  /** Loss: (output, target) → scalar. */
  readonly loss: LossFn;
  /** The optimiser stepping the model's parameters. */
  readonly optimizer: OptimizerLike;
  /** Number of epochs (default 1). */
  readonly epochs?: number;
  /** Metrics computed on training (streaming) and validation data. */
  readonly metrics?: readonly MetricFactory[];
  /** Hooks: early stopping, schedulers, checkpoints, loggers. */
  readonly callbacks?: readonly Callback[];
  /** `true` (default) shows a progress bar per epoch; `false` prints nothing. */
  readonly progress?: boolean;
  /** Where the progress bar writes (default stderr). */
  readonly sink?: ProgressSink;
  /** Called after `loss.backward()` and before `optimizer.step()` (e.g. gradient clipping). */
  readonly beforeStep?: () => void;
  /** First epoch (0-based), when resuming (see `resumeFrom`); `epochs` stays the total. */
  readonly initialEpoch?: number;
  /** Optimiser steps already taken, when resuming (the checkpoint's `step`); default 0. */
  readonly initialStep?: number;
}

/** What fit returns: the logs of every epoch and each name's series. */
export interface History {
  /** One entry per epoch. */
  readonly epochs: Logs[];
  /** Each logged name's values over epochs. */
  readonly history: Record<string, number[]>;
}

/** One optimiser step on a backend that reads synchronously: a non-finite loss stops it before backward. */
function hostStep(model: Model, options: FitOptions, metrics: StreamingMetric[], x: Tensor, y: Tensor, epoch: number, step: number): number {
  return tidy(() => {
    options.optimizer.zeroGrad();
    const out = model.forward(x);
    const l = options.loss(out, y);
    const v = l.item();
    if (!Number.isFinite(v)) throw new NonFiniteLossError(v, epoch, step);
    l.backward();
    options.beforeStep?.();
    options.optimizer.step();
    updateMetrics(metrics, y, out.detach());
    return v;
  });
}

/**
 * One optimiser step on a backend that reads asynchronously (the GPU): forward, backward and the
 * update are recorded without waiting, then the loss (and, for metrics, the outputs) are read back.
 * A non-finite loss is therefore reported after its step has been applied.
 */
async function deviceStep(
  model: Model, options: FitOptions, metrics: StreamingMetric[], x: Tensor, y: Tensor, epoch: number, step: number,
): Promise<number> {
  const [loss, out] = tidy(() => {
    options.optimizer.zeroGrad();
    const output = model.forward(x);
    const l = options.loss(output, y);
    l.backward();
    options.beforeStep?.();
    options.optimizer.step();
    return [l.detach(), output.detach()];
  });
  try {
    const v = (await loss.data())[0] as number;
    if (!Number.isFinite(v)) throw new NonFiniteLossError(v, epoch, step);
    if (metrics.length > 0) await updateMetricsOnHost(metrics, y, out);
    return v;
  } finally {
    loss.dispose();
    out.dispose();
  }
}

async function trainEpoch(model: Model, options: FitOptions, ctx: TrainContext, metrics: StreamingMetric[], epochs: number): Promise<Logs> {
  const bar = new ProgressBar(batchCount(options.train), {
    label: `epoch ${ctx.epoch + 1}/${epochs}`, unit: 'samples', sink: options.sink, quiet: options.progress === false,
  });
  const loss = new RunningMean();
  let step = 0;
  const owned = ownsBatches(options.train);
  for await (const [x, y] of batchesOf(options.train)) {
    const value = readsSynchronously()
      ? hostStep(model, options, metrics, x, y, ctx.epoch, step)
      : await deviceStep(model, options, metrics, x, y, ctx.epoch, step);
    const n = x.shape[0] ?? 1;
    if (owned) { x.dispose(); y.dispose(); }
    loss.add(value, n);
    ctx.step++;
    const logs = { loss: loss.value };
    // callbacks also see the batch's own loss (for per-step logs); the bar shows the epoch's running mean
    const batchLogs = { ...logs, batch_loss: value };
    for (const cb of options.callbacks ?? []) await cb.onBatchEnd?.(ctx.step, batchLogs, ctx);
    bar.tick(1, n, logs);
    step++;
  }
  const lr = options.optimizer.paramGroups?.[0]?.lr;
  const logs: Logs = { loss: loss.value, ...metricLogs(metrics) };
  if (options.validation !== undefined) {
    Object.assign(logs, await evaluate(model, options.validation, { loss: options.loss, metrics: options.metrics, prefix: 'val_' }));
  }
  if (lr !== undefined) logs.lr = lr;
  bar.done(logs);
  return logs;
}

/**
 * Train `model` for `epochs` epochs (Keras `fit`, PyTorch loop): per batch zeroGrad → forward →
 * loss → backward → step inside `tidy`; after each epoch validation and callbacks.
 * @throws NonFiniteLossError naming the epoch and step when the loss becomes NaN or infinite.
 * @example
 * const history = await tn.train.fit(model, {train: loader, validation: valLoader, loss: tn.crossEntropy,
 *   optimizer: new tn.optim.Adam(model.parameters(), {lr: 1e-3}), epochs: 10});
 */
export async function fit(model: Model, options: FitOptions): Promise<History> {
  const epochs = options.epochs ?? 1;
  if (!Number.isInteger(epochs) || epochs < 0) throw new ValueError('fit', `epochs must be a non-negative integer, found ${epochs}`);
  const initialEpoch = options.initialEpoch ?? 0;
  const initialStep = options.initialStep ?? 0;
  if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new ValueError('fit', `initialEpoch must be a non-negative integer, found ${initialEpoch}`);
  if (!Number.isInteger(initialStep) || initialStep < 0) throw new ValueError('fit', `initialStep must be a non-negative integer, found ${initialStep}`);
  const ctx: TrainContext = { model, optimizer: options.optimizer, epoch: initialEpoch, step: initialStep, stopTraining: false };
  return runEpochs(ctx, options.callbacks ?? [], epochs, () => {
    const metrics = (options.metrics ?? []).map((make) => make());
    return trainEpoch(model, options, ctx, metrics, epochs);
  });
}
