/** Registries of backends, of the kernels each backend implements and of its optional update kernels. */
import { StateError, TasknetError } from '../core/index.js';
import type { Backend, BackendFactory } from './backend.js';
import type { KernelAttrs, KernelInputs, KernelName, OutputInfo } from './kernels.js';
import type { Storage } from './storage.js';
import type { UpdateAttrs, UpdateKernelName, UpdateTargets } from './update-kernels.js';

/** A kernel implementation: computes the output storage of kernel `K` on backend `B`. */
export type KernelFunc<K extends KernelName, B extends Backend = Backend> =
  (backend: B, inputs: KernelInputs<K>, attrs: KernelAttrs<K>, out: OutputInfo) => Storage;

/**
 * An update kernel implementation: updates `targets` of update kernel `K` in place from `grad`, on
 * backend `B`. Every storage is float32, of one size, on `B`, and the targets are distinct storages.
 */
export type UpdateKernelFunc<K extends UpdateKernelName, B extends Backend = Backend> =
  (backend: B, grad: Storage, targets: UpdateTargets<K>, attrs: UpdateAttrs<K>) => void;

const kernels = new Map<string, KernelFunc<KernelName>>();
const updateKernels = new Map<string, UpdateKernelFunc<UpdateKernelName>>();
const backendFactories = new Map<string, { factory: BackendFactory; priority: number }>();

function kernelKey(backend: string, kernel: string): string {
  return `${backend}/${kernel}`;
}

/**
 * Register the implementation of `kernel` on `backend`.
 * @throws TasknetError when that pair is already registered.
 */
export function registerKernel<K extends KernelName, B extends Backend>(
  backend: string, kernel: K, func: KernelFunc<K, B>,
): void {
  const key = kernelKey(backend, kernel);
  if (kernels.has(key)) {
    throw new TasknetError('registerKernel', `kernel '${kernel}' is already registered for backend '${backend}'`);
  }
  kernels.set(key, func as unknown as KernelFunc<KernelName>);
}

/** Remove a kernel registration (for tests and hot-swapping an implementation). */
export function unregisterKernel(backend: string, kernel: KernelName): boolean {
  return kernels.delete(kernelKey(backend, kernel));
}

/**
 * The implementation of `kernel` on `backend`.
 * @throws StateError naming the backend and kernel when none is registered.
 */
export function getKernel<K extends KernelName>(backend: string, kernel: K): KernelFunc<K> {
  const func = kernels.get(kernelKey(backend, kernel));
  if (func === undefined) {
    throw new StateError(kernel, `no kernel '${kernel}' is registered for backend '${backend}'`);
  }
  return func as unknown as KernelFunc<K>;
}

/** Names of the kernels registered for `backend`. */
export function registeredKernels(backend: string): string[] {
  const prefix = `${backend}/`;
  return [...kernels.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
}

/**
 * Register the implementation of update kernel `kernel` on `backend` (update kernels are optional:
 * the optimisers take their composite path where none is registered).
 * @throws TasknetError when that pair is already registered.
 */
export function registerUpdateKernel<K extends UpdateKernelName, B extends Backend>(
  backend: string, kernel: K, func: UpdateKernelFunc<K, B>,
): void {
  const key = kernelKey(backend, kernel);
  if (updateKernels.has(key)) {
    throw new TasknetError('registerUpdateKernel', `update kernel '${kernel}' is already registered for backend '${backend}'`);
  }
  updateKernels.set(key, func as unknown as UpdateKernelFunc<UpdateKernelName>);
}

/** Remove an update kernel registration (for tests, and to compare a fused path with its composite). */
export function unregisterUpdateKernel(backend: string, kernel: UpdateKernelName): boolean {
  return updateKernels.delete(kernelKey(backend, kernel));
}

/** The implementation of update kernel `kernel` on `backend`, or undefined when the backend has none. */
export function findUpdateKernel<K extends UpdateKernelName>(backend: string, kernel: K): UpdateKernelFunc<K> | undefined {
  return updateKernels.get(kernelKey(backend, kernel)) as UpdateKernelFunc<K> | undefined;
}

/**
 * Make a backend available under `name`; the highest `priority` wins when none is chosen.
 * @throws TasknetError when `name` is already registered.
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 0): void {
  if (backendFactories.has(name)) throw new TasknetError('registerBackend', `backend '${name}' is already registered`);
  backendFactories.set(name, { factory, priority });
}

/** The factory registered under `name`, if any. */
export function getBackendFactory(name: string): BackendFactory | undefined {
  return backendFactories.get(name)?.factory;
}

/** Registered backend names, highest priority first. */
export function registeredBackends(): string[] {
  return [...backendFactories.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([name]) => name);
}
