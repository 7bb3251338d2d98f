/** Reading a Keras layer's config values, with errors that name the layer, the key and what was found. */
import { ValueError } from '../../core/index.js';
import type { KerasLayerSpec } from './topology.js';

/**
 * The error location of a layer.
 * @example layerOp(layer) // "Keras Conv2D 'Conv1'"
 */
export function layerOp(layer: KerasLayerSpec): string {
  return `Keras ${layer.className} '${layer.name}'`;
}

/**
 * A config error for `layer`, naming the key, what it must be and what was found.
 * @example throw configError(layer, 'padding', "'same' or 'valid'"); // Keras Conv2D 'Conv1': config "padding" must be …, found "causal"
 */
export function configError(layer: KerasLayerSpec, key: string, expected: string, value: unknown = layer.config[key]): ValueError {
  return new ValueError(layerOp(layer), `config "${key}" must be ${expected}, found ${JSON.stringify(value)}`);
}

/**
 * A number (default when absent or null).
 * @example const eps = configNumber(layer, 'epsilon', 1e-3);
 */
export function configNumber(layer: KerasLayerSpec, key: string, fallback?: number): number {
  const value = layer.config[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw configError(layer, key, 'a finite number');
  return value;
}

/**
 * A boolean (default when absent).
 * @example const bias = configBool(layer, 'use_bias', true);
 */
export function configBool(layer: KerasLayerSpec, key: string, fallback: boolean): boolean {
  const value = layer.config[key] ?? fallback;
  if (typeof value !== 'boolean') throw configError(layer, key, 'true or false');
  return value;
}

/**
 * One of `allowed` (default when absent).
 * @example const padding = configChoice(layer, 'padding', ['valid', 'same'], 'valid');
 */
export function configChoice<T extends string>(layer: KerasLayerSpec, key: string, allowed: readonly T[], fallback?: T): T {
  const value = layer.config[key] ?? fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) throw configError(layer, key, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
  return value as T;
}

/**
 * A pair of positive integers: `n` or `[a, b]` (default when absent).
 * @example const [sh, sw] = configPair(layer, 'strides', 1);
 */
export function configPair(layer: KerasLayerSpec, key: string, fallback?: number | readonly number[]): [number, number] {
  const value = layer.config[key] ?? fallback;
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= 1)) {
    throw configError(layer, key, 'a positive integer or a pair of them');
  }
  return [pair[0] as number, pair[1] as number];
}

/**
 * Reject what the importer cannot run: a `data_format` other than channels_last.
 * @example requireChannelsLast(layer); // throws for data_format 'channels_first'
 */
export function requireChannelsLast(layer: KerasLayerSpec): void {
  const format = layer.config.data_format;
  if (format !== undefined && format !== null && format !== 'channels_last') {
    throw configError(layer, 'data_format', "'channels_last' (the only layout the importer reads)");
  }
}
