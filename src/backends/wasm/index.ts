/**
 * backends/wasm: the WebAssembly SIMD backend. Importing this module registers the backend as
 * `'wasm'` (priority 2, above cpu: the `tasknet` entry point starts on it, see `useBestBackend`),
 * its kernels and its update kernels. The kernel module is loaded when the backend is first created.
 */
import { registerBackend, registerKernel, registerUpdateKernel } from '../../backend/index.js';
import { createWasmBackend } from './create.js';
import { binaryKernel, unaryKernel, whereKernel } from './elementwise.js';
import { fallback } from './fallback.js';
import { matmulKernel } from './matmul.js';
import {
  castKernel, concatKernel, expandKernel, gatherKernel, padKernel, permuteKernel, scatterAddKernel, sliceKernel,
} from './movement.js';
import { adamKernel, sgdKernel } from './optim.js';
import { argReduceKernel, reduceKernel } from './reduce.js';
import { col2imKernel, im2colKernel, maxPoolGatherKernel, maxPoolScatterKernel } from './windows.js';

export { createWasmBackend, type WasmBackendOptions, type WasmSource } from './create.js';
export { defaultThreadCount, MAX_THREADS } from './threads.js';
export { WasmBackend, WasmStorage, BYTES_PER_ELEMENT } from './wasm-backend.js';
export { BLOCK_ALIGN, blockSize, MemoryPool, type PoolStats } from './memory-pool.js';

registerBackend('wasm', () => createWasmBackend(), 2);
registerKernel('wasm', 'unary', unaryKernel);
registerKernel('wasm', 'binary', binaryKernel);
registerKernel('wasm', 'where', whereKernel);
registerKernel('wasm', 'cast', castKernel);
registerKernel('wasm', 'reduce', reduceKernel);
registerKernel('wasm', 'argReduce', argReduceKernel);
registerKernel('wasm', 'permute', permuteKernel);
registerKernel('wasm', 'expand', expandKernel);
registerKernel('wasm', 'slice', sliceKernel);
registerKernel('wasm', 'pad', padKernel);
registerKernel('wasm', 'concat', concatKernel);
registerKernel('wasm', 'matmul', matmulKernel);
registerKernel('wasm', 'gather', gatherKernel);
registerKernel('wasm', 'scatterAdd', scatterAddKernel);
registerKernel('wasm', 'im2col', im2colKernel);
registerKernel('wasm', 'col2im', col2imKernel);
registerKernel('wasm', 'maxPoolGather', maxPoolGatherKernel);
registerKernel('wasm', 'maxPoolScatter', maxPoolScatterKernel);
registerKernel('wasm', 'random', fallback('random'));
registerUpdateKernel('wasm', 'adam', adamKernel);
registerUpdateKernel('wasm', 'sgd', sgdKernel);
