/** Discriminative learning rates: optimiser parameter groups per block (layer-wise decay) or per name pattern. */
import { ValueError } from '../core/index.js';
import type { Module, Parameter } from '../nn/index.js';
import { selectByName, type NamePatterns } from './select-by-name.js';

/**
 * A parameter group for any tasknet optimiser (`new tn.optim.AdamW(groups, {lr})`): its parameters, its lr, and a
 * `name` (the patterns that chose it) that the optimiser keeps alongside, as PyTorch keeps extra group keys.
 */
export interface LrGroup {
  /** The patterns that selected the group (`'layer4'`, `'backbone.**'`, `'(default)'`). */
  name: string;
  /** The group's learning rate. */
  lr: number;
  /** Its parameters, in `namedParameters()` order. */
  params: Parameter[];
}

/** Options shared by `layerwiseLrGroups` and `prefixLrGroups`. */
export interface LrGroupOptions {
  /** Only parameters with `requiresGrad` (default false: frozen ones too, so that unfreezing later trains them). */
  readonly trainableOnly?: boolean;
}

/** Options of `layerwiseLrGroups`. */
export interface LayerwiseLrOptions extends LrGroupOptions {
  /** The lr of the top (last) block. */
  readonly lr: number;
  /** Factor per block going down, > 0 (ULMFiT uses 1/2.6; 1 gives every block `lr`). */
  readonly decay: number;
  /**
   * The blocks, bottom first, each as name globs (`'layer4'`, `['conv1', 'bn1']`, `'encoder.layer.*'` …); default:
   * the model's top-level children that hold parameters, in order.
   */
  readonly layers?: readonly NamePatterns[];
}

/** `prefixLrGroups`' patterns and lrs as [globs, lr] pairs, in group order. */
export type PrefixLrPairs = readonly (readonly [NamePatterns, number])[];

/**
 * `prefixLrGroups`' patterns and lrs: an object glob → lr (`{'backbone.**': 1e-4, 'head.**': 1e-2}`; note that
 * JavaScript lists integer-like keys such as `'3'` first), or [globs, lr] pairs, in group order.
 */
export type PrefixLrs = Readonly<Record<string, number>> | PrefixLrPairs;

/** Options of `prefixLrGroups`. */
export interface PrefixLrOptions extends LrGroupOptions {
  /** The lr of a last group holding every parameter no pattern covers. */
  readonly default?: number;
  /** Throw when a parameter is covered by no pattern and there is no `default` (default true); else leave it out. */
  readonly strict?: boolean;
}

function checkLr(op: string, what: string, lr: unknown): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) throw new ValueError(op, `${what} must be a finite number ≥ 0, found ${String(lr)}`);
  return lr;
}

function label(patterns: NamePatterns): string {
  return typeof patterns === 'string' ? patterns : patterns.join(' + ');
}

/** The parameters each entry covers, checking that none is covered twice; and those no entry covers. */
function partition(model: Module, entries: readonly NamePatterns[], op: string, trainableOnly: boolean): { chosen: Parameter[][]; rest: string[]; restParams: Parameter[] } {
  const owner = new Map<Parameter, number>();
  const keep = (p: Parameter): boolean => !trainableOnly || p.requiresGrad;
  const chosen = entries.map((patterns, i) => selectByName(model, patterns, op).parameters.filter(([, p]) => keep(p)).map(([name, p]) => {
    const other = owner.get(p);
    if (other !== undefined) {
      throw new ValueError(op, `parameter '${name}' is covered by both '${label(entries[other] as NamePatterns)}' and '${label(patterns)}' (each parameter must be in exactly one group)`);
    }
    owner.set(p, i);
    return p;
  }));
  const left = model.namedParameters().filter(([, p]) => keep(p) && !owner.has(p));
  return { chosen, rest: left.map(([n]) => n), restParams: left.map(([, p]) => p) };
}

function listNames(names: readonly string[]): string {
  return `${names.slice(0, 6).join(', ')}${names.length > 6 ? `, … (${names.length} in all)` : ''}`;
}

