/**
 * backends/webgpu: the WebGPU backend (WGSL compute shaders on GPU buffers). Importing this module
 * registers it as `'webgpu'` (priority 0: never chosen unless asked for, `tn.setBackend('webgpu')`)
 * with its kernels. No device is requested and, in Node, the `webgpu` package is not loaded until
 * the backend is first created.
 */
import { registerBackend, registerKernel, registerUpdateKernel } from '../../backend/index.js';
import { argReduceKernel } from './arg-reduce.js';
import { createWebGpuBackend } from './create.js';
import { binaryKernel, castKernel, unaryKernel, whereKernel } from './elementwise.js';
import { gatherKernel, scatterAddKernel } from './indexing.js';
import { matmulKernel } from './matmul.js';
import { concatKernel, expandKernel, padKernel, permuteKernel, sliceKernel } from './movement.js';
import { adamKernel, sgdKernel } from './optim.js';
import { randomKernel } from './random.js';
import { reduceKernel } from './reduce.js';
import { col2imKernel, im2colKernel, maxPoolGatherKernel, maxPoolScatterKernel } from './windows.js';

export { createWebGpuBackend, type WebGpuBackendOptions } from './create.js';
export { requestWebGpuDevice, type WebGpuDevice, type WebGpuDeviceOptions } from './gpu-device.js';
export { WebGpuBackend, WebGpuStorage, gpuStorage, GPU_BYTES_PER_ELEMENT } from './webgpu-backend.js';

registerBackend('webgpu', () => createWebGpuBackend(), 0);
registerKernel('webgpu', 'unary', unaryKernel);
registerKernel('webgpu', 'binary', binaryKernel);
registerKernel('webgpu', 'where', whereKernel);
registerKernel('webgpu', 'cast', castKernel);
registerKernel('webgpu', 'random', randomKernel);
registerKernel('webgpu', 'reduce', reduceKernel);
registerKernel('webgpu', 'argReduce', argReduceKernel);
registerKernel('webgpu', 'permute', permuteKernel);
registerKernel('webgpu', 'expand', expandKernel);
registerKernel('webgpu', 'slice', sliceKernel);
registerKernel('webgpu', 'pad', padKernel);
registerKernel('webgpu', 'concat', concatKernel);
registerKernel('webgpu', 'gather', gatherKernel);
registerKernel('webgpu', 'scatterAdd', scatterAddKernel);
registerKernel('webgpu', 'matmul', matmulKernel);
registerKernel('webgpu', 'im2col', im2colKernel);
registerKernel('webgpu', 'col2im', col2imKernel);
registerKernel('webgpu', 'maxPoolGather', maxPoolGatherKernel);
registerKernel('webgpu', 'maxPoolScatter', maxPoolScatterKernel);
registerUpdateKernel('webgpu', 'adam', adamKernel);
registerUpdateKernel('webgpu', 'sgd', sgdKernel);
