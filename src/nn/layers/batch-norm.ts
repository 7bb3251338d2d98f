/** Batch normalisation: BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]). */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { keep, noGrad, ones, tidy, zeros, type Tensor, scoped } from '../../tensor/index.js';
import { add, cast, div, mean, mul, reshape, rsqrt, sub } from '../../ops/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool, pyFloat } from './py-repr.js';
import { adoptParameter } from '../tensor-factory.js';

/** Options of BatchNorm1d and BatchNorm2d. */
export interface BatchNormOptions {
  /** Added to the variance before the square root (default 1e-5). */
  readonly eps?: number;
  /** Weight of the new batch in the running statistics (default 0.1); `null` gives a cumulative average. */
  readonly momentum?: number | null;
  /** Learn a per-channel scale (weight, init 1) and shift (bias, init 0) (default true). */
  readonly affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them eval mode uses batch statistics. */
  readonly trackRunningStats?: boolean;
  /** Parameter and buffer dtype (default float32). */
  readonly dtype?: 'float32' | 'float64';
}

/**
 * Shared part of BatchNorm1d/2d (PyTorch `_BatchNorm`):
 * y = (x − E[x]) / √(Var[x] + ε) · γ + β per channel (dimension 1). In training mode the batch
 * statistics are used (gradients flow through them) and the running ones are updated as
 * r ← (1 − m)·r + m·s, with the unbiased batch variance; in eval mode the running ones are used.
 * With `freezeStatistics` set (as `tn.transfer.freeze` does) the layer behaves as in eval mode even while training.
 */
export abstract class BatchNormNd extends Module {
  /** Scale γ [numFeatures] (ones), or null without `affine`. */
  weight: Parameter | null;
  /** Shift β [numFeatures] (zeros), or null without `affine`. */
  bias: Parameter | null;
  /**
   * Buffers are registered under PyTorch's snake_case names (state-dict keys are property names, and
   * they must equal torch's for its weights to load unchanged); `runningMean` etc. are camelCase views.
   */
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  /** Added to the variance. */
  readonly eps: number;
  /** Weight of a new batch in the running statistics; null for a cumulative average. */
  readonly momentum: number | null;
  /** Whether the layer has weight and bias. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /**
   * Frozen statistics (default false): when true, forward normalises with the running statistics and leaves them
   * unchanged (num_batches_tracked included) even in training mode, i.e. it behaves as in eval mode while gradients
   * still flow to the input, weight and bias. `tn.transfer.freeze` sets it on a BatchNorm whose parameters it freezes;
   * `unfreeze` clears it. A runtime switch like `training`: not part of the state dict. Without `trackRunningStats`
   * there are no running statistics and batch statistics are used regardless.
   * @example bn.freezeStatistics = true; model.train(); // bn still uses and keeps its running mean and variance
   */
  freezeStatistics = false;

  protected constructor(readonly numFeatures: number, options: BatchNormOptions) {
    super();
    const op = this.constructor.name;
    if (!Number.isInteger(numFeatures) || numFeatures <= 0) throw new ValueError(op, `numFeatures must be a positive integer, found ${numFeatures}`);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    if (!(this.eps >= 0) || !Number.isFinite(this.eps)) throw new ValueError(op, `eps must be a finite number ≥ 0, found ${this.eps}`);
    if (this.momentum !== null && !(this.momentum >= 0 && this.momentum <= 1)) {
      throw new ValueError(op, `momentum must be in [0, 1] or null, found ${this.momentum}`);
    }
    const dtype = options.dtype ?? 'float32';
    this.weight = this.affine ? adoptParameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine ? adoptParameter(zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? keep(zeros([numFeatures], { dtype })) : null);
    this.registerBuffer('running_var', track ? keep(ones([numFeatures], { dtype })) : null);
    this.registerBuffer('num_batches_tracked', track ? keep(zeros([], { dtype: 'int32' })) : null);
  }

  /** Running mean [numFeatures] (the buffer `running_mean`), or null without `trackRunningStats`. */
  get runningMean(): Tensor | null { return this.running_mean; }
  /** Running unbiased variance [numFeatures] (the buffer `running_var`), or null without `trackRunningStats`. */
  get runningVar(): Tensor | null { return this.running_var; }
  /** Training batches seen: an int32 scalar (the buffer `num_batches_tracked`; int64 in PyTorch), or null. */
  get numBatchesTracked(): Tensor | null { return this.num_batches_tracked; }

