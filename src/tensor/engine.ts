/**
 * The engine's global state: the active backend, the live-tensor count, `tidy` scopes and
 * the grad mode. Dispatch and the Tensor class build on it.
 */
import { StateError, ValueError } from '../core/index.js';
import { getBackendFactory, registeredBackends, type Backend } from '../backend/index.js';

/** Anything that can be disposed and counted as a live tensor. */
export interface Disposable {
  dispose(): void;
  readonly isDisposed: boolean;
}

class Engine {
  private active: Backend | null = null;
  private readonly ready = new Map<string, Backend>();
  /** Backends whose (async) creation the `backend` getter started: `setBackend` awaits them. */
  private readonly starting = new Map<string, Promise<Backend>>();
  private readonly scopes: Set<Disposable>[] = [];
  private readonly kept = new WeakSet<Disposable>();
  /** Tensors created and not yet disposed. */
  liveTensors = 0;
  /** Whether operations are recorded for differentiation. */
  gradEnabled = true;

  /** The active backend, initialising the best registered one on first use. */
  get backend(): Backend {
    if (this.active !== null) return this.active;
    for (const name of registeredBackends()) {
      const factory = getBackendFactory(name);
      const made = this.starting.has(name) ? undefined : factory?.();
      if (made instanceof Promise) {
        made.catch(() => undefined); // reported by setBackend(name), if it is ever asked for
        this.starting.set(name, made);
      } else if (made !== undefined) {
        this.ready.set(name, made);
        this.active = made;
        return made;
      }
    }
    throw new StateError('getBackend', `no synchronous backend is registered (found: ${registeredBackends().join(', ') || 'none'}); ` +
      'call await tn.setBackend(name) first');
  }

  /** Make `name` the active backend, creating it on first use. */
  async setBackend(name: string): Promise<Backend> {
    const backend = await this.backendNamed(name);
    this.active = backend;
    return backend;
  }

  /**
   * The backend `name`, creating it now if it is not yet (awaiting an async factory); the active
   * backend does not change.
   */
  async backendNamed(name: string): Promise<Backend> {
    let backend = this.ready.get(name);
    if (backend === undefined) {
      const factory = getBackendFactory(name);
      if (factory === undefined) {
        throw new ValueError('setBackend', `unknown backend '${name}' (registered: ${registeredBackends().join(', ') || 'none'})`);
      }
      let starting = this.starting.get(name);
      if (starting === undefined) {
        starting = Promise.resolve(factory());
        this.starting.set(name, starting);
      }
      try {
        backend = await starting;
      } finally {
        this.starting.delete(name);
      }
      this.ready.set(name, backend);
    }
    return backend;
  }

  /** A backend by name if it has been initialised. */
  initialised(name: string): Backend | undefined {
    return this.ready.get(name);
  }

  /** Record a new tensor in the innermost `tidy` scope. */
  track(t: Disposable): void {
    this.liveTensors++;
    this.scopes[this.scopes.length - 1]?.add(t);
  }

  /** Exclude `t` from disposal by any enclosing `tidy`. */
  keep<T extends Disposable>(t: T): T {
    this.kept.add(t);
    for (const scope of this.scopes) scope.delete(t);
    return t;
  }

  /** Undo `keep`: `t` belongs to the innermost scope again. */
  unkeep<T extends Disposable>(t: T): T {
    if (this.kept.delete(t)) this.scopes[this.scopes.length - 1]?.add(t);
    return t;
  }

  /** Whether `t` was passed to `keep`. */
  isKept(t: Disposable): boolean {
    return this.kept.has(t);
  }

  /** Open a scope; tensors created until `endScope` are tracked in it. */
  startScope(): void {
    this.scopes.push(new Set());
  }

  /** Close the innermost scope: dispose its tensors except `survivors`, which move to the parent scope. */
  endScope(survivors: ReadonlySet<Disposable>): void {
    const scope = this.scopes.pop();
    if (scope === undefined) throw new StateError('tidy', 'endScope called without a matching startScope');
    const parent = this.scopes[this.scopes.length - 1];
    for (const t of scope) {
      if (survivors.has(t)) parent?.add(t);
      else if (!t.isDisposed) t.dispose();
    }
  }
}

/** The single engine instance. */
export const engine = new Engine();
