/** LoraLayer: a frozen base layer plus named low-rank adapters, W' = W + (alpha/r)·B·A (Hu et al. 2021; peft's layout). */
import { StateError, ValueError } from '../../core/index.js';
import { noGrad, scoped, tidy, type Tensor } from '../../tensor/index.js';
import { add, cast, mul, sub } from '../../ops/index.js';
import { Dropout, Identity, ModuleDict, Module, type Parameter, type TensorToTensor } from '../../nn/index.js';

/** One adapter's hyper-parameters. */
export interface LoraConfig {
  /** r, the rank (an integer ≥ 1). */
  readonly rank: number;
  /** alpha; the update is scaled by alpha/r (alpha/√r with `useRslora`). */
  readonly alpha: number;
  /** Dropout probability on the adapter's input, in [0, 1). */
  readonly dropout: number;
  /** Rank-stabilised scaling alpha/√r (Kalajdzievski 2023; peft `use_rslora`). */
  readonly useRslora?: boolean;
}

/**
 * Check an adapter's hyper-parameters.
 * @throws ValueError naming the first one out of range
 * @example tn.transfer.checkLoraConfig('addLora', {rank: 8, alpha: 16, dropout: 0.1});
 */
export function checkLoraConfig(op: string, config: LoraConfig): void {
  const { rank, alpha, dropout } = config;
  if (!Number.isInteger(rank) || rank < 1) throw new ValueError(op, `rank must be an integer ≥ 1, found ${String(rank)}`);
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new ValueError(op, `alpha must be a finite number, found ${String(alpha)}`);
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new ValueError(op, `dropout must be in [0, 1), found ${String(dropout)}`);
}

/** The layers LoRA adapts. */
export type LoraBase = Module & TensorToTensor & { weight: Parameter; bias: Parameter | null };

/**
 * A base layer with named LoRA adapters (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models"):
 * y = base(x) + Σ_active (alpha/r)·B(A(dropout(x))), A initialised as Kaiming-uniform (a = √5) and B as zeros, so
 * the output is unchanged at the start. State-dict keys follow peft: `base_layer.weight`, `lora_A.<name>.weight`,
 * `lora_B.<name>.weight`. `merge()` folds the active adapters into the base weight (forward is then the base
 * alone), `unmerge()` takes them out again. Subclasses build A and B and compute ΔW = (alpha/r)·B·A.
 * @example
 * for (const [path, layer] of tn.transfer.loraLayers(model)) console.log(path, layer.adapterNames(), layer.scaling);
 */
export abstract class LoraLayer extends Module {
  /** The adapted layer (frozen by `addLora`). */
  declare base_layer: LoraBase;
  /** Each adapter's input dropout (Identity when its dropout is 0). */
  declare lora_dropout: ModuleDict;
  /** Each adapter's down-projection A (r outputs). */
  declare lora_A: ModuleDict;
  /** Each adapter's up-projection B (r inputs), zero at the start. */
  declare lora_B: ModuleDict;
  /** Each adapter's rank. */
  declare r: Record<string, number>;
  /** Each adapter's alpha. */
  declare loraAlpha: Record<string, number>;
  /** Each adapter's scale alpha/r. */
  declare scaling: Record<string, number>;
  /** The adapters forward adds (those this layer has), in order. */
  declare activeAdapters: string[];
  /** The adapters folded into `base_layer.weight` (forward is then the base alone). */
  declare mergedAdapters: string[];

  /** @param base - the layer to adapt (shared, not copied) */
  protected constructor(base: LoraBase) {
    super();
    this.base_layer = base;
    this.lora_dropout = new ModuleDict();
    this.lora_A = new ModuleDict();
    this.lora_B = new ModuleDict();
    this.r = {};
    this.loraAlpha = {};
    this.scaling = {};
    this.activeAdapters = [];
    this.mergedAdapters = [];
  }

  /** The pair [A, B] of a new adapter of rank r, B already zero. */
  protected abstract makeAdapter(rank: number): [TensorToTensor, TensorToTensor];

  /** B·A as a weight of the base's shape, unscaled. */
  protected abstract product(name: string): Tensor;

  /** The base weight (read-only view; `base_layer.weight`). */
  get weight(): Parameter { return this.base_layer.weight; }

  /** The base bias (`base_layer.bias`). */
  get bias(): Parameter | null { return this.base_layer.bias; }

  /** The adapter names, in the order they were added. */
  adapterNames(): string[] {
    return this.lora_A.keys();
  }

