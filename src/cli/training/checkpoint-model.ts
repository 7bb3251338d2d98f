/** A classifier rebuilt from a tasknet checkpoint, with what tasknet stores beside its weights. */
import { dispose } from '../../tensor/index.js';
import { createModel } from '../../models/index.js';
import { loadCheckpoint } from '../../io/index.js';
import { freeze } from '../../transfer/index.js';
import { CliError, EXIT } from '../errors.js';
import { checkpointBase, readModelCheckpoint, type SourceModel } from '../transfer/source-model.js';
import type { Classifier } from '../transfer/methods.js';
import { readsRows } from './build.js';

/** A checkpointed classifier ready to predict. */
export interface CheckpointModel extends SourceModel {
  readonly model: Classifier;
  /** Whether images are flattened to rows first. */
  readonly flatten: boolean;
  /** The checkpoint's base path. */
  readonly base: string;
  /** The checkpoint's other JSON (epoch, logs, method …). */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * Load a checkpoint (base path, `.json`/`.safetensors` file, or run folder) and rebuild its model in eval mode, with
 * the parameters saved as frozen frozen again.
 * @throws CliError: missing (exit 4) or unreadable / not a model checkpoint (exit 5).
 */
export async function loadCheckpointModel(given: string, cwd: string): Promise<CheckpointModel> {
  const base = await checkpointBase(given, cwd);
  const source = await readModelCheckpoint(base);
  const model = createModel(source.config) as Classifier;
  try {
    model.loadStateDict(source.weights, { strict: true });
  } catch (e) {
    throw new CliError(`${base}: the weights do not fit the saved architecture '${source.config.name}': ${(e as Error).message}`, EXIT.badCheckpoint);
  } finally {
    dispose(Object.values(source.weights));
  }
  const ckpt = await loadCheckpoint(base);
  dispose(Object.values(ckpt.weights));
  const extra = ckpt.extra;
  const frozen = extra.frozen;
  if (Array.isArray(frozen) && frozen.length > 0) freeze(model, frozen as string[]);
  model.eval();
  return { ...source, weights: {}, model, flatten: readsRows(source.config), base, extra };
}
