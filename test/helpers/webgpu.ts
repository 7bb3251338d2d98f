/**
 * Whether the webgpu backend can start here. Without a GPU, Dawn finds SwiftShader (Debian's chromium
 * ships its Vulkan driver) when VK_ICD_FILENAMES names it; this helper sets that variable when it is
 * unset and the file exists. Under CI (`CI=true`) a missing adapter is a failure, not a skip: CI
 * installs chromium so that the GPU suites always run there.
 */
import { existsSync } from 'node:fs';
import * as tn from 'tasknet';

/** SwiftShader's Vulkan ICD as Debian's chromium package installs it. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let probe: Promise<string | undefined> | undefined;

/**
 * Start the webgpu backend once (leaving the previously active backend active).
 * @returns undefined when it started, else why not (a node:test skip reason)
 * @throws the start error under CI
 */
export function webgpuSkipReason(): Promise<string | undefined> {
  probe ??= (async () => {
    if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const previous = tn.getBackend();
    try {
      await tn.setBackend('webgpu');
      return undefined;
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      return `no WebGPU adapter here (${error instanceof Error ? error.message.slice(0, 160) : String(error)})`;
    } finally {
      await tn.setBackend(previous);
    }
  })();
  return probe;
}

/** Run `fn` with webgpu active, then go back to the previous backend. */
export async function onGpu<T>(fn: () => Promise<T>): Promise<T> {
  const previous = tn.getBackend();
  await tn.setBackend('webgpu');
  try {
    return await fn();
  } finally {
    await tn.setBackend(previous);
  }
}
