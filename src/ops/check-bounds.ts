/**
 * Checking that every element of an input lies in a closed range (indices within a dimension,
 * probabilities in [0, 1]) with an error that names an offender: at once on backends that read
 * synchronously, and at the next read on the others (the GPU), from the input's minimum and maximum
 * computed on the device.
 */
import { ValueError } from '../core/index.js';
import { deferCheck, noGrad, reshapeView, tidy, type Tensor } from '../tensor/index.js';
import { eq, where } from './arithmetic.js';
import { concat } from './join-split.js';
import { max, min } from './reduction.js';

/** The range every element must lie in, and what to say about one that does not. */
export interface Bounds {
  /** The operation named in the error. */
  readonly op: string;
  /** The smallest allowed value. */
  readonly low: number;
  /** The largest allowed value. */
  readonly high: number;
  /** A value that is always allowed (a loss's `ignoreIndex`). */
  readonly exempt?: number;
  /** The message for an offending `value`; `position` (flat) is known on synchronous backends only. */
  readonly message: (value: number, position?: number) => string;
}

/** Said after a message when the offender was found on the device, after the operation had run. */
const DEFERRED_NOTE = ' (found on the device at a later read, as the operation ran asynchronously: results computed from it are invalid)';

const outside = (v: number, b: Bounds): boolean => v !== b.exempt && !(v >= b.low && v <= b.high);

/**
 * Check that every element of `x` lies in [low, high] (NaN never does). On a backend that reads
 * synchronously the first offender throws now; otherwise the minimum and maximum (of the elements
 * that are not `exempt`) are computed on the device and judged at the next read (`deferCheck`).
 * @throws ValueError `op: message(value, position)` now, or at the next read
 */
export function checkBounds(x: Tensor, bounds: Bounds): void {
  if (x.size === 0) return;
  if (x.ref.backend.readSync !== undefined) {
    const values = x.dataSync();
    for (let i = 0; i < values.length; i++) {
      if (outside(values[i] as number, bounds)) throw new ValueError(bounds.op, bounds.message(values[i] as number, i));
    }
    return;
  }
  const evidence = tidy(() => noGrad(() => {
    const flat = reshapeView(x, [x.size], bounds.op);
    const judged = bounds.exempt === undefined ? flat : where(eq(flat, bounds.exempt), bounds.low, flat);
    return concat([min(judged, 0, true), max(judged, 0, true)]); // [min, max]; NaN propagates
  }));
  deferCheck(evidence, ([lowest, highest]) => {
    const offender = [lowest as number, highest as number].find((v) => outside(v, bounds));
    return offender === undefined ? undefined : new ValueError(bounds.op, bounds.message(offender) + DEFERRED_NOTE);
  });
}