/**
 * Layer-wise (discriminative) learning rates (Howard & Ruder 2018, ULMFiT; the "layer-wise lr decay" of BERT
 * fine-tuning): block i of L, counted from the bottom, trains with lr·decay^(L−1−i), so the top block gets `lr`
 * and each lower one `decay` times less. Every parameter must be in exactly one block.
 * @param model - the model
 * @param options - `lr` (top block), `decay`, `layers` (default: the top-level children with parameters), `trainableOnly`
 * @returns one group per block with parameters, bottom first, for an optimiser's constructor
 * @throws ValueError on a bad lr or decay, a pattern that matches nothing, a parameter in two blocks, or one in none
 * @example
 * const groups = tn.transfer.layerwiseLrGroups(resnet, {lr: 1e-3, decay: 0.5,
 *   layers: [['conv1', 'bn1'], 'layer1', 'layer2', 'layer3', 'layer4', 'fc']}); // fc: 1e-3, layer4: 5e-4 …
 * const opt = new tn.optim.AdamW(groups, {lr: 1e-3});
 */
export function layerwiseLrGroups(model: Module, options: LayerwiseLrOptions): LrGroup[] {
  const op = 'layerwiseLrGroups';
  const lr = checkLr(op, 'lr', options?.lr);
  if (typeof options.decay !== 'number' || !(options.decay > 0) || !Number.isFinite(options.decay)) {
    throw new ValueError(op, `decay must be a finite number > 0, found ${String(options.decay)}`);
  }
  const layers = options.layers ?? model.namedChildren().filter(([, m]) => m.parameters().length > 0).map(([name]) => name);
  if (layers.length === 0) throw new ValueError(op, `expected at least one layer, found none (${model.constructor.name} has no child with parameters; give layers)`);
  const { chosen, rest } = partition(model, layers, op, options.trainableOnly ?? false);
  if (rest.length > 0) throw new ValueError(op, `parameters in no layer: ${listNames(rest)} (add them to a layer in options.layers)`);
  const count = layers.length;
  return chosen
    .map((params, i) => ({ name: label(layers[i] as NamePatterns), lr: lr * options.decay ** (count - 1 - i), params }))
    .filter((g) => g.params.length > 0);
}

/**
 * Learning rates by dotted-name globs: one group per pattern, in the order given, e.g. a small lr for the pretrained
 * backbone and a large one for the new head. Each parameter must be covered by at most one pattern; those covered by
 * none go to a last group with `options.default`, or raise an error (`strict`, the default), or are left out.
 * @param model - the model
 * @param lrs - glob → lr, e.g. `{'backbone.**': 1e-4, 'head.**': 1e-2}`, or pairs `[['0', 1e-4], [['3', '4'], 1e-2]]`
 * @param options - `default` lr for the rest, `strict`, `trainableOnly`
 * @returns one group per pattern with parameters (then the default group), for an optimiser's constructor
 * @throws ValueError on a bad lr, a pattern that matches nothing, a parameter covered twice, or (strict, no default) one covered by none
 * @example const opt = new tn.optim.SGD(tn.transfer.prefixLrGroups(model, {'features.**': 1e-4, 'classifier.**': 1e-2}), {lr: 1e-2, momentum: 0.9});
 */
export function prefixLrGroups(model: Module, lrs: PrefixLrs, options: PrefixLrOptions = {}): LrGroup[] {
  const op = 'prefixLrGroups';
  const entries: (readonly [NamePatterns, number])[] = Array.isArray(lrs) ? [...lrs as PrefixLrPairs] : Object.entries(lrs ?? {});
  if (entries.length === 0) throw new ValueError(op, 'expected at least one pattern → lr entry, found none');
  for (const [pattern, lr] of entries) checkLr(op, `the lr of '${label(pattern)}'`, lr);
  const fallback = options.default === undefined ? undefined : checkLr(op, 'default', options.default);
  const { chosen, rest, restParams } = partition(model, entries.map(([p]) => p), op, options.trainableOnly ?? false);
  if (rest.length > 0 && fallback === undefined && (options.strict ?? true)) {
    throw new ValueError(op, `parameters covered by no pattern: ${listNames(rest)} (add a pattern, give options.default, or set strict: false to leave them out)`);
  }
  const groups = chosen.map((params, i) => {
    const [patterns, lr] = entries[i] as readonly [NamePatterns, number];
    return { name: label(patterns), lr, params };
  });
  if (fallback !== undefined) groups.push({ name: '(default)', lr: fallback, params: restParams });
  return groups.filter((g) => g.params.length > 0);
}
