/** Containers: Sequential, ModuleList, ModuleDict. */
import { ValueError } from '../core/index.js';
import type { Tensor } from '../tensor/index.js';
import { Module } from './module.js';

/** A module whose forward maps one tensor to one tensor. */
export type TensorToTensor = Module & { forward(x: Tensor): Tensor };

/**
 * Modules applied in order, each to the previous one's output; children are named `0`, `1`, …
 * @example new tn.nn.Sequential(new tn.nn.Linear(784, 128), new tn.nn.ReLU(), new tn.nn.Linear(128, 10))
 */
export class Sequential extends Module {
  /** @param layers - the modules, in order */
  constructor(...layers: Module[]) {
    super();
    layers.forEach((layer, i) => this.append(layer, i));
  }

  private append(layer: Module, index: number): void {
    if (!(layer instanceof Module)) throw new ValueError('Sequential', `item ${index} is not a Module`);
    (this as unknown as Record<string, Module>)[String(index)] = layer;
  }

  /** Number of layers. */
  get length(): number {
    return this.children().length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): Module {
    const children = this.children();
    const layer = children[index < 0 ? index + children.length : index];
    if (layer === undefined) throw new ValueError('Sequential.at', `index ${index} is out of range for ${children.length} layers`);
    return layer;
  }

  /** Add a layer at the end. */
  push(layer: Module): this {
    this.append(layer, this.length);
    return this;
  }

  /** Apply every layer in turn. */
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.children()) y = (layer as TensorToTensor).forward(y);
    return y;
  }
}

/** A list of modules whose parameters are registered (PyTorch `nn.ModuleList`); it has no forward of its own. */
export class ModuleList extends Module {
  /** @param modules - initial items */
  constructor(modules: Iterable<Module> = []) {
    super();
    for (const m of modules) this.push(m);
  }

  /** Number of items. */
  get length(): number {
    return this.children().length;
  }

  /** Append an item. */
  push(module: Module): this {
    if (!(module instanceof Module)) throw new ValueError('ModuleList', `item ${this.length} is not a Module`);
    (this as unknown as Record<string, Module>)[String(this.length)] = module;
    return this;
  }

  /** The item at `index`. */
  at(index: number): Module {
    const item = this.children()[index < 0 ? index + this.length : index];
    if (item === undefined) throw new ValueError('ModuleList.at', `index ${index} is out of range for ${this.length} items`);
    return item;
  }

  /** Iterate the items. */
  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }

  /** ModuleList is a container; calling forward is a mistake. */
  forward(): never {
    throw new ValueError('ModuleList.forward', 'a ModuleList has no forward; iterate over its items');
  }
}

/** Modules by name (PyTorch `nn.ModuleDict`); keys become state-dict prefixes. */
export class ModuleDict extends Module {
  /** @param modules - initial entries */
  constructor(modules: Record<string, Module> = {}) {
    super();
    for (const [key, m] of Object.entries(modules)) this.set(key, m);
  }

  /** Add or replace an entry. */
  set(key: string, module: Module): this {
    if (!(module instanceof Module)) throw new ValueError('ModuleDict', `entry '${key}' is not a Module`);
    if (key in Module.prototype || key === 'training') throw new ValueError('ModuleDict', `'${key}' is reserved`);
    (this as unknown as Record<string, Module>)[key] = module;
    return this;
  }

  /** The entry named `key`. */
  get(key: string): Module {
    const m = (this as unknown as Record<string, unknown>)[key];
    if (!(m instanceof Module)) throw new ValueError('ModuleDict.get', `no module named '${key}' (have ${this.keys().join(', ')})`);
    return m;
  }

  /** Entry names. */
  keys(): string[] {
    return this.namedChildren().map(([k]) => k);
  }

  /** [name, module] pairs. */
  entries(): [string, Module][] {
    return this.namedChildren();
  }

  /** ModuleDict is a container; calling forward is a mistake. */
  forward(): never {
    throw new ValueError('ModuleDict.forward', 'a ModuleDict has no forward; look its modules up by name');
  }
}
