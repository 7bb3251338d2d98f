/**
 * The worker threads of a wasm backend: each instantiates the shared-memory kernel module over
 * the backend's memory and serves jobs from a shared task table (see parallel-tasks.ts). The
 * main thread publishes a job, runs tasks itself alongside the workers, and returns when every
 * task is done, so kernels stay synchronous. Node only (`worker_threads`) for now; workers are
 * unref'd, so they never keep a process alive.
 */
import { StateError } from '../../core/index.js';
import type { KernelExports } from './kernel-exports.js';
import { BASE, DONE, drainTasks, END, EXIT, FAILED, GEN, MAX_TASKS, TABLE_BYTES, TASK_INTS, TASKS_AT } from './parallel-tasks.js';
import type { WasmMemory, WasmModule } from './webassembly.js';
import type { WorkerData } from './worker.js';

/** The parts of a Node `Worker` the pool uses. */
interface NodeWorker {
  once(event: 'message' | 'error' | 'exit', listener: (value: unknown) => void): void;
  removeAllListeners(): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** Writes task `index` of a job: its record starts at `table[at]` (kind, then arguments). */
export type TaskWriter = (table: Int32Array, at: number, index: number) => void;

/** Start one worker and wait for its `'ready'`. */
async function startWorker(data: WorkerData): Promise<NodeWorker> {
  const { Worker } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:worker_threads');
  // execArgv: [] — the process's flags (such as --input-type) need not make sense for a worker
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: data, execArgv: [] }) as unknown as NodeWorker;
  worker.unref();
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', (error) => reject(new StateError('wasm', `a worker thread failed to start: ${String(error)}`)));
    worker.once('exit', (code) => reject(new StateError('wasm', `a worker thread exited while starting (code ${String(code)})`)));
  });
  worker.removeAllListeners();
  return worker;
}

/** Worker threads sharing a wasm backend's memory, with the main thread as one more thread. */
export class ThreadPool {
  readonly #table: Int32Array;
  readonly #workers: NodeWorker[];

  private constructor(table: Int32Array, workers: NodeWorker[]) {
    this.#table = table;
    this.#workers = workers;
  }

  /**
   * Start `workAreas.length` workers over `memory`.
   * @param module - the shared-memory kernel module
   * @param memory - the backend's shared memory
   * @param workAreas - one GEMM scratch area (byte offset in `memory`) per worker
   * @throws StateError when a worker cannot start (every started one is stopped again).
   */
  static async start(module: WasmModule, memory: WasmMemory, workAreas: readonly number[]): Promise<ThreadPool> {
    const shared = new SharedArrayBuffer(TABLE_BYTES);
    const started = await Promise.allSettled(workAreas.map((work) => startWorker({ module, memory, table: shared, work })));
    const workers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const pool = new ThreadPool(new Int32Array(shared), workers);
    if (failure !== undefined) {
      await pool.stop();
      throw failure.reason;
    }
    return pool;
  }

  /** Threads that run tasks: the workers and the calling thread. */
  get threads(): number {
    return this.#workers.length + 1;
  }

  /**
   * Run `count` independent tasks on every thread and return when all are done; `write` fills
   * their records. Jobs of more than MAX_TASKS tasks run in several rounds.
   * @param kernels - the main thread's kernel exports
   * @param work - the main thread's GEMM scratch area
   * @throws StateError when a task trapped.
   */
  run(kernels: KernelExports, work: number, count: number, write: TaskWriter): void {
    const table = this.#table;
    for (let first = 0; first < count; first += MAX_TASKS) {
      const size = Math.min(MAX_TASKS, count - first);
      const base = Atomics.load(table, END);
      for (let i = 0; i < size; i++) write(table, TASKS_AT + i * TASK_INTS, first + i);
      Atomics.store(table, BASE, base);
      const end = (base + size) | 0;
      Atomics.store(table, END, end);
      Atomics.add(table, GEN, 1);
      Atomics.notify(table, GEN);
      drainTasks(kernels, table, work);
      while (Atomics.load(table, DONE) !== end); // the workers finish their last tasks
    }
    const failed = Atomics.exchange(table, FAILED, 0);
    if (failed > 0) throw new StateError('wasm', `${failed} parallel task(s) trapped (out-of-bounds memory access?)`);
  }

  /** Stop the workers. */
  async stop(): Promise<void> {
    Atomics.store(this.#table, EXIT, 1);
    Atomics.add(this.#table, GEN, 1);
    Atomics.notify(this.#table, GEN);
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers.length = 0;
  }
}
