/** Finding a model's LoRA layers, and switching, merging, unmerging and unloading its adapters. */
import { ValueError } from '../../core/index.js';
import type { Module } from '../../nn/index.js';
import { replaceHead } from '../replace-head.js';
import { LoraLayer } from './lora-layer.js';

/**
 * Every LoRA layer of a model with its dotted path, in `namedModules()` order.
 * @example tn.transfer.loraLayers(model).map(([path]) => path) // ['layer4.0.conv1', …, 'fc']
 */
export function loraLayers(model: Module): [string, LoraLayer][] {
  return model.namedModules().filter((e): e is [string, LoraLayer] => e[1] instanceof LoraLayer);
}

/**
 * The names of the model's adapters, in the order met (LoRA layers in `namedModules()` order, each layer's adapters
 * in the order they were added to it).
 * @example tn.transfer.loraAdapterNames(model) // ['default', 'fashion']
 */
export function loraAdapterNames(model: Module): string[] {
  return [...new Set(loraLayers(model).flatMap(([, layer]) => layer.adapterNames()))];
}

function layersOrThrow(model: Module, op: string): [string, LoraLayer][] {
  const layers = loraLayers(model);
  if (layers.length === 0) throw new ValueError(op, `${model.constructor.name} has no LoRA layers (add them with addLora)`);
  return layers;
}

/**
 * Choose which adapters run (peft `set_adapter`): forward adds the named ones (in each layer that has them), they
 * train, every other adapter is frozen; `null` (or `[]`) disables them all, leaving the base model. Merged layers
 * are unmerged first. The base weights stay as they are (frozen by `addLora`).
 * @param model - a model with LoRA layers
 * @param names - one adapter, several (their updates add up), or null for none
 * @throws ValueError when the model has no LoRA layers or no adapter of a given name
 * @example
 * tn.transfer.setAdapter(model, 'fashion');
 * tn.transfer.setAdapter(model, null); // the base model alone
 */
export function setAdapter(model: Module, names: string | readonly string[] | null): void {
  const layers = layersOrThrow(model, 'setAdapter');
  const list = names === null ? [] : typeof names === 'string' ? [names] : [...names];
  const known = loraAdapterNames(model);
  for (const name of list) {
    if (!known.includes(name)) throw new ValueError('setAdapter', `the model has no LoRA adapter '${name}' (it has: ${known.join(', ')})`);
  }
  for (const [, layer] of layers) layer.setActive(list);
}

/**
 * The active adapters, as the first LoRA layer holding any reports them (every layer follows `setAdapter`).
 * @example tn.transfer.activeAdapters(model) // ['default']
 */
export function activeAdapters(model: Module): string[] {
  const active = new Set(loraLayers(model).flatMap(([, layer]) => layer.activeAdapters));
  return loraAdapterNames(model).filter((n) => active.has(n));
}

/**
 * Fold the active adapters into the base weights of every LoRA layer (W ← W + (alpha/r)·B·A): forward then costs
 * what the base model costs and gives the same outputs (within float rounding). Undo with `unmergeLora`.
 * @throws ValueError when the model has no LoRA layers
 * @example tn.transfer.mergeLora(model); const fast = model.forward(x); tn.transfer.unmergeLora(model);
 */
export function mergeLora(model: Module): void {
  for (const [, layer] of layersOrThrow(model, 'mergeLora')) layer.merge();
}

/**
 * Take every merged adapter out of the base weights again (W ← W − ΔW), so adapters can train or switch.
 * @throws ValueError when the model has no LoRA layers
 * @example tn.transfer.unmergeLora(model);
 */
export function unmergeLora(model: Module): void {
  for (const [, layer] of layersOrThrow(model, 'unmergeLora')) layer.unmerge();
}

/** Options of `unloadLora`. */
export interface UnloadLoraOptions {
  /** Fold the active adapters into the base weights first (default true: peft `merge_and_unload`); false drops them. */
  readonly merge?: boolean;
}

/**
 * Put each LoRA layer's base layer back in its place (peft `merge_and_unload` / `unload`): the model regains its
 * original structure and state-dict keys (`fc.weight` again), with the active adapters merged into the weights unless
 * `merge` is false. The base weights keep their `requiresGrad` (frozen by `addLora`: unfreeze to train them).
 * @returns the paths of the layers put back
 * @throws ValueError when the model has no LoRA layers
 * @example tn.transfer.unloadLora(model); await tn.io.saveSafetensors('fine-tuned.safetensors', model.stateDict());
 */
export function unloadLora(model: Module, options: UnloadLoraOptions = {}): string[] {
  const layers = layersOrThrow(model, 'unloadLora');
  for (const [path, layer] of layers) {
    layer.unmerge();
    if (options.merge ?? true) layer.merge();
    replaceHead(model, path, layer.base_layer);
  }
  return layers.map(([path]) => path);
}
