/** Selecting the samples that carry a task's label, for metrics on labelled samples only. */
import { take } from '../../ops/index.js';
import { tensor, type Tensor } from '../../tensor/index.js';

/**
 * The rows of `output` and `target` whose `mask` entry is non-zero, or both unchanged without a
 * mask; undefined when no row is labelled. The returned tensors are new when a mask is given.
 */
export function labelledRows(output: Tensor, target: Tensor, mask?: Tensor): [Tensor, Tensor] | undefined {
  if (mask === undefined) return [output, target];
  const flags = mask.dataSync();
  const rows: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] !== 0) rows.push(i);
  if (rows.length === 0) return undefined;
  if (rows.length === flags.length) return [output, target];
  const index = tensor(rows, { dtype: 'int32' });
  const selected: [Tensor, Tensor] = [take(output, index, 0), take(target, index, 0)];
  index.dispose();
  return selected;
}
