/**
 * Hyper-parameter checks shared by the optimisers and schedulers. Messages follow PyTorch's wording with
 * what was expected: `Adam: invalid learning rate: -1 (expected ≥ 0)`.
 */
import { ValueError } from '../core/index.js';

/**
 * Require `value ≥ 0` (NaN fails): `${op}: invalid ${what}: ${value} (expected ≥ 0)`.
 * @param op - the class name, e.g. `'Adam'`
 * @param what - e.g. `'learning rate'`, `'epsilon value'`, `'weightDecay value'`
 */
export function checkNonNegative(op: string, what: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new ValueError(op, `invalid ${what}: ${String(value)} (expected ≥ 0)`);
  }
}

/** Require a number in [0, 1): `${op}: invalid ${what}: ${value} (expected in [0, 1))`. */
export function checkUnitInterval(op: string, what: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(op, `invalid ${what}: ${String(value)} (expected in [0, 1))`);
  }
}

/** Require a finite number: `${op}: invalid ${what}: ${value} (expected a finite number)`. */
export function checkFinite(op: string, what: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(op, `invalid ${what}: ${String(value)} (expected a finite number)`);
  }
}

/** Require a boolean: `${op}: invalid ${name} value: ${value} (expected true or false)`. */
export function checkBoolean(op: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new ValueError(op, `invalid ${name} value: ${String(value)} (expected true or false)`);
}

/** Require an integer ≥ `min`: `${op}: invalid ${name}: ${value} (expected an integer ≥ ${min})`. */
export function checkInteger(op: string, name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(op, `invalid ${name}: ${String(value)} (expected an integer ≥ ${min})`);
  }
}

/** Require `[β₁, β₂]` with each in [0, 1): `Adam: invalid beta parameter at index 1: 1.2 (expected in [0, 1))`. */
export function checkBetas(op: string, betas: unknown): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new ValueError(op, `invalid betas: ${JSON.stringify(betas)} (expected two numbers [beta1, beta2])`);
  }
  betas.forEach((b: unknown, i) => checkUnitInterval(op, `beta parameter at index ${i}`, b));
}
