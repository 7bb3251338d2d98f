/** The check that per-task towers share one architecture: the same parameter names with the same shapes. */
import { formatShape, ShapeError } from '../../core/index.js';
import type { ModuleDict } from '../../nn/index.js';

/**
 * Throw unless every tower in `towers` has the parameter names and shapes of the first one, so that
 * parameters correspond one to one (what soft sharing's penalty and cross-stitch need).
 * @throws ShapeError `SoftSharing: tower 'b' does not match tower 'a': parameter '0.weight' is [3,4] in 'a', [3,5] in 'b'`
 */
export function checkMatchingTowers(op: string, towers: ModuleDict): void {
  const [first, ...rest] = towers.entries();
  if (first === undefined) return;
  const [refName, ref] = first;
  const refShapes = new Map(ref.namedParameters().map(([k, p]) => [k, p.shape]));
  for (const [name, tower] of rest) {
    const shapes = new Map(tower.namedParameters().map(([k, p]) => [k, p.shape]));
    const where = `tower '${name}' does not match tower '${refName}'`;
    const missing = [...refShapes.keys()].filter((k) => !shapes.has(k));
    const extra = [...shapes.keys()].filter((k) => !refShapes.has(k));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [];
      if (missing.length > 0) parts.push(`missing parameter(s) ${missing.join(', ')}`);
      if (extra.length > 0) parts.push(`extra parameter(s) ${extra.join(', ')}`);
      throw new ShapeError(op, `${where}: ${parts.join('; ')} (towers must share one architecture)`);
    }
    for (const [key, shape] of refShapes) {
      const other = shapes.get(key) as readonly number[];
      if (other.length !== shape.length || other.some((d, i) => d !== shape[i])) {
        throw new ShapeError(op, `${where}: parameter '${key}' is ${formatShape(shape)} in '${refName}', ${formatShape(other)} in '${name}'`);
      }
    }
  }
}
