/** Model configs: every ready architecture can be rebuilt from a plain JSON config (for checkpoints and the CLI). */
import { ValueError } from '../core/index.js';
import type { Module } from '../nn/index.js';

/** A JSON description of a model: its architecture name and constructor options. */
export interface ModelConfig {
  /** Architecture name, e.g. `'mlp'`, `'lenet5'`. */
  readonly name: string;
  /** Constructor options (JSON-serialisable). */
  readonly [option: string]: unknown;
}

/** A model that knows its config. */
export interface Configurable {
  /** The config that rebuilds this model (with fresh weights). */
  readonly config: ModelConfig;
}

const builders = new Map<string, (config: ModelConfig) => Module>();

/**
 * Register an architecture under `name` so `createModel({name, ...})` can rebuild it.
 * @throws ValueError when the name is taken.
 */
export function registerModel(name: string, build: (config: ModelConfig) => Module): void {
  if (builders.has(name)) throw new ValueError('registerModel', `a model named '${name}' is already registered`);
  builders.set(name, build);
}

/**
 * Build a model from its config (fresh weights; load a state dict afterwards).
 * @throws ValueError naming the known architectures when `config.name` is unknown.
 */
export function createModel(config: ModelConfig): Module {
  const build = builders.get(config.name);
  if (build === undefined) {
    throw new ValueError('createModel', `unknown model '${config.name}' (known: ${[...builders.keys()].sort().join(', ')})`);
  }
  return build(config);
}

/** Names of the registered architectures. */
export function registeredModels(): string[] {
  return [...builders.keys()].sort();
}
