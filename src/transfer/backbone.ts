/** backbone: everything of a model but its head, sharing the model's modules. */
import { ValueError } from '../core/index.js';
import { Module, Parameter, Sequential, type TensorToTensor } from '../nn/index.js';
import type { Tensor } from '../tensor/index.js';
import { findSubmodule } from './get-submodule.js';
import { replaceForward } from './hook-forward.js';

/** Options of `backbone`. */
export interface BackboneOptions {
  /** The head's dotted path (default: the model's last child, e.g. a Sequential's last layer, torchvision's `fc`). */
  readonly head?: string;
}

/**
 * A view of a model without its head: forward runs the model's forward with the head's forward replaced by the
 * identity (restored afterwards), so it returns the head's input. Its modules, parameters, buffers and state-dict
 * keys are the model's (same names, the same objects) without the head's, also inside a container, so `freeze`,
 * `summary`, `stateDict` and optimisers see only the backbone. Its `training` flag is the model's; a module on the
 * path to a nested head (`classifier` for `classifier.1`) appears as a Backbone of that module.
 * @example const body = new tn.transfer.Backbone(resnet, 'fc'); body.forward(images) // [N, 512]
 */
export class Backbone extends Module {
  /** The full model (not a child: its head must stay out of this module's parameters). */
  declare readonly model: TensorToTensor;
  /** The head's canonical dotted path in `model`. */
  readonly head: string;
  /** The view of the head's parent when the head is nested, rebuilt when the model's child changes. */
  private nested: Backbone | undefined;

  /**
   * @param model - the model (shared, not copied)
   * @param head - the head's dotted path (negative Sequential indices allowed)
   * @throws ValueError when `head` names no submodule of `model`
   */
  constructor(model: Module, head: string) {
    super();
    this.head = findSubmodule(model, head, 'Backbone').path;
    Object.defineProperty(this, 'model', { value: model, enumerable: false });
    Object.defineProperty(this, 'training', { get: () => model.training, set: (mode: boolean) => { model.training = mode; }, enumerable: true });
    const own = model as unknown as Record<string, unknown>;
    const getter = (name: string) => ({ get: () => own[name], enumerable: true, configurable: true });
    for (const [name, value] of Object.entries(model)) if (value instanceof Parameter) Object.defineProperty(this, name, getter(name));
    const persistent = new Set(Object.keys(model.stateDict()));
    for (const [name, buffer] of model.namedBuffers()) {
      if (name.includes('.')) continue;
      this.registerBuffer(name, buffer, persistent.has(name));
      Object.defineProperty(this, name, getter(name));
    }
  }

  /** The model's children without the head (or with the head's ancestor as a Backbone of it, when nested). */
  override namedChildren(): [string, Module][] {
    const dot = this.head.indexOf('.');
    const first = dot < 0 ? this.head : this.head.slice(0, dot);
    const out: [string, Module][] = [];
    for (const [name, child] of this.model.namedChildren()) {
      if (name !== first) out.push([name, child]);
      else if (dot >= 0) {
        if (this.nested?.model !== child) this.nested = new Backbone(child, this.head.slice(dot + 1));
        out.push([name, this.nested]);
      }
    }
    return out;
  }

  /** The model's forward with the head as the identity: the head's input. */
  forward(x: Tensor): Tensor {
    const { module } = findSubmodule(this.model, this.head, 'Backbone.forward');
    const restore = replaceForward(module, () => (input) => input);
    try {
      return this.model.forward(x);
    } finally {
      restore();
    }
  }

  override extraRepr(): string {
    return `head=${this.head}`;
  }
}

/**
 * Everything but the head, sharing the model's modules (training the backbone trains the model). For a Sequential
 * whose head is its last layer (the default), a Sequential of the other layers; otherwise a `Backbone`, which runs
 * the model with the head as the identity. Use it as a feature extractor, or under a new head:
 * `new tn.nn.Sequential(tn.transfer.backbone(model), newHead)`.
 * @param model - the model
 * @param options - `head`: its dotted path (default: the last child)
 * @returns a module whose forward maps the model's input to the head's input
 * @throws ValueError when the model has no children or `head` names no submodule
 * @example
 * const body = tn.transfer.backbone(cnn);            // SmallCNN without its last Linear: [N,1,28,28] → [N,128]
 * const body2 = tn.transfer.backbone(resnet, {head: 'fc'});
 */
export function backbone(model: TensorToTensor, options: BackboneOptions = {}): TensorToTensor {
  const children = model.namedChildren();
  const last = children[children.length - 1];
  if (last === undefined) throw new ValueError('backbone', `${model.constructor.name} has no child modules, so no head to leave out`);
  const { parent, key } = findSubmodule(model, options.head ?? last[0], 'backbone');
  if (model instanceof Sequential && parent === model && key === last[0]) {
    return new Sequential(...children.slice(0, -1).map(([, m]) => m));
  }
  return new Backbone(model, options.head ?? last[0]);
}
