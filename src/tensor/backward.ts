/** Tensor-level autograd: `backward()`, `grad`, `valueAndGrad`, `noGrad`, `enableGrad`. */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { backpropagate, type GraphAccess } from '../autograd/index.js';
import { engine } from './engine.js';
import type { Tensor } from './tensor.js';
import { primitives, reshapeView } from './dispatch.js';

/** Options of `backward()`. */
export interface BackwardOptions {
  /** Keep the graph so it can be differentiated again. */
  readonly retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  readonly createGraph?: boolean;
}

const access: GraphAccess<Tensor> = {
  node: (t) => t.node,
  requiresGrad: (t) => t.requiresGrad,
  add: (a, b) => primitives.add(a, b),
};

/** Run `fn` with recording switched to `enabled`, restoring the previous mode afterwards. */
export function withGradMode<R>(enabled: boolean, fn: () => R): R {
  const previous = engine.gradEnabled;
  engine.gradEnabled = enabled;
  try {
    return fn();
  } finally {
    engine.gradEnabled = previous;
  }
}

/**
 * Run `fn` without recording operations (PyTorch `torch.no_grad()`).
 * @example const y = tn.noGrad(() => model.forward(x));
 */
export function noGrad<R>(fn: () => R): R {
  return withGradMode(false, fn);
}

/** Run `fn` with recording on, even inside `noGrad`. */
export function enableGrad<R>(fn: () => R): R {
  return withGradMode(true, fn);
}

/** Whether operations are currently recorded. */
export function isGradEnabled(): boolean {
  return engine.gradEnabled;
}

function seedFor(root: Tensor, gradient: Tensor | undefined, op: string): Tensor {
  if (gradient !== undefined) {
    if (gradient.shape.length !== root.shape.length || gradient.shape.some((d, i) => d !== root.shape[i])) {
      throw new ShapeError(op, `gradient shape ${formatShape(gradient.shape)} does not match the output shape ${formatShape(root.shape)}`);
    }
    return gradient;
  }
  if (root.size !== 1) {
    throw new ValueError(op, `grad can be implicitly created only for one-element outputs, found shape ${formatShape(root.shape)}; pass a gradient`);
  }
  return primitives.expand(primitives.scalarLike(1, root), root.shape);
}

/** @internal The work behind `Tensor.backward`. */
export function runBackward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void {
  root.assertLive('backward');
  if (!root.requiresGrad) {
    throw new ValueError('backward', 'the tensor does not require grad and has no grad_fn (did you set requiresGrad on an input?)');
  }
  withGradMode(options.createGraph ?? false, () => {
    const seed = seedFor(root, gradient, 'backward');
    const retainGraph = options.retainGraph ?? options.createGraph;
    const grads = backpropagate([root], [seed], access, { retainGraph, capture: gradRetainers(root) });
    for (const [t, g] of grads) {
      if (!t.isLeaf && !t.retainsGrad) continue;
      const own = reshapeView(g, g.shape); // every tensor gets its own Tensor object for .grad
      const previous = t.grad;
      t.grad = engine.keep(previous === null ? own : primitives.add(previous, own));
      previous?.dispose();
    }
  });
}

/** Non-leaf tensors in `root`'s graph that asked for `retainGrad()`. */
function gradRetainers(root: Tensor): Set<Tensor> {
  const set = new Set<Tensor>();
  const seen = new Set<Tensor>();
  const stack = [root];
  while (stack.length > 0) {
    const t = stack.pop() as Tensor;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t.retainsGrad && !t.isLeaf) set.add(t);
    for (const input of t.node?.inputs ?? []) stack.push(input);
  }
  return set;
}

/**
 * The gradients of scalar `output` with respect to `inputs`, without touching `.grad`
 * (PyTorch `torch.autograd.grad`). Inputs that do not affect the output get zeros.
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: BackwardOptions = {}): Tensor[] {
  return withGradMode(options.createGraph ?? false, () => {
    const seed = seedFor(output, undefined, 'grad');
    const grads = output.requiresGrad
      ? backpropagate([output], [seed], access, { retainGraph: options.retainGraph ?? options.createGraph, capture: new Set(inputs) })
      : new Map<Tensor, Tensor>();
    return inputs.map((x) => grads.get(x) ?? primitives.zeros(x.shape, x.dtype));
  });
}

/**
 * Both the value of `f` and its gradient with respect to each argument.
 * @example
 * const [loss, [dw]] = tn.valueAndGrad((w) => w.mul(w).sum())(w0);
 */
export function valueAndGrad<A extends Tensor[]>(f: (...args: A) => Tensor): (...args: A) => [Tensor, Tensor[]] {
  return (...args: A) => {
    const leaves = args.map((x) => withGradMode(false, () => reshapeView(x, x.shape, 'detach')).requiresGrad_(true)) as A;
    const value = withGradMode(true, () => f(...leaves));
    if (value.size !== 1) {
      throw new ValueError('valueAndGrad', `f must return a one-element tensor, found shape ${formatShape(value.shape)}`);
    }
    return [value, gradients(value, leaves)];
  };
}

/**
 * The gradient of scalar function `f` with respect to its first argument (JAX/TF.js `grad`).
 * @example const df = tn.grad((x) => x.pow(2).sum()); df(tn.tensor([3])) // tensor([6.])
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x: Tensor) => (valueAndGrad(f)(x)[1][0] as Tensor);
}
