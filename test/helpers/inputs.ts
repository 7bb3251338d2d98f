/** Sample inputs for the op table, drawn from a seeded generator. */
import * as tn from 'tasknet';
import type { ND } from './nd.js';
import { sizeOf } from './nd.js';

/** How to fill an input. */
export type InputKind =
  | 'real'      // normal, kept away from 0 (|x| ≥ 0.1) so kinks are not sampled
  | 'positive'  // uniform in [0.5, 2]
  | 'distinct'  // a shuffled arithmetic sequence: no ties for max/argmax/pooling
  | 'unit'      // uniform in (−0.9, 0.9)
  | { readonly values: readonly number[] }; // exactly these

/** One input of an op-table case. */
export interface InputSpec {
  readonly shape: readonly number[];
  readonly kind?: InputKind;
  readonly dtype?: tn.DType;
}

/** Draw the values of an input. */
export function sampleValues(spec: InputSpec, g: tn.Generator): number[] {
  const n = sizeOf(spec.shape);
  const kind = spec.kind ?? 'real';
  if (typeof kind === 'object') {
    if (kind.values.length !== n) throw new Error(`input values: expected ${n}, found ${kind.values.length}`);
    return [...kind.values];
  }
  switch (kind) {
    case 'positive': return Array.from({ length: n }, () => g.uniform(0.5, 2));
    case 'unit': return Array.from({ length: n }, () => g.uniform(-0.9, 0.9));
    case 'distinct': {
      const perm = g.permutation(n);
      return Array.from(perm, (p) => (p - n / 2) * 0.173 + 0.05);
    }
    default: return Array.from({ length: n }, () => {
      const v = g.normal();
      return Math.abs(v) < 0.1 ? (v < 0 ? -0.1 - Math.abs(v) : 0.1 + v) : v;
    });
  }
}

/** Turn sampled values into a tensor of the requested (or given) dtype. */
export function toTensor(spec: InputSpec, values: readonly number[], dtype: tn.DType, requiresGrad = false): tn.Tensor {
  const d = spec.dtype ?? dtype;
  return tn.tensor(Array.from(values), { shape: [...spec.shape], dtype: d, requiresGrad: requiresGrad && (d === 'float32' || d === 'float64') });
}

/** A tensor's contents as an ND, read asynchronously (every backend, the GPU included). */
export async function readND(t: tn.Tensor): Promise<ND> {
  return { shape: [...t.shape], data: Array.from(await t.data(), Number) };
}
