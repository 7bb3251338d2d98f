/**
 * The task table that the main thread and the worker threads of a wasm backend share: a small
 * Int32Array over a SharedArrayBuffer holding a few counters and up to MAX_TASKS task records.
 *
 * A job is a batch of independent tasks (GEMM blocks). The main thread writes the records, then
 * publishes the job by moving END; every thread, the main one included, claims tickets by a
 * compare-and-swap on NEXT and runs the record of each ticket it wins; DONE counts finished
 * tickets, and the job is over when DONE reaches END. Tickets count up forever (with 32-bit
 * wrap-around, compared by difference), so no counter is ever reset while a worker may read it.
 */
import type { KernelExports } from './kernel-exports.js';

/** Index of the job generation: bumped (and waited on) whenever a job is published. */
export const GEN = 0;
/** Index of the next unclaimed ticket. */
export const NEXT = 1;
/** Index of one past the last ticket of the current job. */
export const END = 2;
/** Index of the first ticket of the current job (its record is slot 0). */
export const BASE = 3;
/** Index of the count of finished tickets. */
export const DONE = 4;
/** Index of the exit flag: workers return when it is non-zero. */
export const EXIT = 5;
/** Index of the failure count: tasks that threw (the job still completes; the main thread reports it). */
export const FAILED = 6;
/** Int32 offset of the first task record. */
export const TASKS_AT = 16;
/** Int32s per task record: the kind, then its arguments. */
export const TASK_INTS = 16;
/** Records in the table: the most tasks one job may have. */
export const MAX_TASKS = 256;

/** Bytes of the shared table. */
export const TABLE_BYTES = (TASKS_AT + MAX_TASKS * TASK_INTS) * 4;

/** Task kinds. */
export const TaskKind = {
  /** `gemmF32(m, n, k, a, aRow, aCol, b, bRow, bCol, c, ldc, work)`: 11 arguments, the thread adds `work`. */
  gemm: 1,
  /** `binaryF32(op, a, as0, as1, b, bs0, bs1, o, n0, n1)`: 10 arguments. */
  binaryF32: 2,
  /** `binaryI32(op, a, as0, as1, b, bs0, bs1, o, n0, n1)`: 10 arguments. */
  binaryI32: 3,
  /** `unaryF32(op, x, y, n)`: 4 arguments. */
  unaryF32: 4,
} as const;

/**
 * Claim the next ticket of the current job: its slot (0-based within the job), or -1 when every
 * ticket is taken.
 */
export function claimTask(table: Int32Array): number {
  for (;;) {
    const ticket = Atomics.load(table, NEXT);
    const end = Atomics.load(table, END);
    if (((end - ticket) | 0) <= 0) return -1;
    if (Atomics.compareExchange(table, NEXT, ticket, (ticket + 1) | 0) === ticket) {
      return (ticket - Atomics.load(table, BASE)) | 0;
    }
  }
}

/** Run the record in `slot` with this thread's kernels and scratch area `work`. */
export function runTask(kernels: KernelExports, table: Int32Array, slot: number, work: number): void {
  const at = TASKS_AT + slot * TASK_INTS;
  const kind = table[at];
  const t = (i: number): number => table[at + i]!;
  switch (kind) {
    case TaskKind.gemm:
      kernels.gemmF32(t(1), t(2), t(3), t(4), t(5), t(6), t(7), t(8), t(9), t(10), t(11), work);
      return;
    case TaskKind.binaryF32:
    case TaskKind.binaryI32:
      (kind === TaskKind.binaryF32 ? kernels.binaryF32 : kernels.binaryI32)(t(1), t(2), t(3), t(4), t(5), t(6), t(7), t(8), t(9), t(10));
      return;
    case TaskKind.unaryF32:
      kernels.unaryF32(t(1), t(2), t(3), t(4));
      return;
    default:
      throw new Error(`wasm worker: unknown task kind ${String(kind)} in slot ${slot}`);
  }
}

/** Claim and run tasks until none is left; returns how many this thread ran. */
export function drainTasks(kernels: KernelExports, table: Int32Array, work: number): number {
  let ran = 0;
  for (let slot = claimTask(table); slot >= 0; slot = claimTask(table)) {
    try {
      runTask(kernels, table, slot, work);
    } catch {
      Atomics.add(table, FAILED, 1); // a trap: finish the ticket so the job ends; the main thread throws
    }
    Atomics.add(table, DONE, 1);
    ran++;
  }
  return ran;
}
