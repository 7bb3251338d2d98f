/**
 * tasknet's WebAssembly kernels (AssemblyScript, SIMD128). Pointers are byte offsets into the
 * memory the host imports into the module; the host owns allocation (see src/backends/wasm).
 */
export { gemmF32, gemmWorkBytes } from './gemm';
export { binaryF32, binaryI32, unaryF32, whereW } from './elementwise';
export { argReduceF32, reduceF32, reduceOuterInnerF32 } from './reduce';
export { copyW, gatherW, scatterAddF32, castAny } from './memory-ops';
export { adamF32, sgdF32 } from './optim';
export { col2imF32, im2colF32, maxPoolGatherF32, maxPoolScatterF32 } from './windows';

/** First byte after the module's static data: the host's allocator starts at or after it. */
export function heapBase(): usize {
  return __heap_base;
}
