/**
 * A worker thread of the wasm backend (Node `worker_threads`). It instantiates the kernel module
 * over the backend's shared memory, reports `'ready'`, then serves jobs from the shared task
 * table until the exit flag is set: it runs tasks, spins briefly for the next job (jobs come in
 * quick succession during training), then sleeps on the generation counter.
 */
import { drainTasks, EXIT, GEN } from './parallel-tasks.js';
import type { KernelExports } from './kernel-exports.js';
import { webAssembly, type WasmMemory, type WasmModule } from './webassembly.js';

/** What the backend hands a worker. */
export interface WorkerData {
  /** The compiled kernel module (the shared-memory build). */
  readonly module: WasmModule;
  /** The backend's shared memory. */
  readonly memory: WasmMemory;
  /** The task table's SharedArrayBuffer. */
  readonly table: SharedArrayBuffer;
  /** Byte offset of this worker's GEMM scratch area in `memory`. */
  readonly work: number;
}

/** Polls of the generation counter before sleeping (a few tens of microseconds). */
const SPINS = 20000;

/** Serve jobs until the exit flag is set. */
function serve(kernels: KernelExports, table: Int32Array, work: number): void {
  for (;;) {
    const generation = Atomics.load(table, GEN);
    if (Atomics.load(table, EXIT) !== 0) return;
    drainTasks(kernels, table, work);
    let spins = SPINS;
    while (spins-- > 0 && Atomics.load(table, GEN) === generation);
    if (Atomics.load(table, GEN) === generation) Atomics.wait(table, GEN, generation);
  }
}

// Node only: a lazy import keeps this file loadable by bundlers that target browsers.
const { parentPort, workerData } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:worker_threads');
const data = workerData as WorkerData;
const instance = await webAssembly()!.instantiate(data.module, { env: { memory: data.memory } });
parentPort!.postMessage('ready');
serve(instance.exports as unknown as KernelExports, new Int32Array(data.table), data.work);
