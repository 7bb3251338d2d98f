/**
 * Plain JSON data for checkpoints: values checked to be JSON (naming the offending path), with NaN and
 * ±Infinity kept as `{"$number": "NaN"}` so they survive the round trip (plain JSON turns them into null).
 */
import { ValueError } from '../core/index.js';
import { Tensor } from '../tensor/index.js';

const NON_FINITE = '$number';

/**
 * @internal JSON data with NaN and ±Infinity kept as `{"$number": "NaN"}`; refuses what JSON cannot hold faithfully.
 * `where` names the value in error messages (`extra.metrics.loss`).
 */
export function toJson(value: unknown, where: string, op: string, seen: Set<object> = new Set()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { [NON_FINITE]: String(value) };
  if (typeof value !== 'object') throw new ValueError(op, `${where} is a ${typeof value}, which JSON cannot hold`);
  if (seen.has(value)) throw new ValueError(op, `${where} refers back to itself (a cycle)`);
  if (value instanceof Tensor) throw new ValueError(op, `${where} is a Tensor (put tensors in weights, or convert with arraySync())`);
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      return value.map((v, i) => (v === undefined ? null : toJson(v, `${where}[${i}]`, op, seen)));
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new ValueError(op, `${where} is a ${kind}, not plain JSON data (use plain objects, arrays, numbers, strings, booleans, null)`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function') continue;
      out[k] = toJson(v, `${where}.${k}`, op, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** @internal The inverse of {@link toJson}: `{"$number": "NaN"}` back to NaN. */
export function fromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJson);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === NON_FINITE && typeof entries[0][1] === 'string') return Number(entries[0][1]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(out, k, { value: fromJson(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
