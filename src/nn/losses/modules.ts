/**
 * Loss modules (PyTorch `nn.CrossEntropyLoss`, `nn.MSELoss`, ...): the options are fixed at construction
 * and validated there; `forward(input, target)` calls the functional loss. Class and positive weights are
 * buffers (in `stateDict()` when given), as in PyTorch.
 */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { Module } from '../module.js';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
import { cosineEmbeddingLoss, type CosineEmbeddingLossOptions } from './cosine-embedding-loss.js';
import { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
import { huberLoss, type HuberLossOptions } from './huber-loss.js';
import { klDiv, type KlDivOptions } from './kl-div.js';
import { l1Loss } from './l1-loss.js';
import { mseLoss } from './mse-loss.js';
import { nllLoss, type NllLossOptions } from './nll-loss.js';
import { checkFinite, checkReduction, type Reduction, type ReductionOptions } from './reduction.js';
import { smoothL1Loss, type SmoothL1LossOptions } from './smooth-l1-loss.js';
import type { BinaryCrossEntropyOptions } from './binary-cross-entropy.js';
import type { BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy-with-logits.js';

/** Base of the loss modules: holds the validated `reduction`. */
abstract class Loss extends Module {
  /** `'mean'`, `'sum'` or `'none'`. */
  readonly reduction: Reduction;
  constructor(options: ReductionOptions, name: string) {
    super();
    this.reduction = checkReduction(options.reduction ?? 'mean', name);
  }
}

function checkIgnoreIndex(value: number, name: string): number {
  if (!Number.isInteger(value)) throw new ValueError(name, `ignoreIndex must be an integer, found ${value}`);
  return value;
}

/** Mean squared error (x − y)² as a module. @example new tn.nn.MSELoss().forward(pred, y) */
export class MSELoss extends Loss {
  /** @param options - `reduction` (`'mean'` default, `'sum'`, `'none'`) */
  constructor(options: ReductionOptions = {}) { super(options, 'MSELoss'); }
  forward(input: Tensor, target: Tensor): Tensor { return mseLoss(input, target, { reduction: this.reduction }); }
}

/** Mean absolute error |x − y| as a module. @example new tn.nn.L1Loss({reduction: 'sum'}).forward(pred, y) */
export class L1Loss extends Loss {
  /** @param options - `reduction` (`'mean'` default, `'sum'`, `'none'`) */
  constructor(options: ReductionOptions = {}) { super(options, 'L1Loss'); }
  forward(input: Tensor, target: Tensor): Tensor { return l1Loss(input, target, { reduction: this.reduction }); }
}

/** Smooth L1: 0.5·d²/β for |d| < β, else |d| − 0.5·β. @example new tn.nn.SmoothL1Loss({beta: 0.5}) */
export class SmoothL1Loss extends Loss {
  /** Where the quadratic part ends. */
  readonly beta: number;
  /** @param options - `beta` (default 1, ≥ 0), `reduction` */
  constructor(options: SmoothL1LossOptions = {}) {
    super(options, 'SmoothL1Loss');
    this.beta = checkFinite(options.beta ?? 1, 'beta', 'SmoothL1Loss');
    if (this.beta < 0) throw new ValueError('SmoothL1Loss', `beta must not be negative, found ${this.beta}`);
  }
  forward(input: Tensor, target: Tensor): Tensor { return smoothL1Loss(input, target, { beta: this.beta, reduction: this.reduction }); }
}

/** Huber: 0.5·d² for |d| < δ, else δ·(|d| − 0.5·δ). @example new tn.nn.HuberLoss({delta: 2}) */
export class HuberLoss extends Loss {
  /** Where the quadratic part ends. */
  readonly delta: number;
  /** @param options - `delta` (default 1, > 0), `reduction` */
  constructor(options: HuberLossOptions = {}) {
    super(options, 'HuberLoss');
    this.delta = checkFinite(options.delta ?? 1, 'delta', 'HuberLoss');
    if (this.delta <= 0) throw new ValueError('HuberLoss', `delta must be positive, found ${this.delta}`);
  }
  forward(input: Tensor, target: Tensor): Tensor { return huberLoss(input, target, { delta: this.delta, reduction: this.reduction }); }
}

/**
 * Cross-entropy of logits against int32 class indices or float class probabilities (see `crossEntropy`).
 * @example
 * const criterion = new tn.nn.CrossEntropyLoss({labelSmoothing: 0.1});
 * criterion.forward(logits, labels).backward();
 */
export class CrossEntropyLoss extends Loss {
  /** Class weights [C] (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** Class-index targets equal to this are ignored. */
  readonly ignoreIndex: number;
  /** ε of label smoothing. */
  readonly labelSmoothing: number;
  /** @param options - `weight` [C], `ignoreIndex` (default −100), `reduction`, `labelSmoothing` (default 0, in [0, 1]) */
  constructor(options: CrossEntropyOptions = {}) {
    super(options, 'CrossEntropyLoss');
    this.ignoreIndex = checkIgnoreIndex(options.ignoreIndex ?? -100, 'CrossEntropyLoss');
    this.labelSmoothing = checkFinite(options.labelSmoothing ?? 0, 'labelSmoothing', 'CrossEntropyLoss');
    if (this.labelSmoothing < 0 || this.labelSmoothing > 1) {
      throw new ValueError('CrossEntropyLoss', `labelSmoothing must be in [0, 1], found ${this.labelSmoothing}`);
    }
    this.registerBuffer('weight', options.weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, {
      weight: this.weight ?? undefined, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Negative log-likelihood of log-probabilities (see `nllLoss`). @example new tn.nn.NLLLoss().forward(logp, labels) */
export class NLLLoss extends Loss {
  /** Class weights [C] (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** Targets equal to this are ignored. */
  readonly ignoreIndex: number;
  /** @param options - `weight` [C], `ignoreIndex` (default −100), `reduction` */
  constructor(options: NllLossOptions = {}) {
    super(options, 'NLLLoss');
    this.ignoreIndex = checkIgnoreIndex(options.ignoreIndex ?? -100, 'NLLLoss');
    this.registerBuffer('weight', options.weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { weight: this.weight ?? undefined, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Binary cross-entropy of probabilities (see `binaryCrossEntropy`). @example new tn.nn.BCELoss().forward(tn.sigmoid(z), y) */
export class BCELoss extends Loss {
  /** Element weights (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** @param options - `weight` (broadcast to the input), `reduction` */
  constructor(options: BinaryCrossEntropyOptions = {}) {
    super(options, 'BCELoss');
    this.registerBuffer('weight', options.weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { weight: this.weight ?? undefined, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of logits, stable (see `binaryCrossEntropyWithLogits`). `posWeight` is a buffer named
 * `posWeight` (PyTorch's key is `pos_weight`).
 * @example new tn.nn.BCEWithLogitsLoss({posWeight: tn.tensor([3])}).forward(logits, y)
 */
export class BCEWithLogitsLoss extends Loss {
  /** Element weights (a buffer), or null. */
  declare readonly weight: Tensor | null;
  /** Weights of the positive term (a buffer), or null. */
  declare readonly posWeight: Tensor | null;
  /** @param options - `weight`, `posWeight` (both broadcast to the input), `reduction` */
  constructor(options: BinaryCrossEntropyWithLogitsOptions = {}) {
    super(options, 'BCEWithLogitsLoss');
    this.registerBuffer('weight', options.weight ?? null);
    this.registerBuffer('posWeight', options.posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight ?? undefined, posWeight: this.posWeight ?? undefined, reduction: this.reduction,
    });
  }
}

/** KL divergence of a target from log-probabilities (see `klDiv`). @example new tn.nn.KLDivLoss({reduction: 'batchmean'}) */
export class KLDivLoss extends Module {
  /** `'mean'`, `'batchmean'`, `'sum'` or `'none'`. */
  readonly reduction: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities. */
  readonly logTarget: boolean;
  /** @param options - `reduction` (`'mean'` default; `'batchmean'` is the true KL per sample), `logTarget` (default false) */
  constructor(options: KlDivOptions = {}) {
    super();
    this.reduction = checkReduction(options.reduction ?? 'mean', 'KLDivLoss', ['mean', 'batchmean', 'sum', 'none'] as const);
    this.logTarget = options.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor { return klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget }); }
}

/** Cosine embedding loss of pairs labelled 1 or −1 (see `cosineEmbeddingLoss`). @example new tn.nn.CosineEmbeddingLoss({margin: 0.2}) */
export class CosineEmbeddingLoss extends Loss {
  /** Dissimilar pairs cost max(0, cos − margin). */
  readonly margin: number;
  /** @param options - `margin` (default 0), `reduction` */
  constructor(options: CosineEmbeddingLossOptions = {}) {
    super(options, 'CosineEmbeddingLoss');
    this.margin = checkFinite(options.margin ?? 0, 'margin', 'CosineEmbeddingLoss');
  }
  forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor {
    return cosineEmbeddingLoss(x1, x2, y, { margin: this.margin, reduction: this.reduction });
  }
}
