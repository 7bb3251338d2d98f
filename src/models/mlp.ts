/** MLP: Linear layers with an activation (and optional dropout) between them. */
import { ValueError } from '../core/index.js';
import { Dropout, ELU, GELU, LeakyReLU, Linear, ReLU, Sequential, Sigmoid, Tanh, type Module } from '../nn/index.js';
import { registerModel, type Configurable, type ModelConfig } from './registry.js';

/** Activations an MLP can use between layers. */
export type MlpActivation = 'relu' | 'tanh' | 'sigmoid' | 'gelu' | 'leakyRelu' | 'elu';

/** Options of MLP. */
export interface MlpOptions {
  /** Activation after every hidden layer (default `relu`). */
  readonly activation?: MlpActivation;
  /** Dropout probability after every hidden activation (default 0: none). */
  readonly dropout?: number;
}

function activationModule(name: MlpActivation): Module {
  switch (name) {
    case 'relu': return new ReLU();
    case 'tanh': return new Tanh();
    case 'sigmoid': return new Sigmoid();
    case 'gelu': return new GELU();
    case 'leakyRelu': return new LeakyReLU();
    case 'elu': return new ELU();
    default: throw new ValueError('MLP', `unknown activation '${String(name)}' (expected relu, tanh, sigmoid, gelu, leakyRelu or elu)`);
  }
}

/**
 * A multi-layer perceptron: sizes [in, h1, ..., out] give Linear(in, h1) → act → … → Linear(hk, out)
 * (no activation after the last layer: it outputs logits).
 * @example new tn.models.MLP([784, 256, 128, 10]) // the Fashion-MNIST MLP
 */
export class MLP extends Sequential implements Configurable {
  /** The rebuildable config. */
  readonly config: ModelConfig;

  /** @param sizes - layer widths, input first, at least two @param options - activation, dropout */
  constructor(readonly sizes: readonly number[], options: MlpOptions = {}) {
    super();
    if (sizes.length < 2) throw new ValueError('MLP', `expected at least an input and an output size, found [${sizes.join(',')}]`);
    const activation = options.activation ?? 'relu';
    const dropout = options.dropout ?? 0;
    for (let i = 0; i + 1 < sizes.length; i++) {
      this.push(new Linear(sizes[i] as number, sizes[i + 1] as number));
      if (i + 2 < sizes.length) {
        this.push(activationModule(activation));
        if (dropout > 0) this.push(new Dropout(dropout));
      }
    }
    this.config = { name: 'mlp', sizes: [...sizes], activation, dropout };
  }
}

registerModel('mlp', (c) => new MLP(c.sizes as number[], { activation: c.activation as MlpActivation, dropout: c.dropout as number }));
