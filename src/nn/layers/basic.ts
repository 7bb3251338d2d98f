/** Identity, Flatten and Dropout modules. */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { dropout, flatten } from '../../ops/index.js';
import { Module } from '../module.js';

/** Returns its input unchanged (a placeholder, e.g. for a removed head). */
export class Identity extends Module {
  forward(x: Tensor): Tensor { return x; }
}

/** Merges dimensions startDim…endDim (default: all but the batch dimension). */
export class Flatten extends Module {
  /** @param startDim - first merged dimension (default 1) @param endDim - last (default −1) */
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor { return flatten(x, this.startDim, this.endDim); }
  override extraRepr(): string { return `start_dim=${this.startDim}, end_dim=${this.endDim}`; }
}

/** Zeroes elements with probability p while training (scaling the rest by 1/(1−p)); identity in eval mode. */
export class Dropout extends Module {
  /** @param p - drop probability in [0, 1] (default 0.5) */
  constructor(readonly p = 0.5) {
    super();
    if (!(p >= 0 && p <= 1)) throw new ValueError('Dropout', `p must be in [0, 1], found ${p}`);
  }
  forward(x: Tensor): Tensor { return dropout(x, this.p, this.training); }
  override extraRepr(): string { return `p=${this.p}`; }
}
