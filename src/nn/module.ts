/**
 * Module: the base class of every layer and model (PyTorch `nn.Module`). Parameters and
 * sub-modules assigned to properties register themselves; buffers are registered by name.
 */
import { formatShape, ShapeError, StateError } from '../core/index.js';
import { noGrad, Tensor } from '../tensor/index.js';
import { cast } from '../ops/index.js';
import { Parameter } from './parameter.js';
import { renameKeys, type KeyMapping } from './key-map.js';

/** What `loadStateDict` found besides the keys it loaded. */
export interface LoadResult {
  /** Keys the module has and the state dict lacks. */
  readonly missingKeys: string[];
  /** Keys the state dict has and the module lacks. */
  readonly unexpectedKeys: string[];
}

/** Options of `loadStateDict`. */
export interface LoadOptions {
  /** Throw (listing every problem) when keys are missing or unexpected (default true). Shape mismatches always throw. */
  readonly strict?: boolean;
  /**
   * Rename the state dict's keys before loading (rules or a function, see `tn.nn.renameKeys`); keys mapped to
   * `null` are dropped (neither loaded nor reported as unexpected).
   */
  readonly mapKey?: KeyMapping;
}

/**
 * Base class of layers and models. Subclasses assign `Parameter`s and `Module`s to properties
 * in their constructor and implement `forward`.
 * @example
 * class Net extends tn.nn.Module {
 *   fc = new tn.nn.Linear(4, 2);
 *   forward(x: tn.Tensor) { return this.fc.forward(x).relu(); }
 * }
 */
export abstract class Module {
  /** True in training mode (dropout active, batch statistics used), false after `eval()`. */
  training = true;
  private readonly bufferNames = new Map<string, boolean>();

  /** The computation; subclasses define its signature. */
  abstract forward(...inputs: never[]): unknown;

  /** Extra text inside the printed form, e.g. `in_features=4, out_features=2` (override). */
  extraRepr(): string {
    return '';
  }

  /**
   * Register a tensor that is state but not a parameter (e.g. BatchNorm's running mean).
   * Persistent buffers appear in `stateDict`.
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    if (tensor !== null) {
      tensor.assertLive('registerBuffer');
      if (tensor instanceof Parameter) throw new StateError('registerBuffer', `'${name}' is a Parameter; assign it as a property instead`);
    }
    this.bufferNames.set(name, persistent);
    (this as unknown as Record<string, unknown>)[name] = tensor;
  }

  /** Direct sub-modules with their property names, in assignment order. */
  namedChildren(): [string, Module][] {
    return Object.entries(this).filter((e): e is [string, Module] => e[1] instanceof Module);
  }

