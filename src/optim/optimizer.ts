/**
 * Optimizer: the base class of every optimiser (PyTorch `torch.optim.Optimizer`). A subclass supplies
 * a pure update function; the base class owns parameter groups, per-parameter state, `step`,
 * `zeroGrad` and state dicts.
 */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { dispose, enableGrad, keep, noGrad, tidy, Tensor, zerosLike } from '../tensor/index.js';
import { cast, clone } from '../ops/index.js';

/** The hyper-parameters every optimiser has. */
export interface HyperParams {
  /** Learning rate. */
  lr: number;
}

/**
 * Fields that LR schedulers add to a parameter group (PyTorch's `initial_lr`, `max_lr` ...).
 * They are kept by `stateDict` like any other group entry.
 */
export interface ScheduleFields {
  /** The lr a scheduler started from (PyTorch `initial_lr`), set by the first scheduler attached. */
  initialLr?: number;
  /** OneCycleLR: peak lr (`max_lr`). */
  maxLr?: number;
  /** OneCycleLR: final lr (`min_lr`). */
  minLr?: number;
  /** OneCycleLR: momentum (or β₁) at the lowest lr (`max_momentum`). */
  maxMomentum?: number;
  /** OneCycleLR: momentum (or β₁) at the peak lr (`base_momentum`). */
  baseMomentum?: number;
}

/** A parameter group: tensors and the hyper-parameters they train with; edit the numbers at run time (schedulers do). */
export type ParamGroup<H extends HyperParams = HyperParams> = H & ScheduleFields & { params: Tensor[] };

/** A parameter group as given to a constructor or `addParamGroup`: missing hyper-parameters come from the defaults. */
export type ParamGroupInput<H extends HyperParams = HyperParams> = Partial<H> & ScheduleFields & { params: Iterable<Tensor> };

/** What an optimiser accepts: parameters (e.g. `model.parameters()`) or a list of parameter groups. */
export type Params<H extends HyperParams = HyperParams> = Iterable<Tensor> | readonly ParamGroupInput<H>[];

/** Per-parameter state: tensors (same shape as the parameter), counters, or null (e.g. SGD's unset momentum buffer). */
export type OptimizerState = Record<string, Tensor | number | null | undefined>;

/** What a pure update function returns: the new parameter value and the new state (all new tensors). */
export interface UpdateResult<S extends OptimizerState> {
  /** The parameter after the step. */
  param: Tensor;
  /** The state after the step. */
  state: S;
}

/**
 * A snapshot of an optimiser's state, in PyTorch's layout with camelCase keys: `state` maps a parameter's
 * index (counted through the groups in order) to its state (`{step, expAvg, expAvgSq}` for Adam, PyTorch's
 * `{step, exp_avg, exp_avg_sq}`), and `paramGroups` (PyTorch `param_groups`) holds each group's
 * hyper-parameters with `params` as indices. Key names are PyTorch's with snake_case turned into camelCase
 * (`weight_decay` → `weightDecay`, `momentum_buffer` → `momentumBuffer`, `initial_lr` → `initialLr`).
 * `step` is a number (PyTorch 1.13 keeps a 0-d tensor for Adam, AdamW and Adagrad).
 */
export interface OptimizerStateDict {
  /** Per-parameter state by parameter index; tensors are copies owned by the dict. */
  state: Record<number, Record<string, Tensor | number | null>>;
  /** Each group's hyper-parameters and the indices of its parameters. */
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/** Copy a group entry (arrays such as `betas` are copied, not shared). */
function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? value.map(copyValue) : value;
}

