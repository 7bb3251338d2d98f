/** addLora: wrap a model's Linear and Conv2d layers, chosen by name globs, with a named LoRA adapter (peft `get_peft_model`). */
import { ValueError } from '../../core/index.js';
import { Conv2d, globToRegExp, Linear, matchesName, type Module } from '../../nn/index.js';
import { freeze, unfreeze } from '../freeze.js';
import { replaceHead } from '../replace-head.js';
import type { NamePatterns } from '../select-by-name.js';
import { countParameters, type ParameterCounts } from '../count-parameters.js';
import { checkLoraConfig, LoraLayer } from './lora-layer.js';
import { LoraLinear } from './lora-linear.js';
import { LoraConv2d } from './lora-conv2d.js';
import { setAdapter } from './lora-layers.js';

/** Options of `addLora` (peft `LoraConfig`, camelCase). */
export interface AddLoraOptions {
  /** Module name globs of the layers to adapt (Linear and Conv2d among them): `['**.fc*', 'layer4.**']`. */
  readonly targets: NamePatterns;
  /** r, the rank (default 8, as peft). */
  readonly rank?: number;
  /** alpha: updates are scaled by alpha/r (default 8, as peft). */
  readonly alpha?: number;
  /** Dropout on the adapter's input (default 0). */
  readonly dropout?: number;
  /** The adapter's name (default `'default'`). */
  readonly name?: string;
  /** Scale by alpha/√r instead (rank-stabilised LoRA; default false). */
  readonly useRslora?: boolean;
  /** Name globs of parameters that keep training besides the adapter, e.g. a new head (peft `modules_to_save`). */
  readonly trainable?: NamePatterns;
  /** What `freeze` does with frozen BatchNorms' running statistics: `'eval'` (default, kept) or `'train'`. */
  readonly batchNorm?: 'eval' | 'train';
}

/** What `addLora` did. */
export interface LoraReport {
  /** The adapter's name. */
  readonly name: string;
  /** The adapted layers' dotted paths. */
  readonly layers: string[];
  /** Elements of the new adapter's A and B matrices. */
  readonly adapterParameters: number;
  /** The model's parameter counts afterwards (trainable: the adapter plus `trainable`). */
  readonly counts: ParameterCounts;
}

/** Linear, Conv2d and LoRA layers by dotted path (not inside a LoRA layer; the root excluded). */
function candidates(model: Module): [string, Module][] {
  const out: [string, Module][] = [];
  const visit = (m: Module, prefix: string): void => {
    for (const [name, child] of m.namedChildren()) {
      const path = prefix === '' ? name : `${prefix}.${name}`;
      if (child instanceof LoraLayer || child instanceof Linear || child instanceof Conv2d) out.push([path, child]);
      else visit(child, path);
    }
  };
  visit(model, '');
  return out;
}

function targeted(model: Module, targets: NamePatterns): [string, Module][] {
  const list = typeof targets === 'string' ? [targets] : [...(targets ?? [])];
  if (list.length === 0) throw new ValueError('addLora', 'expected target name patterns (e.g. \'**.fc\', \'layer4.**\'), found none');
  const all = candidates(model);
  if (all.length === 0) throw new ValueError('addLora', `${model.constructor.name} has no Linear or Conv2d layer to adapt`);
  const chosen = new Set<Module>();
  for (const pattern of list) {
    const glob = globToRegExp(pattern, 'addLora');
    const hits = all.filter(([path]) => matchesName(glob, path));
    if (hits.length === 0) {
      const names = all.map(([n]) => n);
      throw new ValueError('addLora', `target '${pattern}' matches no Linear or Conv2d layer of ${model.constructor.name}; ` +
        `they are: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, … (${names.length} in all)` : ''}`);
    }
    for (const [, m] of hits) chosen.add(m);
  }
  return all.filter(([, m]) => chosen.has(m));
}

/**
 * Add a LoRA adapter (Hu et al. 2021) to the Linear and Conv2d layers whose dotted names match `targets`: each is
 * replaced in place by a LoraLinear/LoraConv2d holding it as `base_layer` (a layer adapted before gets the new adapter
 * beside its others). Then every parameter of the model is frozen (`transfer.freeze`, BatchNorm statistics
 * included) except the new adapter's A and B and the `trainable` patterns, and the new adapter becomes the only
 * active one. At the start the model's outputs are unchanged (B = 0). State-dict keys of an adapted layer follow
 * peft (`fc.base_layer.weight`, `fc.lora_A.default.weight` …); save just the adapter with `loraStateDict`.
 * An optimiser built before does not hold the adapter: build it afterwards (over `model.parameters()`).
 * @param model - the model, changed in place
 * @param options - targets, rank, alpha, dropout, name, useRslora, trainable, batchNorm
 * @returns the adapted paths and the parameter counts
 * @throws ValueError when a target matches no Linear/Conv2d layer, the name is taken, a hyper-parameter is out of range
 *   or a Conv2d is grouped (nothing is changed then)
 * @example
 * const report = tn.transfer.addLora(resnet, {targets: ['layer4.**', 'fc'], rank: 8, alpha: 16, dropout: 0.1});
 * console.log(tn.transfer.formatParameterCounts(report.counts)); // trainable params: 90,122 || all params: …
 */
export function addLora(model: Module, options: AddLoraOptions): LoraReport {
  const name = options?.name ?? 'default';
  if (typeof name !== 'string' || !/^[A-Za-z_][\w-]*$/.test(name)) {
    throw new ValueError('addLora', `the adapter name must be a word (letters, digits, _ or -), found ${JSON.stringify(name)}`);
  }
  const config = { rank: options.rank ?? 8, alpha: options.alpha ?? 8, dropout: options.dropout ?? 0, useRslora: options.useRslora ?? false };
  const layers = targeted(model, options.targets);
  for (const [path, m] of layers) {
    if (m instanceof LoraLayer && m.adapterNames().includes(name)) throw new ValueError('addLora', `'${path}' already has an adapter named '${name}'`);
    if (m instanceof Conv2d && m.groups !== 1) throw new ValueError('addLora', `'${path}' is a grouped convolution (groups=${m.groups}), which LoRA does not support`);
  }
  checkLoraConfig('addLora', config);
  let adapterParameters = 0;
  for (const [path, m] of layers) {
    const layer = m instanceof LoraLayer ? m : m instanceof Conv2d ? new LoraConv2d(m) : new LoraLinear(m as Linear);
    if (layer !== m) replaceHead(model, path, layer);
    layer.addAdapter(name, config);
    adapterParameters += [layer.lora_A.get(name), layer.lora_B.get(name)].reduce((n, mod) => n + mod.numParameters(), 0);
  }
  freeze(model, undefined, { batchNorm: options.batchNorm ?? 'eval' });
  setAdapter(model, name);
  if (options.trainable !== undefined) unfreeze(model, options.trainable);
  return { name, layers: layers.map(([path]) => path), adapterParameters, counts: countParameters(model) };
}
