/**
 * Checks of input values that a backend reading asynchronously (the GPU) cannot make when an
 * operation is recorded. The operation records a small "evidence" tensor, computed on the device,
 * with a verdict on its values; the next read (`await t.data()`) settles every pending check first
 * and throws the first failure, as a CUDA device-side assert surfaces at the next synchronisation.
 */
import type { TypedArray } from '../core/index.js';
import { runKernel } from './dispatch.js';
import { engine } from './engine.js';
import type { Tensor } from './tensor.js';

/** An error to throw, given the evidence's values, or undefined when they pass. */
export type Verdict = (evidence: TypedArray) => Error | undefined;

interface PendingCheck {
  readonly evidence: Tensor;
  readonly verdict: Verdict;
}

let pending: PendingCheck[] = [];

/**
 * Judge `evidence` at the next read of any tensor. The check takes ownership of `evidence`: it is
 * kept out of every `tidy` and disposed once judged.
 * @example deferCheck(firstBad, (v) => (v[1]! >= n ? new ValueError(op, `index ${v[1]} is out of range`) : undefined));
 */
export function deferCheck(evidence: Tensor, verdict: Verdict): void {
  pending.push({ evidence: engine.keep(evidence), verdict });
}

/** Checks recorded and not yet judged. */
export function pendingChecks(): number {
  return pending.length;
}

/**
 * The values of every tensor in `evidence`, read with one transfer when they share the active
 * backend and a dtype (concatenated on the device first), else one by one.
 */
async function readAll(evidence: readonly Tensor[]): Promise<TypedArray[]> {
  const backend = evidence[0]!.ref.backend;
  const joinable = evidence.length > 1 && backend === engine.backend && evidence.every((t) => t.dtype === evidence[0]!.dtype && t.ndim === 1);
  if (!joinable) return Promise.all(evidence.map((t) => t.ref.backend.read(t.ref.storage)));
  const joined = runKernel('concat', [...evidence], { axis: 0 }, 'settleChecks');
  try {
    const all = await backend.read(joined.ref.storage);
    let offset = 0;
    return evidence.map((t) => all.subarray(offset, (offset += t.size)));
  } finally {
    joined.dispose();
  }
}

/**
 * Read and judge every pending check (all of them, so none is left behind), disposing the evidence.
 * @throws the first failed check's error
 */
export async function settleChecks(): Promise<void> {
  if (pending.length === 0) return;
  const checks = pending;
  pending = [];
  let failure: Error | undefined;
  try {
    const values = await readAll(checks.map((c) => c.evidence));
    checks.forEach((check, i) => { failure ??= check.verdict(values[i]!); });
  } finally {
    for (const check of checks) check.evidence.dispose();
  }
  if (failure !== undefined) throw failure;
}
