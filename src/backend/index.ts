/**
 * backend: the Backend and Storage interfaces, kernel names with typed inputs and attributes, update kernels
 * (fused in-place optimiser steps), registries.
 */
export * from './storage.js';
export * from './backend.js';
export * from './kernels.js';
export * from './update-kernels.js';
export * from './registry.js';
export * from './infer.js';
export { windowCount, type WindowAxis } from './window-geometry.js';
export * as reference from './reference/index.js';
export type { ArrayInputs, ArrayTensor, ReferenceKernel, ReferenceUpdateKernel } from './reference/index.js';
