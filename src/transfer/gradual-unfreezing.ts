/** GradualUnfreezing: a `fit` callback that trains one more block per epoch, from the top down (ULMFiT). */
import { ValueError } from '../core/index.js';
import type { Module } from '../nn/index.js';
import type { Callback, TrainContext } from '../train/index.js';
import { freeze, unfreeze } from './freeze.js';
import type { NamePatterns } from './select-by-name.js';

/** Options of GradualUnfreezing. */
export interface GradualUnfreezingOptions {
  /**
   * The blocks, top first, each as name globs (`['fc', 'layer4', 'layer3']`); or a number n: the model's last n
   * top-level children that hold parameters, top first. Default: every top-level child with parameters, top first.
   */
  readonly blocks?: readonly NamePatterns[] | number;
  /** Epochs between two unfreezings (default 1). */
  readonly every?: number;
  /** What `freeze` does with a frozen BatchNorm's running statistics: `'eval'` (default, kept) or `'train'`. */
  readonly batchNorm?: 'eval' | 'train';
}

function topChildren(model: Module): string[] {
  return model.namedChildren().filter(([, m]) => m.parameters().length > 0).map(([name]) => name).reverse();
}

/**
 * Gradual unfreezing (Howard & Ruder 2018, ULMFiT §3.2): at the start of training every block but the top one is
 * frozen (`transfer.freeze`, frozen BatchNorms keep their statistics); at the start of epoch e the top
 * ⌊e/every⌋ + 1 blocks train (`transfer.unfreeze`), so one more block joins each epoch until all train. Parameters in
 * no block are left as they are. The optimiser must hold every block's parameters from the start (build it over
 * `model.parameters()` or `layerwiseLrGroups(model, …)`, which include frozen ones); frozen ones get no gradient,
 * so it leaves them unchanged. Resuming at `initialEpoch` unfreezes the blocks of that epoch.
 * @example
 * await tn.train.fit(resnet, {train, loss: tn.crossEntropy, optimizer: new tn.optim.Adam(resnet.parameters(), {lr: 1e-3}),
 *   epochs: 5, callbacks: [new tn.transfer.GradualUnfreezing({blocks: ['fc', 'layer4', 'layer3', 'layer2']})]});
 */
export class GradualUnfreezing implements Callback {
  /** The blocks, top first (resolved at the start of training when given as a number or omitted). */
  blocks: NamePatterns[] = [];
  /** How many blocks (from the top) train now. */
  unfrozen = 0;
  private readonly every: number;

  /**
   * @param options - blocks (globs, top first, or a count), every, batchNorm
   * @throws ValueError for an empty block list or a bad `every`
   */
  constructor(readonly options: GradualUnfreezingOptions = {}) {
    this.every = options.every ?? 1;
    if (!Number.isInteger(this.every) || this.every < 1) throw new ValueError('GradualUnfreezing', `every must be an integer ≥ 1, found ${String(options.every)}`);
    const { blocks } = options;
    if (Array.isArray(blocks) && blocks.length === 0) throw new ValueError('GradualUnfreezing', 'expected at least one block, found an empty list');
  }

  /** The blocks of `model`, top first. */
  private resolve(model: Module): NamePatterns[] {
    const { blocks } = this.options;
    if (Array.isArray(blocks)) return [...blocks as readonly NamePatterns[]];
    const children = topChildren(model);
    if (blocks === undefined) return children;
    if (typeof blocks !== 'number' || !Number.isInteger(blocks) || blocks < 1 || blocks > children.length) {
      throw new ValueError('GradualUnfreezing', `blocks must be a list of name patterns or an integer in [1, ${children.length}] ` +
        `(the top-level children of ${model.constructor.name} with parameters), found ${String(blocks)}`);
    }
    return children.slice(0, blocks);
  }

  /** Freeze every block but the top one. */
  onTrainBegin(ctx: TrainContext): void {
    this.blocks = this.resolve(ctx.model);
    if (this.blocks.length === 0) throw new ValueError('GradualUnfreezing', `${ctx.model.constructor.name} has no child with parameters to unfreeze`);
    const lower = this.blocks.slice(1).flatMap((b) => (typeof b === 'string' ? [b] : [...b]));
    if (lower.length > 0) freeze(ctx.model, lower, { batchNorm: this.options.batchNorm ?? 'eval' });
    this.unfrozen = 0;
  }

  /** Unfreeze the blocks this epoch reaches. */
  onEpochBegin(epoch: number, ctx: TrainContext): void {
    const target = Math.min(this.blocks.length, Math.floor(epoch / this.every) + 1);
    for (; this.unfrozen < target; this.unfrozen++) unfreeze(ctx.model, this.blocks[this.unfrozen]);
  }
}