  /** Throw a ShapeError unless `x` has an accepted rank and numFeatures channels in dimension 1. */
  protected abstract checkInput(x: Tensor): void;

  /** Reset the running statistics to mean 0, variance 1 and no batches. */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.assign(zeros(this.runningMean.shape, { dtype: this.runningMean.dtype }));
      this.runningVar?.assign(ones(this.runningVar.shape, { dtype: this.runningVar.dtype }));
      this.numBatchesTracked?.assign(zeros([], { dtype: 'int32' }));
    });
  }

  /** Normalise per channel; see the class summary for train and eval behaviour. */
  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const c = this.numFeatures;
    const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
    const channelShape = x.shape.map((_, i) => (i === 1 ? c : 1));
    const updating = this.training && !this.freezeStatistics;
    const useBatchStats = updating || this.runningMean === null || this.runningVar === null;
    const count = x.size / c;
    if (useBatchStats && this.training && count <= 1) {
      throw new ValueError(this.constructor.name, `expected more than 1 value per channel when training, found input ${formatShape(x.shape)}`);
    }
    return scoped([x, this.weight, this.bias], () => {
      let y: Tensor;
      if (useBatchStats) {
        const batchMean = mean(x, axes, true);
        const centred = sub(x, batchMean);
        const batchVar = mean(mul(centred, centred), axes, true); // biased, for normalisation
        y = mul(centred, rsqrt(add(batchVar, this.eps)));
        if (updating) this.updateRunningStats(batchMean, batchVar, count);
      } else {
        const rm = reshape(this.runningMean as Tensor, channelShape);
        const rv = reshape(this.runningVar as Tensor, channelShape);
        y = mul(sub(x, rm), rsqrt(add(rv, this.eps)));
      }
      if (this.weight !== null && this.bias !== null) {
        y = add(mul(y, reshape(this.weight, channelShape)), reshape(this.bias, channelShape));
      }
      return y;
    });
  }

  /** r ← (1 − f)·r + f·s with f = momentum (or 1/numBatchesTracked), the variance made unbiased (×n/(n−1)). */
  private updateRunningStats(batchMean: Tensor, batchVar: Tensor, count: number): void {
    const runningMean = this.runningMean;
    const runningVar = this.runningVar;
    const tracked = this.numBatchesTracked;
    if (runningMean === null || runningVar === null || tracked === null) return;
    tidy(() => noGrad(() => {
      tracked.assign(add(tracked, 1));
      const dtype = runningMean.dtype;
      // a tensor factor for the cumulative average keeps the update on the device (no read-back)
      const factor = this.momentum ?? div(1, cast(tracked, dtype));
      const c = this.numFeatures;
      const m = cast(reshape(batchMean.detach(), [c]), dtype);
      const v = cast(mul(reshape(batchVar.detach(), [c]), count / (count - 1)), dtype);
      const keepShare = typeof factor === 'number' ? 1 - factor : sub(1, factor);
      runningMean.assign(add(mul(runningMean, keepShare), mul(m, factor)));
      runningVar.assign(add(mul(runningVar, keepShare), mul(v, factor)));
    }));
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? 'None' : pyFloat(this.momentum)}, ` +
      `affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalisation over [N, C] or [N, C, L] (PyTorch `nn.BatchNorm1d`), statistics per channel C.
 * @example new tn.nn.BatchNorm1d(64).forward(h) // [N, 64] → [N, 64]
 */
export class BatchNorm1d extends BatchNormNd {
  /** @param numFeatures - channels C */
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected checkInput(x: Tensor): void {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      const c = this.numFeatures;
      throw new ShapeError('BatchNorm1d', `expected input [N, ${c}] or [N, ${c}, L], found ${formatShape(x.shape)}`);
    }
  }
}

/**
 * Batch normalisation over [N, C, H, W] (PyTorch `nn.BatchNorm2d`), statistics per channel C.
 * @example new tn.nn.BatchNorm2d(16).forward(features) // [N, 16, H, W] → [N, 16, H, W]
 */
export class BatchNorm2d extends BatchNormNd {
  /** @param numFeatures - channels C */
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options);
  }

  protected checkInput(x: Tensor): void {
    if (x.ndim !== 4 || x.shape[1] !== this.numFeatures) {
      throw new ShapeError('BatchNorm2d', `expected input [N, ${this.numFeatures}, H, W], found ${formatShape(x.shape)}`);
    }
  }
}
