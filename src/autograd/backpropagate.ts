/**
 * Reverse-mode traversal of the recorded graph: order the nodes reachable from the roots,
 * then run each node's vector–Jacobian product once, summing the gradients of reused tensors.
 */
import { StateError } from '../core/index.js';

/** A recorded operation: the tensors it consumed and its vector–Jacobian product. */
export interface GraphNode<T> {
  /** Name shown in messages and `grad_fn`, e.g. `'matmul'`. */
  readonly name: string;
  /** The forward inputs, in order. */
  readonly inputs: readonly T[];
  /** dL/dinputs from dL/doutput (null for inputs that receive no gradient). */
  readonly vjp: (dy: T) => readonly (T | null)[];
  /** Set once a backward pass without `retainGraph` has consumed this node. */
  released: boolean;
}

/** How the traversal reads the tensor layer's graph. */
export interface GraphAccess<T> {
  /** The node that produced `t`, or null for a leaf. */
  node(t: T): GraphNode<T> | null;
  /** Whether `t` takes part in differentiation. */
  requiresGrad(t: T): boolean;
  /** a + b, used to accumulate the gradients of a tensor used more than once. */
  add(a: T, b: T): T;
}

/** Options of one backward pass. */
export interface BackpropOptions<T> {
  /** Keep the graph so it can be differentiated again (PyTorch `retain_graph`). */
  readonly retainGraph?: boolean;
  /** Non-leaf tensors whose gradient should be returned too. */
  readonly capture?: ReadonlySet<T>;
}

function topologicalOrder<T>(roots: readonly T[], access: GraphAccess<T>): T[] {
  const order: T[] = [];
  const visited = new Set<T>();
  const stack: { t: T; expanded: boolean }[] = roots.map((t) => ({ t, expanded: false }));
  while (stack.length > 0) {
    const top = stack.pop() as { t: T; expanded: boolean };
    if (top.expanded) {
      order.push(top.t);
      continue;
    }
    if (visited.has(top.t)) continue;
    visited.add(top.t);
    stack.push({ t: top.t, expanded: true });
    const node = access.node(top.t);
    if (node === null) continue;
    for (const input of node.inputs) {
      if (!visited.has(input) && access.requiresGrad(input)) stack.push({ t: input, expanded: false });
    }
  }
  return order; // inputs before the tensors made from them
}

/**
 * Propagate `seeds` (dL/droot) back through the graph.
 * @returns the gradient of every leaf reached that requires grad, and of each tensor in `capture`.
 * @throws StateError when a node was already consumed by a pass without `retainGraph`.
 */
export function backpropagate<T>(
  roots: readonly T[], seeds: readonly T[], access: GraphAccess<T>, options: BackpropOptions<T> = {},
): Map<T, T> {
  const grads = new Map<T, T>();
  const accumulate = (t: T, g: T) => {
    const prior = grads.get(t);
    grads.set(t, prior === undefined ? g : access.add(prior, g));
  };
  roots.forEach((root, i) => accumulate(root, seeds[i] as T));
  const result = new Map<T, T>();
  const order = topologicalOrder(roots, access);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i] as T;
    const g = grads.get(t);
    if (g === undefined) continue;
    const node = access.node(t);
    if (node === null || options.capture?.has(t)) result.set(t, g);
    if (node === null) continue;
    if (node.released) {
      throw new StateError('backward', `trying to backward through the graph a second time (at '${node.name}'); ` +
        'pass {retainGraph: true} to the first backward() if you need to');
    }
    const inputGrads = node.vjp(g);
    node.inputs.forEach((input, k) => {
      const ig = inputGrads[k];
      if (ig !== null && ig !== undefined && access.requiresGrad(input)) accumulate(input, ig);
    });
    if (!options.retainGraph) node.released = true;
  }
  return result;
}
