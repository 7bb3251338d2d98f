/** LoraConv2d: LoRA on a Conv2d, A a convolution with the base's kernel, B a 1×1 convolution (peft `lora.Conv2d`). */
import { ValueError } from '../../core/index.js';
import type { Tensor } from '../../tensor/index.js';
import { matmul, reshape } from '../../ops/index.js';
import { Conv2d, init, type TensorToTensor } from '../../nn/index.js';
import { LoraLayer } from './lora-layer.js';

/**
 * A Conv2d with LoRA adapters (peft's layout): A = Conv2d(in, r, base kernel, base stride/padding/dilation, no bias),
 * Kaiming-uniform; B = Conv2d(r, out, 1×1, no bias), zero; y = base(x) + (alpha/r)·B(A(dropout(x))), which equals a
 * convolution with W + ΔW, ΔW[o, c, i, j] = (alpha/r)·Σₖ B[o, k]·A[k, c, i, j]. The base's dilation is passed to A
 * too (peft leaves it out), so that merging stays exact for dilated convolutions; grouped convolutions are refused.
 * @example const conv = new tn.transfer.LoraConv2d(new tn.nn.Conv2d(64, 64, 3, {padding: 1}));
 */
export class LoraConv2d extends LoraLayer {
  declare base_layer: Conv2d;

  /**
   * @param base - the Conv2d to adapt (shared)
   * @throws ValueError for a grouped convolution
   */
  constructor(base: Conv2d) {
    if (base.groups !== 1) throw new ValueError('LoraConv2d', `grouped convolutions are not supported (found groups=${base.groups})`);
    super(base);
  }

  protected override makeAdapter(rank: number): [TensorToTensor, TensorToTensor] {
    const base = this.base_layer;
    const dtype = base.weight.dtype as 'float32' | 'float64';
    const a = new Conv2d(base.inChannels, rank, base.kernelSize, {
      stride: base.stride, padding: base.padding, dilation: base.dilation, bias: false, dtype,
    });
    const b = new Conv2d(rank, base.outChannels, 1, { bias: false, dtype });
    init.zeros_(b.weight);
    return [a, b];
  }

  protected override product(name: string): Tensor {
    const a = (this.lora_A.get(name) as Conv2d).weight; // [r, in, kh, kw]
    const b = (this.lora_B.get(name) as Conv2d).weight; // [out, r, 1, 1]
    const [r, ...kernel] = a.shape as [number, number, number, number];
    const rows = reshape(b, [b.shape[0] as number, r]);
    return reshape(matmul(rows, reshape(a, [r, kernel.reduce((x, y) => x * y, 1)])), this.base_layer.weight.shape);
  }
}