/**
 * Base class of the optimisers. Subclasses give a name (used in error messages), defaults, a validator,
 * an initial state and a pure update; the base class runs them over every parameter that has a gradient.
 * @example
 * const opt = new tn.optim.Adam(model.parameters(), {lr: 1e-3});
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export abstract class Optimizer<H extends HyperParams = HyperParams, S extends OptimizerState = OptimizerState> {
  /** The hyper-parameters a group gets when it does not set them. */
  readonly defaults: Readonly<H>;
  /** Parameter groups; change `lr` (or any hyper-parameter) here at run time. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created on a parameter's first step. */
  readonly state = new Map<Tensor, S>();

  /**
   * @param name - the class name, for error messages (`Adam: invalid learning rate: -1 (expected ≥ 0)`)
   * @param params - parameters or parameter groups
   * @param defaults - every hyper-parameter's default (validated here)
   */
  protected constructor(readonly name: string, params: Params<H>, defaults: H) {
    this.validate(defaults);
    this.defaults = Object.freeze({ ...defaults });
    const list = [...(params as Iterable<Tensor | ParamGroupInput<H>>)];
    if (list.length === 0) throw new ValueError(name, 'got an empty parameter list');
    const groups = list.every((item) => item instanceof Tensor)
      ? [{ params: list as Tensor[] } as unknown as ParamGroupInput<H>]
      : list as ParamGroupInput<H>[];
    for (const group of groups) this.addParamGroup(group);
  }

  /** Check a group's hyper-parameters, throwing a ValueError with an exact message. */
  protected abstract validate(hp: H): void;

  /** The state of a parameter before its first step. */
  protected abstract initState(param: Tensor, hp: H): S;

  /** One step for one parameter: the pure update function with this group's hyper-parameters. */
  protected abstract update(param: Tensor, grad: Tensor, state: S, hp: H): UpdateResult<S>;

  /**
   * The same step done in place by a fused update kernel (the parameter and its state tensors keep
   * their identity), returning the new state; or undefined, changing nothing, where the fused path
   * does not apply (no such kernel on the backend, a dtype other than float32 ...), and `update` runs
   * instead. The default has no fused path.
   */
  protected updateInPlace(_param: Tensor, _grad: Tensor, _state: S, _hp: H): S | undefined {
    return undefined;
  }

  /** The state of `param`, created by `initState` (and kept from every `tidy`) on first use. */
  protected initialize(param: Tensor, hp: H): S {
    let state = this.state.get(param);
    if (state === undefined) {
      state = noGrad(() => keepState(this.initState(param, hp)));
      this.state.set(param, state);
    }
    return state;
  }

  /**
   * Add a group of parameters (e.g. layers unfrozen during fine-tuning); missing hyper-parameters come from the defaults.
   * @throws ValueError when a parameter is already optimised by this optimiser, is not a leaf, or a hyper-parameter is invalid
   */
  addParamGroup(group: ParamGroupInput<H>): void {
    if (group === null || typeof group !== 'object' || !('params' in group)) {
      throw new ValueError(this.name, 'a parameter group must be an object with a params list');
    }
    const index = this.paramGroups.length;
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    const seen = new Set<Tensor>();
    for (const [i, p] of params.entries()) {
      if (!(p instanceof Tensor)) throw new ValueError(this.name, `parameter ${i} of group ${index} is not a Tensor`);
      p.assertLive(this.name);
      if (!p.isLeaf) throw new ValueError(this.name, `can't optimize a non-leaf tensor (parameter ${i} of group ${index})`);
      if (seen.has(p)) throw new ValueError(this.name, `parameter ${i} of group ${index} appears twice in the group`);
      seen.add(p);
      const other = this.paramGroups.findIndex((g) => g.params.includes(p));
      if (other >= 0) {
        throw new ValueError(this.name, `some parameters appear in more than one parameter group (parameter ${i} of group ${index} is in group ${other})`);
      }
    }
    const entries: Record<string, unknown> = { ...this.defaults };
    for (const [key, value] of Object.entries(group)) {
      if (key !== 'params' && value !== undefined) entries[key] = copyValue(value);
    }
    const full = { ...entries, params } as ParamGroup<H>;
    this.validate(full);
    this.paramGroups.push(full);
  }

  /**
   * Drop every gradient (PyTorch `zero_grad`): dispose it and set `.grad` to null, or with `setToNone = false`
   * replace its elements with zeros.
   */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g === null) continue;
        if (setToNone) {
          g.dispose();
          p.grad = null;
        } else {
          replaceGrad(p, g, (x) => zerosLike(x));
        }
      }
    }
  }

  /**
   * Update every parameter that has a gradient (parameters whose `.grad` is null are skipped), without
   * recording and without leaving tensors behind: in place by a fused kernel where `updateInPlace` has one,
   * else by the pure update and `assign`. With a closure, re-evaluates the loss first and returns it.
   */
  step(): void;
  step<R>(closure: () => R): R;
  step<R>(closure?: () => R): R | undefined {
    const result = closure === undefined ? undefined : enableGrad(closure);
    noGrad(() => {
      for (const group of this.paramGroups) {
        this.validate(group);
        for (const p of group.params) {
          const grad = p.grad;
          if (grad === null) continue;
          p.assertLive(`${this.name}.step`);
          grad.assertLive(`${this.name}.step`);
          if (grad.shape.length !== p.shape.length || grad.shape.some((d, i) => d !== p.shape[i])) {
            throw new ShapeError(`${this.name}.step`, `gradient shape ${formatShape(grad.shape)} differs from the parameter's ${formatShape(p.shape)}`);
          }
          tidy(() => {
            const state = this.initialize(p, group);
            const fused = this.updateInPlace(p, grad, state, group);
            if (fused !== undefined) {
              this.state.set(p, replaceState(state, fused));
              return;
            }
            const out = this.update(p, grad, state, group);
            p.assign(cast(out.param, p.dtype));
            this.state.set(p, replaceState(state, out.state));
          });
        }
      }
    });
    return result;
  }

  /** The optimiser's state and groups in PyTorch's layout (see `OptimizerStateDict`); its tensors are copies the caller owns. */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) if (key !== 'params') packed[key] = copyValue(value);
      const ids = group.params.map((p) => {
        if (!index.has(p)) index.set(p, index.size);
        return index.get(p) as number;
      });
      return { ...packed, params: ids };
    });
    const state: Record<number, Record<string, Tensor | number | null>> = {};
    noGrad(() => {
      for (const [p, s] of this.state) {
        const id = index.get(p);
        if (id === undefined) continue;
        const entry: Record<string, Tensor | number | null> = {};
        for (const [key, value] of Object.entries(s)) {
          if (value !== undefined) entry[key] = value instanceof Tensor ? clone(value) : value;
        }
        state[id] = entry;
      }
    });
    return { state, paramGroups };
  }

  /**
   * Restore a state dict (from `stateDict()`, possibly of another optimiser instance over parameters of the
   * same shapes): groups take the saved hyper-parameters and keep their own parameters; state tensors are copied.
   * @throws ValueError when the number of groups or of parameters per group differs; ShapeError when a state tensor's shape differs
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new ValueError(`${this.name}.loadStateDict`,
        `loaded state dict has ${saved.length} parameter group(s), the optimizer has ${this.paramGroups.length}`);
    }
    const idMap = new Map<number, Tensor>();
    for (const [g, group] of this.paramGroups.entries()) {
      const ids = (saved[g] as { params: number[] }).params;
      if (ids.length !== group.params.length) {
        throw new ValueError(`${this.name}.loadStateDict`,
          `loaded state dict has ${ids.length} parameter(s) in group ${g}, the optimizer's group has ${group.params.length}`);
      }
      ids.forEach((id, i) => idMap.set(id, group.params[i] as Tensor));
    }
    const newState = new Map<Tensor, S>();
    noGrad(() => {
      for (const [key, entry] of Object.entries(stateDict.state)) {
        const p = idMap.get(Number(key));
        if (p === undefined) continue;
        for (const [name, value] of Object.entries(entry)) {
          if (value instanceof Tensor && (value.shape.length !== p.shape.length || value.shape.some((d, i) => d !== p.shape[i]))) {
            throw new ShapeError(`${this.name}.loadStateDict`,
              `state '${name}' of parameter ${key} has shape ${formatShape(value.shape)}, the parameter has ${formatShape(p.shape)}`);
          }
        }
        const copy: Record<string, Tensor | number | null> = {};
        for (const [name, value] of Object.entries(entry)) {
          copy[name] = value instanceof Tensor ? keep(value.dtype === p.dtype ? clone(value) : cast(value, p.dtype)) : value;
        }
        newState.set(p, copy as S);
      }
    });
    const groups = this.paramGroups.map((group, g) => {
      const entries: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(saved[g] as Record<string, unknown>)) {
        if (key !== 'params') entries[key] = copyValue(value);
      }
      const restored = { ...entries, params: group.params } as ParamGroup<H>;
      this.validate(restored);
      return restored;
    });
    this.dispose();
    this.paramGroups.splice(0, this.paramGroups.length, ...groups);
    for (const [p, s] of newState) this.state.set(p, s);
  }

  /** Release every state tensor; the next step starts the state afresh. */
  dispose(): void {
    for (const s of this.state.values()) dispose(Object.values(s));
    this.state.clear();
  }

  /** PyTorch's printout: `Adam (\nParameter Group 0\n    amsgrad: false\n    ...)`. */
  toString(): string {
    const lines = [`${this.name} (`];
    this.paramGroups.forEach((group, i) => {
      lines.push(`Parameter Group ${i}`);
      for (const key of Object.keys(group).filter((k) => k !== 'params').sort()) {
        const value = (group as unknown as Record<string, unknown>)[key];
        lines.push(`    ${key}: ${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
      }
    });
    lines.push(')');
    return lines.join('\n');
  }
}

/** Exclude a fresh state's tensors from every `tidy`. */
function keepState<S extends OptimizerState>(state: S): S {
  for (const value of Object.values(state)) if (value instanceof Tensor) keep(value);
  return state;
}

/**
 * The stored state after a step: each new tensor is kept (as its own Tensor object, so that an update
 * returning e.g. the gradient itself cannot alias it) and each replaced one disposed.
 */
function replaceState<S extends OptimizerState>(previous: S, next: S): S {
  const out: OptimizerState = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    out[key] = value instanceof Tensor ? (value === previous[key] ? value : keep(value.detach())) : value;
  }
  for (const [key, value] of Object.entries(previous)) {
    if (value instanceof Tensor && out[key] !== value) value.dispose();
  }
  return out as S;
}

/**
 * Set `p.grad` to `fn(grad)`: in place (`assign`, keeping the grad's identity) for a leaf gradient,
 * otherwise by replacing it. Runs without recording and disposes what `fn` creates.
 */
export function replaceGrad(p: Tensor, grad: Tensor, fn: (g: Tensor) => Tensor): void {
  noGrad(() => tidy(() => {
    const value = cast(fn(grad), grad.dtype);
    if (grad.isLeaf) {
      grad.assign(value);
    } else {
      p.grad = keep(value.detach());
      grad.dispose();
    }
  }));
}

/** `defaults` overridden by the options that are set (an option given as `undefined` keeps its default). */
export function withDefaults<T extends object>(defaults: T, options: Partial<T> | undefined): T {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(options ?? {})) if (value !== undefined) out[key] = copyValue(value);
  return out as T;
}
