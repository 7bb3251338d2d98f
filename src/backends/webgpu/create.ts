/** Creating a WebGpuBackend: request a device (lazily loading Dawn in Node) and wrap it. */
import { requestWebGpuDevice, type WebGpuDeviceOptions } from './gpu-device.js';
import { WebGpuBackend } from './webgpu-backend.js';

/** Options of {@link createWebGpuBackend}. */
export type WebGpuBackendOptions = WebGpuDeviceOptions;

/**
 * A WebGPU backend on the best adapter: `navigator.gpu` in browsers, the `webgpu` npm package in Node.
 * `tn.setBackend('webgpu')` calls this with the defaults.
 * @throws StateError saying what was tried when no WebGPU implementation or adapter is found.
 * @example
 * import { createWebGpuBackend } from 'tasknet/backends/webgpu';
 * const gpu = await createWebGpuBackend({ powerPreference: 'low-power' });
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  const { device, description, owners } = await requestWebGpuDevice(options);
  return new WebGpuBackend(device, description, owners);
}
