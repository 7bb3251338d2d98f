/**
 * The plain-function side of gradient combination: read per-task flat gradients (typed arrays or
 * 1-D tensors), check them, choose weights from their Gram matrix, and return the combination in
 * the kind the caller passed.
 */
import { DTypeError, formatShape, ShapeError, ValueError } from '../../core/index.js';
import { fromTypedArray, Tensor } from '../../tensor/index.js';
import { gramMatrix, weightedSum, withoutZeroGradients, type Gram, type HostVector } from './gram.js';

/** One task's flat gradient: a `Float32Array`, a `Float64Array`, or a 1-D float32/float64 tensor. */
export type FlatGradient = Float32Array | Float64Array | Tensor;

/** What `pcgrad`, `mgda` and `cagrad` return. */
export interface CombinedGradient<G extends FlatGradient> {
  /** The combined gradient d = Σ_i weights[i]·grads[i], of the inputs' kind and dtype (a new array or tensor). */
  readonly grad: G;
  /** The effective per-task weights: the coefficients of the original gradients in `grad` (0 for a zero gradient). */
  readonly weights: number[];
}

function kindOf(g: unknown): string {
  if (g instanceof Tensor) return `a tensor of shape ${formatShape(g.shape)}`;
  if (Array.isArray(g)) return 'an array';
  return g === null || typeof g !== 'object' ? String(g) : `a ${(g as object).constructor?.name ?? 'object'}`;
}

/** The host values of one input, after checking its kind, rank and dtype. */
function hostValues(op: string, g: unknown, i: number, first: unknown): HostVector {
  const expected = first instanceof Tensor ? 'a 1-D tensor like grads[0]' : `a ${(first as HostVector).constructor.name} like grads[0]`;
  if (first instanceof Tensor) {
    if (!(g instanceof Tensor)) throw new ValueError(op, `grads[${i}] must be ${expected}, found ${kindOf(g)}`);
    if (g.ndim !== 1) throw new ShapeError(op, `grads[${i}] must be a 1-D tensor, found shape ${formatShape(g.shape)}`);
    if (g.dtype !== first.dtype) throw new DTypeError(op, `grads[${i}] must have dtype ${first.dtype} like grads[0], found ${g.dtype}`);
    return g.dataSync() as HostVector;
  }
  if (g?.constructor !== (first as object).constructor) throw new ValueError(op, `grads[${i}] must be ${expected}, found ${kindOf(g)}`);
  return g as HostVector;
}

/**
 * Check per-task gradients and read them to the host.
 * @throws ValueError on an empty list or mixed kinds; ShapeError on a tensor that is not 1-D or on
 *   different lengths; DTypeError on a non-float tensor or mixed dtypes
 */
function readFlatGradients(op: string, grads: readonly unknown[]): HostVector[] {
  if (!Array.isArray(grads) || grads.length === 0) {
    const found = Array.isArray(grads) ? 'an empty array' : kindOf(grads);
    throw new ValueError(op, `expected a non-empty array of per-task gradients (Float32Array, Float64Array or 1-D tensors), found ${found}`);
  }
  const first: unknown = grads[0];
  const isFloatTensor = first instanceof Tensor && (first.dtype === 'float32' || first.dtype === 'float64');
  if (first instanceof Tensor && !isFloatTensor) throw new DTypeError(op, `grads[0] must be a float32 or float64 tensor, found ${first.dtype}`);
  if (!isFloatTensor && !(first instanceof Float32Array || first instanceof Float64Array)) {
    throw new ValueError(op, `grads[0] must be a Float32Array, a Float64Array or a 1-D tensor, found ${kindOf(first)}`);
  }
  const vectors = grads.map((g, i) => hostValues(op, g, i, first));
  const length = (vectors[0] as HostVector).length;
  vectors.forEach((v, i) => {
    if (v.length !== length) {
      throw new ShapeError(op, `every gradient must have the same length: grads[0] has ${length} elements, grads[${i}] has ${v.length}`);
    }
  });
  return vectors;
}

/**
 * The pipeline behind `pcgrad`, `mgda` and `cagrad`: read and check `grads`, let `weightsOf` choose
 * the weights from the Gram matrix, and form Σ_i w_i g_i in float64, returned as the inputs' kind.
 */
export function combineFlatGradients<G extends FlatGradient>(
  op: string, grads: readonly G[], weightsOf: (gram: Gram) => number[],
): CombinedGradient<G> {
  const vectors = readFlatGradients(op, grads);
  const gram = gramMatrix(vectors, op, (i) => `grads[${i}]`);
  const weights = withoutZeroGradients(gram, weightsOf(gram));
  const first = vectors[0] as HostVector;
  const out = weightedSum(vectors, weights, first instanceof Float32Array ? new Float32Array(first.length) : new Float64Array(first.length));
  const head = grads[0] as G;
  const grad = head instanceof Tensor ? fromTypedArray(out, [out.length], head.dtype) : out;
  return { grad: grad as G, weights };
}
