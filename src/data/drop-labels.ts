/** Partial labels: dropping a fraction of a task's labels, reproducibly, and blanking the dropped targets. */
import { Generator, hashAt, ValueError } from '../core/index.js';

/**
 * Which rows lose their label for each task of `missing`: for task `t` (at position `k` of `tasks`), exactly
 * round(fraction · n) rows, the first ones of the permutation drawn by `new Generator(hashAt(seed, k))`.
 * Returns a float32 mask per task of `missing` (1 labelled, 0 missing).
 * @param missing - fraction in [0, 1] of labels to drop, per task
 * @param tasks - the data set's tasks (names are checked against them)
 * @param n - rows
 * @param seed - the seed of the draw
 * @param op - the caller, for error messages
 * @throws ValueError for an unknown task or a fraction outside [0, 1].
 * @example dropLabels({group: 0.3}, ['label', 'group'], 10, 0, 'f'); // {group: Float32Array with three 0s}
 */
export function dropLabels(missing: Readonly<Record<string, number>>, tasks: readonly string[], n: number, seed: number, op: string): Record<string, Float32Array> {
  const masks: Record<string, Float32Array> = {};
  for (const [task, fraction] of Object.entries(missing)) {
    const k = tasks.indexOf(task);
    if (k < 0) throw new ValueError(op, `missing names an unknown task '${task}': expected one of ${tasks.join(', ')}`);
    if (!(typeof fraction === 'number' && fraction >= 0 && fraction <= 1)) {
      throw new ValueError(op, `missing.${task} must be a fraction in [0, 1], found ${String(fraction)}`);
    }
    const mask = new Float32Array(n).fill(1);
    const order = new Generator(hashAt(seed >>> 0, k)).permutation(n);
    for (let j = 0; j < Math.round(fraction * n); j++) mask[order[j] as number] = 0;
    masks[task] = mask;
  }
  return masks;
}

/**
 * Set `target[i]` to 0 wherever `mask[i]` is 0, so a missing label holds a placeholder rather than its value.
 * @example zeroUnlabelled(Int32Array.of(3, 4), Float32Array.of(1, 0)); // [3, 0]
 */
export function zeroUnlabelled<A extends Int32Array | Float32Array>(target: A, mask: Float32Array): A {
  mask.forEach((m, i) => { if (m === 0) target[i] = 0; });
  return target;
}
