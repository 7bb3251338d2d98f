/** countParameters: how many parameters a model has, and how many of them train (peft `print_trainable_parameters`). */
import type { Module } from '../nn/index.js';

/** Parameter counts (elements, each shared parameter once). */
export interface ParameterCounts {
  /** Every parameter element. */
  readonly total: number;
  /** Elements of parameters with `requiresGrad`. */
  readonly trainable: number;
  /** total − trainable. */
  readonly frozen: number;
  /** 100·trainable/total (0 for a model without parameters). */
  readonly trainablePercent: number;
}

/**
 * Count a model's parameter elements, trainable and frozen.
 * @example tn.transfer.countParameters(model) // {total: 11181642, trainable: 5130, frozen: 11176512, trainablePercent: 0.0459}
 */
export function countParameters(model: Module): ParameterCounts {
  const total = model.numParameters();
  const trainable = model.numParameters(true);
  return { total, trainable, frozen: total - trainable, trainablePercent: total === 0 ? 0 : (100 * trainable) / total };
}

/** `1234567` → `1,234,567`. */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * The counts as peft prints them: `trainable params: 5,130 || all params: 11,181,642 || trainable%: 0.0459`.
 * @example console.log(tn.transfer.formatParameterCounts(tn.transfer.countParameters(model)));
 */
export function formatParameterCounts(counts: ParameterCounts): string {
  return `trainable params: ${thousands(counts.trainable)} || all params: ${thousands(counts.total)} || trainable%: ${counts.trainablePercent.toFixed(4)}`;
}
