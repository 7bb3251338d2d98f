/** L2-SP: pull the pretrained backbone toward its starting weights, and the new head toward zero (Li et al. 2018). */
import { formatShape, ShapeError, ValueError } from '../core/index.js';
import { keep, noGrad, scoped, zeros, type Tensor } from '../tensor/index.js';
import { add, cast, clone, mul, square, sub, sum } from '../ops/index.js';
import type { Module, Parameter } from '../nn/index.js';
import { replaceGrad } from '../optim/index.js';
import { selectByName, type NamePatterns } from './select-by-name.js';

/** Options of L2SP. */
export interface L2SPOptions {
  /** α, the strength of the pull toward the starting weights on the backbone (≥ 0). */
  readonly alpha: number;
  /** β, the plain L2 strength on the head (≥ 0). */
  readonly beta: number;
  /** The head's name globs (default: the model's last top-level child with parameters); `null`: no head. */
  readonly head?: NamePatterns | null;
  /** The starting weights w₀ by parameter name (default: the backbone's values now, copied). */
  readonly reference?: Readonly<Record<string, Tensor>>;
}

function checkStrength(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new ValueError('L2SP', `${name} must be a finite number ≥ 0, found ${String(value)}`);
  return value;
}

function defaultHead(model: Module): string {
  const withParams = model.namedChildren().filter(([, m]) => m.parameters().length > 0);
  const last = withParams[withParams.length - 1];
  if (last === undefined) throw new ValueError('L2SP', `${model.constructor.name} has no child with parameters to take as the head (give options.head, or null for none)`);
  return last[0];
}

/**
 * L2-SP (Li, Grandvalet & Davoine 2018, "Explicit inductive bias for transfer learning with convolutional
 * networks"): Ω(w) = α/2·‖w_S − w₀‖² + β/2·‖w_H‖², w_S the backbone's parameters (all but the head), w₀ their
 * starting (pretrained) values, w_H the new head's. Its gradient is α(w_S − w₀) on the backbone and β·w_H on the head.
 * In `tn.train.fit`, add the gradient after `backward` (the logged loss stays the data loss, as with weight decay):
 * `beforeStep: () => l2sp.addGradient()`; in a loop of your own, add `l2sp.penalty()` to the loss instead.
 * The copy of w₀ lives until `dispose()`.
 * @example
 * const l2sp = new tn.transfer.L2SP(resnet, {alpha: 0.01, beta: 0.01, head: 'fc'});
 * await tn.train.fit(resnet, {train, loss: tn.crossEntropy, optimizer, beforeStep: () => l2sp.addGradient()});
 * l2sp.dispose();
 */
export class L2SP {
  readonly alpha: number;
  readonly beta: number;
  /** Backbone parameters (by name) with their starting values w₀. */
  readonly backbone: readonly (readonly [string, Parameter, Tensor])[];
  /** Head parameters (by name). */
  readonly head: readonly (readonly [string, Parameter])[];

  /**
   * @param model - the model (its parameters are read at each call, so train it in place)
   * @param options - alpha, beta, head, reference
   * @throws ValueError for a bad strength, a head pattern that matches nothing, or a reference missing a backbone
   *   parameter; ShapeError when a reference tensor's shape differs from its parameter's
   */
  constructor(model: Module, options: L2SPOptions) {
    this.alpha = checkStrength('alpha', options?.alpha);
    this.beta = checkStrength('beta', options.beta);
    const headPatterns = options.head === undefined ? defaultHead(model) : options.head;
    const inHead = new Set<Parameter>(headPatterns === null ? [] : selectByName(model, headPatterns, 'L2SP').parameters.map(([, p]) => p));
    this.head = model.namedParameters().filter(([, p]) => inHead.has(p));
    this.backbone = noGrad(() => model.namedParameters().filter(([, p]) => !inHead.has(p)).map(([name, p]) => {
      const ref = options.reference === undefined ? p : options.reference[name];
      if (ref === undefined) throw new ValueError('L2SP', `reference has no tensor for backbone parameter '${name}'`);
      if (ref.shape.length !== p.shape.length || ref.shape.some((d, i) => d !== p.shape[i])) {
        throw new ShapeError('L2SP', `reference '${name}' has shape ${formatShape(ref.shape)}, the parameter has ${formatShape(p.shape)}`);
      }
      return [name, p, keep(cast(clone(ref), p.dtype))] as const;
    }));
  }

  /** Ω(w) = α/2·Σ‖w_S − w₀‖² + β/2·Σ‖w_H‖², a scalar that backpropagates into the parameters. */
  penalty(): Tensor {
    const params = [...this.backbone.map(([, p]) => p), ...this.head.map(([, p]) => p)];
    return scoped(params, () => {
      const terms: Tensor[] = [];
      for (const [, p, w0] of this.backbone) terms.push(mul(sum(square(sub(p, w0))), this.alpha / 2));
      for (const [, p] of this.head) terms.push(mul(sum(square(p)), this.beta / 2));
      return terms.length === 0 ? zeros([]) : terms.reduce((a, b) => add(a, b));
    });
  }

  /** Add ∇Ω to the gradients present (`fit`'s `beforeStep`): α(w − w₀) on the backbone, β·w on the head; frozen parameters (no grad) are skipped. */
  addGradient(): void {
    for (const [, p, w0] of this.backbone) {
      if (p.grad !== null && this.alpha !== 0) replaceGrad(p, p.grad, (g) => add(g, mul(sub(p, w0), this.alpha)));
    }
    for (const [, p] of this.head) {
      if (p.grad !== null && this.beta !== 0) replaceGrad(p, p.grad, (g) => add(g, mul(p, this.beta)));
    }
  }

  /** Free the copy of the starting weights. */
  dispose(): void {
    for (const [, , w0] of this.backbone) w0.dispose();
  }
}
