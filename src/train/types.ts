/** The contracts `fit` and `evaluate` work with, kept structural so any model, loader or optimiser fits. */
import type { Tensor } from '../tensor/index.js';
import type { Module } from '../nn/index.js';

/** One mini-batch: inputs and targets. */
export type Batch = readonly [input: Tensor, target: Tensor];

/** Batches, re-iterable once per epoch (a DataLoader, an array ...); `length` (batches) enables the progress bar. */
export type BatchSource = (Iterable<Batch> | AsyncIterable<Batch>) & { readonly length?: number };

/** A model whose forward maps an input batch to an output batch. */
export type Model = Module & { forward(x: Tensor): Tensor };

/** Anything with PyTorch's optimiser protocol. */
export interface OptimizerLike {
  zeroGrad(): void;
  step(): void;
  /** Parameter groups; `lr` is logged when present. */
  readonly paramGroups?: readonly { lr?: number }[];
}

/** A loss: (output, target) → scalar tensor. */
export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** A metric accumulated over batches. */
export interface StreamingMetric {
  /** Name used in logs (`accuracy`, `f1` ...). */
  readonly name: string;
  /** Add one batch. */
  update(yTrue: Tensor, yPred: Tensor): void;
  /** The value over everything added since `reset`. */
  compute(): number;
  /** Forget everything added. */
  reset(): void;
}

/** Makes a fresh metric (fit needs one for training and one for validation). */
export type MetricFactory = () => StreamingMetric;

/** Numbers logged per epoch: `loss`, `val_loss`, `accuracy`, `val_accuracy`, `lr`, ... */
export type Logs = Record<string, number>;
