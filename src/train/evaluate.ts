/** evaluate and predict: run a model over batches without recording gradients. */
import { concat } from '../ops/index.js';
import { dispose, keep, noGrad, readsSynchronously, tidy, type Tensor } from '../tensor/index.js';
import { DataLoader } from '../data/index.js';
import { batchesOf, metricLogs, ownsBatches, RunningMean, updateMetrics, updateMetricsOnHost } from './loop.js';
import type { BatchSource, Logs, LossFn, MetricFactory, Model, StreamingMetric } from './types.js';

/** Options of evaluate. */
export interface EvaluateOptions {
  /** Loss to average (reported as `loss`). */
  readonly loss?: LossFn;
  /** Metrics to compute. */
  readonly metrics?: readonly MetricFactory[];
  /** Prefix of the logged names (fit passes `val_`). */
  readonly prefix?: string;
}

/** One batch on a backend that reads asynchronously: the loss and outputs are read back to the host. */
async function evaluateOnDevice(
  model: Model, x: Tensor, y: Tensor, options: EvaluateOptions, loss: RunningMean, metrics: StreamingMetric[],
): Promise<void> {
  const [out, l] = noGrad(() => tidy(() => {
    const output = model.forward(x);
    return [output, options.loss?.(output, y)] as const;
  }));
  try {
    if (l !== undefined) loss.add((await l.data())[0] as number, x.shape[0] ?? 1);
    if (metrics.length > 0) await updateMetricsOnHost(metrics, y, out);
  } finally {
    out.dispose();
    l?.dispose();
  }
}

/**
 * Average loss and metrics of `model` over `data`, in eval mode and without gradients; the
 * model's previous mode is restored.
 * @example const {loss, accuracy} = await tn.train.evaluate(model, testLoader, {loss: tn.crossEntropy, metrics: [() => new tn.train.Accuracy()]});
 */
export async function evaluate(model: Model, data: BatchSource, options: EvaluateOptions = {}): Promise<Logs> {
  const wasTraining = model.training;
  model.eval();
  const prefix = options.prefix ?? '';
  const metrics: StreamingMetric[] = (options.metrics ?? []).map((make) => make());
  const loss = new RunningMean();
  const owned = ownsBatches(data);
  try {
    for await (const [x, y] of batchesOf(data)) {
      if (readsSynchronously()) {
        noGrad(() => tidy(() => {
          const out = model.forward(x);
          if (options.loss !== undefined) loss.add(options.loss(out, y).item(), x.shape[0] ?? 1);
          updateMetrics(metrics, y, out);
        }));
      } else {
        await evaluateOnDevice(model, x, y, options, loss, metrics);
      }
      if (owned) { x.dispose(); y.dispose(); }
    }
  } finally {
    model.train(wasTraining);
  }
  const logs: Logs = options.loss !== undefined ? { [`${prefix}loss`]: loss.value } : {};
  return { ...logs, ...metricLogs(metrics, prefix) };
}

/**
 * The model's outputs for every batch of inputs, concatenated along the batch dimension.
 * Accepts batches of `[x, y]` or bare input tensors.
 */
export async function predict(model: Model, data: Iterable<Tensor | readonly [Tensor, unknown]> | AsyncIterable<Tensor | readonly [Tensor, unknown]>): Promise<Tensor> {
  const wasTraining = model.training;
  model.eval();
  const outputs: Tensor[] = [];
  const owned = data instanceof DataLoader;
  try {
    for await (const item of data as AsyncIterable<Tensor | readonly [Tensor, unknown]>) {
      const x = Array.isArray(item) ? (item as readonly [Tensor, unknown])[0] : (item as Tensor);
      outputs.push(keep(noGrad(() => tidy(() => model.forward(x)))));
      if (owned) dispose(item);
    }
  } finally {
    model.train(wasTraining);
  }
  const result = outputs.length === 1 ? (outputs[0] as Tensor) : concat(outputs, 0);
  if (outputs.length > 1) for (const o of outputs) o.dispose();
  return result;
}
