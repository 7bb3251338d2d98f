/**
 * The contracts of multi-task learning: tasks, multi-task models, batches with partial labels,
 * and weighting strategies. Architectures, strategies and the multi-task trainer meet here, so any
 * architecture composes with any strategy.
 */
import type { Tensor } from '../tensor/index.js';
import type { Module, Parameter } from '../nn/index.js';
import type { MetricFactory } from '../train/index.js';

/** What a task predicts: class indices, real values, or several independent binary labels. */
export type TaskKind = 'classification' | 'regression' | 'multilabel';

/** Tensors keyed by task name: a model's outputs, a batch's targets or masks, per-task inputs. */
export type TaskTensors = Record<string, Tensor>;

/**
 * A per-task loss: (output, target, mask?) → scalar. `mask` [batch] holds 1 for samples that have
 * this task's label and 0 for those that do not; the loss averages over labelled samples only, and
 * is a differentiable 0 when none is labelled (so the task contributes nothing and breaks nothing).
 */
export type TaskLoss = (output: Tensor, target: Tensor, mask?: Tensor) => Tensor;

/** One task: its name, kind, loss, metrics and how to read them. */
export interface TaskSpec {
  /** The key of this task in outputs, targets and masks. */
  readonly name: string;
  /** Classification (cross-entropy over class indices), regression (MSE) or multilabel (BCE with logits). */
  readonly kind: TaskKind;
  /** The loss; default by kind (masked cross-entropy, MSE, BCE with logits). */
  readonly loss?: TaskLoss;
  /** Metrics, computed on labelled samples only; the first is the task's main metric (for Δm%). */
  readonly metrics?: readonly MetricFactory[];
  /** Whether a larger main metric is better (default true: accuracy, F1; false for MSE, MAE). */
  readonly higherIsBetter?: boolean;
  /** A static weight for the `static` strategy (default 1). */
  readonly weight?: number;
}

/**
 * One multi-task batch. `x` is one input shared by every task, or one input per task ("per-task
 * input" mode: each task brings its own batch through the shared trunk). `masks[task]` [batch] marks
 * which samples carry that task's label (absent: all do).
 */
export interface MultiTaskBatch {
  readonly x: Tensor | TaskTensors;
  readonly targets: TaskTensors;
  readonly masks?: TaskTensors;
}

/**
 * A model with one output per task. Architectures (hard sharing, soft sharing, cross-stitch, MMoE,
 * per-task input) implement it; strategies only see this interface.
 */
export interface MultiTaskModel extends Module {
  /** Task names, in a fixed order (the order of losses and weights). */
  readonly tasks: readonly string[];
  /** One output per task. */
  forward(x: Tensor | TaskTensors): TaskTensors;
  /** Parameters that every task trains (the trunk, experts ...): what gradient methods combine. */
  sharedParameters(): Parameter[];
  /** Parameters only `task` trains (its head, its tower, its gate). */
  taskParameters(task: string): Parameter[];
  /**
   * The shared representation of a single-input batch (the trunk's output), for strategies that
   * work on the representation; with `heads`, `heads(represent(x))` equals `forward(x)`. Absent on
   * architectures without one shared representation (soft sharing, cross-stitch, MMoE).
   */
  represent?(x: Tensor): Tensor;
  /** The task heads applied to a shared representation. */
  heads?(representation: Tensor): TaskTensors;
  /**
   * A differentiable scalar that the trainer adds, unweighted, to the combined task losses each step
   * (soft sharing's λ·Σ_{i<j}‖θᵢ − θⱼ‖² penalty). Absent when the architecture has none.
   */
  regularization?(): Tensor;
}

/**
 * What a strategy's `backward` may use besides the losses. In representation mode the trainer
 * computed the heads on `representation.leaf` (a detached leaf that requires grad); a strategy
 * reads per-task gradients at that leaf and continues into the trunk with `representation.backward`.
 */
export interface StrategyContext {
  /** The model being trained. */
  readonly model: MultiTaskModel;
  /** `model.sharedParameters()`, computed once per step. */
  readonly sharedParameters: readonly Parameter[];
  /** Present in representation mode. */
  readonly representation?: {
    /** The representation the heads read: a leaf requiring grad. */
    readonly leaf: Tensor;
    /** Backpropagate `gradient` (the shape of `leaf`) from the representation into the trunk. */
    backward(gradient: Tensor): void;
  };
  /** Epoch (0-based) and optimiser steps taken so far. */
  readonly epoch: number;
  readonly step: number;
}

/**
 * How per-task losses become parameter gradients: a weighting strategy (equal, static, uncertainty,
 * DWA, RLW, GradNorm) or a gradient-combination method (PCGrad, CAGrad, MGDA). The trainer zeroes
 * the gradients, computes the losses (in `model.tasks` order), calls `backward`, then steps the
 * optimiser, which also steps the strategy's own `parameters()` when it has any.
 */
export interface WeightingStrategy {
  /** Name used in logs (`weight_<task>`) and tables: `equal`, `uncertainty`, `pcgrad` ... */
  readonly name: string;
  /** Whether it can work on the shared representation (gradient methods can). */
  readonly supportsRepresentation?: boolean;
  /**
   * Fill `.grad` of every trained parameter from the scalar per-task `losses` (in `ctx.model.tasks`
   * order). Returns the task weights this step used (for logging; gradient methods return the
   * effective weights of their combination).
   */
  backward(losses: readonly Tensor[], ctx: StrategyContext): number[];
  /** Learnable parameters of the strategy itself (uncertainty weighting's log σ²), or none. */
  parameters?(): Parameter[];
  /** Called after each epoch with each task's mean training loss (DWA uses the last two). */
  onEpochEnd?(epochLosses: readonly number[]): void;
  /** State to checkpoint (learned log σ², GradNorm weights, DWA's loss history, a random generator ...). */
  stateDict?(): Record<string, number | number[]>;
  /** Restore what `stateDict` returned. */
  loadStateDict?(state: Record<string, number | number[]>): void;
}
