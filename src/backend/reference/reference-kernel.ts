/**
 * The reference kernels' calling convention: dense row-major tensors as host typed arrays in,
 * a new typed array out. The cpu backend wraps its storages around them; faster backends call
 * them for the kernels (or dtypes) they have not specialised, over views of their own memory.
 */
import type { DType, Shape, TypedArray } from '../../core/index.js';
import type { KernelAttrs, KernelInputs, KernelName, OutputInfo } from '../kernels.js';
import type { UpdateAttrs, UpdateKernelName, UpdateTargets } from '../update-kernels.js';

/**
 * A dense row-major tensor as a host typed array of its dtype (float32 → Float32Array,
 * float64 → Float64Array, int32 → Int32Array, bool → Uint8Array of 0/1).
 */
export interface ArrayTensor {
  /** The elements, `sizeOf(shape)` of them; read, never written, by the kernels. */
  readonly values: TypedArray;
  /** Shape. */
  readonly shape: Shape;
  /** Element type. */
  readonly dtype: DType;
}

/** The inputs of kernel `K` as host arrays: the same tuple as `KernelInputs<K>`, element for element. */
export type ArrayInputs<K extends KernelName> = AsArrays<KernelInputs<K>>;

/** A tuple of kernel inputs with every element an ArrayTensor (a homomorphic map keeps it a tuple). */
type AsArrays<T extends readonly unknown[]> = { [I in keyof T]: ArrayTensor };

/**
 * A reference kernel: computes kernel `K`'s output (shape and dtype `out`, inferred by
 * `inferOutput`) into a new typed array it returns; the inputs are only read.
 */
export type ReferenceKernel<K extends KernelName> =
  (inputs: ArrayInputs<K>, attrs: KernelAttrs<K>, out: OutputInfo) => TypedArray;

/**
 * A reference update kernel: updates the float32 `targets` of update kernel `K` in place from
 * `grad` (all of one length, the targets distinct arrays).
 */
export type ReferenceUpdateKernel<K extends UpdateKernelName> =
  (grad: Float32Array, targets: UpdateTargets<K, Float32Array>, attrs: UpdateAttrs<K>) => void;
