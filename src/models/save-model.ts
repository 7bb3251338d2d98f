/**
 * saveModel / loadModel: a ready model's weights and config in one checkpoint, rebuilt later (or in another
 * process) with `createModel` and a strict `loadStateDict`. Node.js only (files).
 */
import { ValueError } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';
import type { Module } from '../nn/index.js';
import { CheckpointError, loadCheckpoint, saveCheckpoint, type SaveCheckpointOptions } from '../io/index.js';
import { createModel, type Configurable, type ModelConfig } from './registry.js';

/** A model rebuilt by {@link loadModel}: a Module with its config and a one-tensor forward. */
export type LoadedModel = Module & Configurable & { forward(x: Tensor): Tensor };

/** Options of {@link saveModel}. */
export interface SaveModelOptions extends SaveCheckpointOptions {
  /** More JSON to keep with the model (class names, preprocessing, metrics …); read back with `tn.io.loadCheckpoint`. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

function configOf(model: unknown): ModelConfig | undefined {
  if (model === null || typeof model !== 'object' || !('config' in model)) return undefined;
  const config = (model as { config: unknown }).config;
  if (config === null || typeof config !== 'object' || typeof (config as { name?: unknown }).name !== 'string') return undefined;
  return config as ModelConfig;
}

/**
 * Save a ready model (one with a `config`, such as every `tn.models` architecture): its state dict goes to
 * `<path>.safetensors`, its config to `<path>.json` (as `extra.config`), atomically (see `tn.io.saveCheckpoint`).
 * @param path - base path (`.safetensors` and `.json` are appended)
 * @param model - a Module with a `config` that `createModel` can rebuild
 * @param options - `extra` JSON, `fsync`
 * @throws ValueError when the model has no config.
 * @example
 * await tn.models.saveModel('runs/mlp', new tn.models.MLP([784, 128, 10]));
 */
export async function saveModel(path: string, model: Module & Partial<Configurable>, options: SaveModelOptions = {}): Promise<void> {
  const config = configOf(model);
  if (config === undefined) {
    throw new ValueError('saveModel', `${model?.constructor?.name ?? typeof model} has no config ({name, ...options}) to rebuild it from; ` +
      'save its weights alone with tn.io.saveCheckpoint(path, {weights: model.stateDict()})');
  }
  const { extra, ...rest } = options;
  await saveCheckpoint(path, { weights: model.stateDict(), extra: { ...extra, config } }, rest);
}

/**
 * Rebuild a model saved by {@link saveModel} (or by `ModelCheckpoint` with a config): `createModel(config)`,
 * then a strict `loadStateDict` of the saved weights. The model comes back in training mode; call `eval()`
 * before predicting with dropout or batch normalisation.
 * @param path - base path of the checkpoint
 * @returns the model with its weights
 * @throws CheckpointError when the checkpoint is missing, incomplete, corrupt or mismatched; ValueError when it
 *   has no config or the config names an unknown architecture, or when the weights do not fit the architecture
 *   (the message lists the missing, unexpected and mis-shaped keys).
 * @example
 * const model = await tn.models.loadModel('runs/mlp'); model.eval();
 * const logits = model.forward(x);
 */
export async function loadModel<M extends Module = LoadedModel>(path: string): Promise<M> {
  const op = 'loadModel';
  const checkpoint = await loadCheckpoint(path);
  const owned: Tensor[] = [...Object.values(checkpoint.weights)];
  for (const entry of Object.values(checkpoint.optimizer?.state ?? {})) {
    for (const value of Object.values(entry)) if (value !== null && typeof value === 'object') owned.push(value);
  }
  try {
    const config = checkpoint.extra.config;
    if (config === null || typeof config !== 'object' || typeof (config as { name?: unknown }).name !== 'string') {
      throw new CheckpointError(op, 'corrupt', path, `${path} has no model config (extra.config with a name): it holds weights only; ` +
        'build the model yourself and load them with tn.io.loadCheckpoint + model.loadStateDict');
    }
    let model: Module;
    try {
      model = createModel(config as ModelConfig);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ValueError(op, `${path}: cannot rebuild the model from its config ${JSON.stringify(config)}: ${message}`);
    }
    try {
      model.loadStateDict(checkpoint.weights, { strict: true });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ValueError(op, `${path}: the saved weights do not fit the architecture its config builds ` +
        `(${JSON.stringify(config)}); was the checkpoint written for another model?\n${message}`);
    }
    return model as M;
  } finally {
    for (const t of owned) t.dispose();
  }
}