  /** Whether some adapter is folded into the base weight. */
  get merged(): boolean {
    return this.mergedAdapters.length > 0;
  }

  /**
   * Add an adapter (peft `update_layer`); it is not active until `setActive`.
   * @throws ValueError when the name is taken or a hyper-parameter is out of range
   */
  addAdapter(name: string, config: LoraConfig): void {
    const op = `${this.constructor.name}.addAdapter`;
    if (this.adapterNames().includes(name)) throw new ValueError(op, `adapter '${name}' already exists (have ${this.adapterNames().join(', ')})`);
    checkLoraConfig(op, config);
    const { rank, alpha, dropout } = config;
    const [a, b] = this.makeAdapter(rank);
    this.lora_dropout.set(name, dropout > 0 ? new Dropout(dropout) : new Identity());
    this.lora_A.set(name, a);
    this.lora_B.set(name, b);
    this.r[name] = rank;
    this.loraAlpha[name] = alpha;
    this.scaling[name] = config.useRslora === true ? alpha / Math.sqrt(rank) : alpha / rank;
  }

  /**
   * Make `names` (those this layer has) the active adapters: they train (`requiresGrad`), the others are frozen.
   * A merged layer is unmerged first (peft does the same).
   */
  setActive(names: readonly string[]): void {
    if (this.merged) this.unmerge();
    const own = this.adapterNames();
    this.activeAdapters = names.filter((n) => own.includes(n));
    for (const name of own) {
      const on = this.activeAdapters.includes(name);
      for (const p of [...this.lora_A.get(name).parameters(), ...this.lora_B.get(name).parameters()]) {
        p.requiresGrad = on;
        if (!on && p.grad !== null) {
          p.grad.dispose();
          p.grad = null;
        }
      }
    }
  }

  /** ΔW = scaling·B·A of adapter `name`, in the base weight's shape and dtype (no gradient recorded). */
  deltaWeight(name: string): Tensor {
    if (!this.adapterNames().includes(name)) throw new ValueError('deltaWeight', `no adapter '${name}' (have ${this.adapterNames().join(', ')})`);
    return noGrad(() => tidy(() => cast(mul(this.product(name), this.scaling[name] as number), this.base_layer.weight.dtype)));
  }

  /** Fold the active adapters into the base weight: W ← W + ΔW (peft `merge`); forward then runs the base alone. */
  merge(): void {
    for (const name of this.activeAdapters) {
      if (this.mergedAdapters.includes(name)) continue;
      const w = this.base_layer.weight;
      noGrad(() => tidy(() => { w.assign(add(w, this.deltaWeight(name))); }));
      this.mergedAdapters.push(name);
    }
  }

  /** Take every merged adapter out of the base weight again: W ← W − ΔW (peft `unmerge`). */
  unmerge(): void {
    for (let name = this.mergedAdapters.pop(); name !== undefined; name = this.mergedAdapters.pop()) {
      const w = this.base_layer.weight;
      const adapter = name;
      noGrad(() => tidy(() => { w.assign(sub(w, this.deltaWeight(adapter))); }));
    }
  }

  /** base(x) + Σ_active scaling·B(A(dropout(x))); just base(x) when merged or with no active adapter. */
  forward(x: Tensor): Tensor {
    if (this.merged || this.activeAdapters.length === 0) return this.base_layer.forward(x);
    return scoped([x, ...this.parameters()], () => {
      let y = this.base_layer.forward(x);
      for (const name of this.activeAdapters) {
        const drop = this.lora_dropout.get(name) as TensorToTensor;
        const a = this.lora_A.get(name) as TensorToTensor;
        const b = this.lora_B.get(name) as TensorToTensor;
        y = add(y, mul(b.forward(a.forward(drop.forward(x))), this.scaling[name] as number));
      }
      return y;
    });
  }

  /** Fail when a merged layer is about to have its adapter weights overwritten. */
  assertUnmerged(op: string): void {
    if (this.merged) throw new StateError(op, `the adapters ${this.mergedAdapters.join(', ')} are merged into the base weight; call unmergeLora(model) first`);
  }

  override extraRepr(): string {
    const adapters = this.adapterNames().map((n) => `${n}(r=${this.r[n]}, alpha=${this.loraAlpha[n]})`);
    return `adapters=[${adapters.join(', ')}], active=[${this.activeAdapters.join(', ')}]${this.merged ? ', merged' : ''}`;
  }
}