  /** Direct sub-modules. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant with dotted names (`''` for this one). */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [name, child] of this.namedChildren()) out.push(...child.namedModules(prefix === '' ? name : `${prefix}.${name}`));
    return out;
  }

  /** This module and every descendant. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Parameters held directly by this module. */
  private ownParameters(): [string, Parameter][] {
    return Object.entries(this).filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }

  /** Buffers held directly by this module (optionally only persistent ones). */
  private ownBuffers(persistentOnly: boolean): [string, Tensor][] {
    const self = this as unknown as Record<string, unknown>;
    const out: [string, Tensor][] = [];
    for (const [name, persistent] of this.bufferNames) {
      const value = self[name];
      if (value instanceof Tensor && (persistent || !persistentOnly)) out.push([name, value]);
    }
    return out;
  }

  /** Every parameter with its dotted name (`'0.weight'`); a shared parameter appears once. */
  namedParameters(): [string, Parameter][] {
    const seen = new Set<Parameter>();
    const out: [string, Parameter][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, p] of m.ownParameters()) {
        if (seen.has(p)) continue;
        seen.add(p);
        out.push([prefix === '' ? name : `${prefix}.${name}`, p]);
      }
    }
    return out;
  }

  /** Every parameter (for an optimiser). */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Every buffer with its dotted name. */
  namedBuffers(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of this.namedModules()) {
      for (const [name, b] of m.ownBuffers(false)) out.push([prefix === '' ? name : `${prefix}.${name}`, b]);
    }
    return out;
  }

  /** Every buffer. */
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Number of parameter elements (optionally only trainable ones). */
  numParameters(trainableOnly = false): number {
    return this.parameters().filter((p) => !trainableOnly || p.requiresGrad).reduce((n, p) => n + p.size, 0);
  }

  /** Call `fn` on every descendant and then on this module (PyTorch order). */
  apply(fn: (m: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /** Set training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Set `requiresGrad` on every parameter (freeze with `false`). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Drop every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Parameters and persistent buffers by dotted name, in PyTorch's order (own parameters, own buffers, then children). */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    const visit = (m: Module, prefix: string): void => {
      for (const [name, p] of m.ownParameters()) out[prefix + name] = p;
      for (const [name, b] of m.ownBuffers(true)) out[prefix + name] = b;
      for (const [name, child] of m.namedChildren()) visit(child, `${prefix}${name}.`);
    };
    visit(this, '');
    return out;
  }

  /**
   * Copy values from `stateDict` into this module's parameters and buffers (cast to their dtypes, so int64
   * buffers read as int32 and float64 weights load into float32 ones).
   * @param stateDict - name → tensor, e.g. from `tn.io.loadSafetensors`
   * @param options - `strict` (default true), `mapKey` to rename the keys first
   * @returns the missing and unexpected keys (after renaming)
   * @throws ShapeError listing every problem when a shape differs, or (strict) a key is missing or unexpected;
   *   ValueError when `mapKey` gives two keys the same name
   * @example
   * model.loadStateDict(await tn.io.loadSafetensors('resnet18.safetensors'), {strict: true});
   * backbone.loadStateDict(sd, {strict: false, mapKey: [['fc.*', null]]}); // everything but the old head
   */
  loadStateDict(stateDict: Readonly<Record<string, Tensor>>, options: LoadOptions = {}): LoadResult {
    const strict = options.strict ?? true;
    if (options.mapKey !== undefined) stateDict = renameKeys(stateDict, options.mapKey);
    const own = this.stateDict();
    const missingKeys = Object.keys(own).filter((k) => !(k in stateDict));
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !(k in own));
    const mismatches: string[] = [];
    for (const [key, target] of Object.entries(own)) {
      const source = stateDict[key];
      if (source === undefined) continue;
      if (source.shape.length !== target.shape.length || source.shape.some((d, i) => d !== target.shape[i])) {
        mismatches.push(`size mismatch for ${key}: copying a tensor of shape ${formatShape(source.shape)} from the state dict, ` +
          `the shape in the current model is ${formatShape(target.shape)}`);
      }
    }
    const problems = [...mismatches];
    if (strict && missingKeys.length > 0) problems.unshift(`missing key(s): ${missingKeys.join(', ')}`);
    if (strict && unexpectedKeys.length > 0) problems.unshift(`unexpected key(s): ${unexpectedKeys.join(', ')}`);
    if (problems.length > 0) {
      const renamed = options.mapKey === undefined ? '' : ' (keys as renamed by mapKey)';
      throw new ShapeError('loadStateDict', `error(s) loading the state dict into ${this.constructor.name}${renamed}:\n  ${problems.join('\n  ')}`);
    }
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) {
        const source = stateDict[key];
        if (source === undefined) continue;
        const value = cast(source, target.dtype);
        target.assign(value);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  /** The PyTorch-style printout: `Sequential(\n  (0): Linear(in_features=4, out_features=2, bias=True)\n)`. */
  toString(): string {
    const children = this.namedChildren();
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    const lines = children.map(([name, child]) => `  (${name}): ${child.toString().split('\n').join('\n  ')}`);
    if (extra !== '') lines.unshift(`  ${extra}`);
    return `${this.constructor.name}(\n${lines.join('\n')}\n)`;
  }
}
