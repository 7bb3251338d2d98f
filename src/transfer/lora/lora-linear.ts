/** LoraLinear: LoRA on a Linear layer, A: Linear(in, r) and B: Linear(r, out) without bias (peft `lora.Linear`). */
import type { Tensor } from '../../tensor/index.js';
import { matmul } from '../../ops/index.js';
import { init, Linear, type TensorToTensor } from '../../nn/index.js';
import { LoraLayer } from './lora-layer.js';

/**
 * A Linear with LoRA adapters: y = x·Wᵀ + b + (alpha/r)·(dropout(x)·Aᵀ)·Bᵀ, A [r, in] Kaiming-uniform (a = √5, as
 * a Linear's weight), B [out, r] zero; ΔW = (alpha/r)·B·A [out, in]. Made by `addLora`.
 * @example const fc = new tn.transfer.LoraLinear(new tn.nn.Linear(512, 10)); fc.addAdapter('default', {rank: 8, alpha: 16, dropout: 0.1}); fc.setActive(['default']);
 */
export class LoraLinear extends LoraLayer {
  declare base_layer: Linear;

  /** @param base - the Linear to adapt (shared) */
  constructor(base: Linear) {
    super(base);
  }

  /** Input features of the base layer. */
  get inFeatures(): number { return this.base_layer.inFeatures; }

  /** Output features of the base layer. */
  get outFeatures(): number { return this.base_layer.outFeatures; }

  protected override makeAdapter(rank: number): [TensorToTensor, TensorToTensor] {
    const dtype = this.base_layer.weight.dtype as 'float32' | 'float64';
    const a = new Linear(this.inFeatures, rank, { bias: false, dtype });
    const b = new Linear(rank, this.outFeatures, { bias: false, dtype });
    init.zeros_(b.weight);
    return [a, b];
  }

  protected override product(name: string): Tensor {
    return matmul((this.lora_B.get(name) as Linear).weight, (this.lora_A.get(name) as Linear).weight);
  }
}
