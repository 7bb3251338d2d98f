/**
 * Finding a WebGPU device: the browser's `navigator.gpu`, or in Node the npm package `webgpu`
 * (Google's Dawn, prebuilt inside the package), imported only when a device is asked for so that
 * programs that never use the GPU never load it.
 */
import { StateError } from '../../core/index.js';

/** Options of {@link requestWebGpuDevice} (and of `createWebGpuBackend`). */
export interface WebGpuDeviceOptions {
  /** Adapter preference passed to `requestAdapter` (default `'high-performance'`). */
  readonly powerPreference?: GPUPowerPreference;
  /** A `GPU` object to use instead of `navigator.gpu` or the `webgpu` package (tests, custom builds). */
  readonly gpu?: GPU;
  /** Dawn toggles for the `webgpu` package's `create` (Node only), e.g. `['enable-dawn-features=…']`. */
  readonly dawnFlags?: readonly string[];
}

/** A device and what it is. */
export interface WebGpuDevice {
  /** The device kernels run on. */
  readonly device: GPUDevice;
  /** The adapter's description ("NVIDIA H100 …", "SwiftShader Device …"). */
  readonly description: string;
  /** Where the `GPU` object came from. */
  readonly source: 'navigator.gpu' | 'webgpu package' | 'given';
  /**
   * The `GPU` and adapter the device came from. Whoever holds the device must hold these too: when
   * Dawn's Node instance is garbage-collected, pending mappings never resolve and the process was
   * seen to hang or abort (this is why a plain script could stop without output).
   */
  readonly owners: readonly [GPU, GPUAdapter];
}

/** The limits worth raising to the adapter's maximum: large tensors need large storage buffers. */
const RAISED_LIMITS = [
  'maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxStorageBuffersPerShaderStage',
] as const;

type WebGpuPackage = { create(flags: string[]): GPU; globals: Record<string, unknown> };

/** The `webgpu` package, imported lazily and with its name hidden from bundlers (it is Node only). */
async function importWebGpuPackage(): Promise<WebGpuPackage> {
  const name = 'webgpu';
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ name)) as WebGpuPackage;
}

/** `navigator.gpu`, or a GPU from the `webgpu` package; what was tried goes into `tried`. */
async function findGpu(options: WebGpuDeviceOptions, tried: string[]): Promise<{ gpu: GPU; source: WebGpuDevice['source'] }> {
  if (options.gpu !== undefined) return { gpu: options.gpu, source: 'given' };
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu !== undefined) return { gpu: nav.gpu, source: 'navigator.gpu' };
  tried.push('navigator.gpu (absent)');
  let pkg: WebGpuPackage;
  try {
    pkg = await importWebGpuPackage();
  } catch (error) {
    tried.push(`the npm package 'webgpu' (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    throw new StateError('webgpu', `no WebGPU implementation found; tried ${tried.join(', ')}. ` +
      "In Node, install Dawn's bindings with `npm install webgpu`; in a browser, use one with WebGPU enabled");
  }
  // The package's classes (GPUBufferUsage, GPUMapMode …) are the globals WebGPU code expects.
  for (const [key, value] of Object.entries(pkg.globals)) {
    if (!(key in globalThis)) (globalThis as Record<string, unknown>)[key] = value;
  }
  return { gpu: pkg.create([...(options.dawnFlags ?? [])]), source: 'webgpu package' };
}

/** Limits to request: the adapter's own maximum for those that bound tensor sizes. */
function raisedLimits(adapter: GPUAdapter): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') limits[name] = value;
  }
  return limits;
}

/**
 * Request an adapter and a device with raised buffer limits.
 * @throws StateError saying what was tried when there is no WebGPU or no adapter.
 */
export async function requestWebGpuDevice(options: WebGpuDeviceOptions = {}): Promise<WebGpuDevice> {
  const tried: string[] = [];
  const { gpu, source } = await findGpu(options, tried);
  const powerPreference = options.powerPreference ?? 'high-performance';
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (adapter === null) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const icd = env?.VK_ICD_FILENAMES;
    throw new StateError('webgpu', `no WebGPU adapter: ${source}.requestAdapter({powerPreference: '${powerPreference}'}) ` +
      `returned null${tried.length > 0 ? ` (before it: ${tried.join(', ')})` : ''}. ` +
      (icd !== undefined ? `VK_ICD_FILENAMES is ${icd}. ` : '') +
      'A GPU needs its Vulkan driver; without one, SwiftShader works: ' +
      'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (Debian package chromium)');
  }
  const device = await adapter.requestDevice({ requiredLimits: raisedLimits(adapter) });
  const info = adapter.info;
  const description = info.description !== '' ? info.description
    : [info.vendor, info.architecture, info.device].filter((s) => s !== '').join(' ') || 'unknown adapter';
  return { device, description, source, owners: [gpu, adapter] };
}
