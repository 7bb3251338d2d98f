/** Saving and loading only a LoRA adapter's weights (peft `get_peft_model_state_dict` / `set_peft_model_state_dict`). */
import { formatShape, ShapeError, ValueError } from '../../core/index.js';
import { noGrad, tidy, type Tensor } from '../../tensor/index.js';
import { cast } from '../../ops/index.js';
import type { LoadResult, Module } from '../../nn/index.js';
import { loraAdapterNames, loraLayers } from './lora-layers.js';

/** Options of `loadLora`. */
export interface LoadLoraOptions {
  /** The adapter to load into (default `'default'`); it must exist (made by `addLora` with the same targets and rank). */
  readonly name?: string;
  /** Throw when keys are missing or unexpected (default true). Shape mismatches always throw. */
  readonly strict?: boolean;
}

function checkAdapter(model: Module, name: string, op: string): void {
  const names = loraAdapterNames(model);
  if (!names.includes(name)) {
    throw new ValueError(op, `the model has no LoRA adapter '${name}' (${names.length === 0 ? 'it has no LoRA layers' : `it has: ${names.join(', ')}`}); ` +
      'create it with addLora (same targets and rank) first');
  }
}

/**
 * One adapter's weights by dotted name, without the adapter name (as peft saves them): `fc.lora_A.weight`,
 * `fc.lora_B.weight`, `layer4.0.conv1.lora_A.weight` … The tensors are the live parameters (as `stateDict()` gives
 * them): write them out (`tn.io.saveSafetensors`) or copy them before training on.
 * @param model - a model with LoRA layers
 * @param name - the adapter (default `'default'`)
 * @throws ValueError when the model has no adapter of that name
 * @example await tn.io.saveSafetensors('fashion-lora.safetensors', tn.transfer.loraStateDict(model, 'fashion'));
 */
export function loraStateDict(model: Module, name = 'default'): Record<string, Tensor> {
  checkAdapter(model, name, 'loraStateDict');
  const out: Record<string, Tensor> = {};
  for (const [path, layer] of loraLayers(model)) {
    if (!layer.adapterNames().includes(name)) continue;
    for (const [part, dict] of [['lora_A', layer.lora_A], ['lora_B', layer.lora_B]] as const) {
      for (const [key, p] of dict.get(name).namedParameters()) out[`${path}.${part}.${key}`] = p;
    }
  }
  return out;
}

/**
 * Copy saved adapter weights (from `loraStateDict`, possibly of another adapter name or another copy of the model)
 * into the adapter `options.name`; the base weights are untouched.
 * @param model - a model holding the adapter
 * @param stateDict - `path.lora_A.weight`/`path.lora_B.weight` tensors
 * @param options - `name` (default `'default'`), `strict` (default true)
 * @returns the missing and unexpected keys
 * @throws ValueError when the adapter does not exist or (strict) keys are missing or unexpected; ShapeError when a
 *   shape differs (another rank); StateError when a layer has the adapter merged
 * @example tn.transfer.loadLora(model, await tn.io.loadSafetensors('fashion-lora.safetensors'), {name: 'fashion'});
 */
export function loadLora(model: Module, stateDict: Readonly<Record<string, Tensor>>, options: LoadLoraOptions = {}): LoadResult {
  const name = options.name ?? 'default';
  checkAdapter(model, name, 'loadLora');
  const own = loraStateDict(model, name);
  for (const [, layer] of loraLayers(model)) if (layer.mergedAdapters.includes(name)) layer.assertUnmerged('loadLora');
  const missingKeys = Object.keys(own).filter((k) => !(k in stateDict));
  const unexpectedKeys = Object.keys(stateDict).filter((k) => !(k in own));
  if ((options.strict ?? true) && missingKeys.length + unexpectedKeys.length > 0) {
    const problems = [
      ...(missingKeys.length > 0 ? [`missing key(s): ${missingKeys.join(', ')}`] : []),
      ...(unexpectedKeys.length > 0 ? [`unexpected key(s): ${unexpectedKeys.join(', ')}`] : []),
    ];
    throw new ValueError('loadLora', `the state dict does not fit adapter '${name}': ${problems.join('; ')}`);
  }
  for (const [key, target] of Object.entries(own)) {
    const source = stateDict[key];
    if (source !== undefined && (source.shape.length !== target.shape.length || source.shape.some((d, i) => d !== target.shape[i]))) {
      throw new ShapeError('loadLora', `'${key}' has shape ${formatShape(source.shape)} in the state dict, the adapter's is ${formatShape(target.shape)} (another rank?)`);
    }
  }
  noGrad(() => tidy(() => {
    for (const [key, target] of Object.entries(own)) {
      const source = stateDict[key];
      if (source !== undefined) target.assign(cast(source, target.dtype));
    }
  }));
  return { missingKeys, unexpectedKeys };
}
