/** Central-difference gradient checks in float64. */
import * as tn from 'tasknet';

/** Largest violation found, for messages. */
export interface GradCheckResult {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * Compare the autograd gradient of L = Σ f(inputs) ⊙ c (c a fixed random cotangent) with
 * (L(x + εeᵢ) − L(x − εeᵢ)) / 2ε for every element of every float input.
 */
export function gradCheck(
  f: (...xs: tn.Tensor[]) => tn.Tensor, values: readonly number[][], shapes: readonly (readonly number[])[],
  dtypes: readonly tn.DType[], options: { eps?: number; atol?: number; rtol?: number } = {},
): GradCheckResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-6;
  const rtol = options.rtol ?? 1e-5;
  const make = (vals: readonly number[][], grad: boolean) => vals.map((v, i) =>
    tn.tensor(Array.from(v), { shape: [...(shapes[i] as number[])], dtype: dtypes[i] as tn.DType, requiresGrad: grad && dtypes[i] === 'float64' }));
  const inputs = make(values, true);
  const out = f(...inputs);
  const g = new tn.Generator(99);
  const cot = tn.tensor(Array.from({ length: out.size }, () => g.normal()), { shape: [...out.shape], dtype: 'float64' });
  const loss = (xs: tn.Tensor[]) => tn.sum(tn.mul(f(...xs), cot)).item();
  if (out.requiresGrad) tn.sum(tn.mul(out, cot)).backward();
  for (let i = 0; i < inputs.length; i++) {
    if (dtypes[i] !== 'float64') continue;
    const analytic = inputs[i]?.grad?.dataSync() ?? new Float64Array(values[i]?.length ?? 0);
    for (let j = 0; j < (values[i]?.length ?? 0); j++) {
      const plus = values.map((v) => [...v]);
      const minus = values.map((v) => [...v]);
      const base = (values[i] as number[])[j] as number;
      (plus[i] as number[])[j] = base + eps;
      (minus[i] as number[])[j] = base - eps;
      const numeric = tn.noGrad(() => (loss(make(plus, false)) - loss(make(minus, false))) / (2 * eps));
      const a = analytic[j] as number;
      if (!(Math.abs(a - numeric) <= atol + rtol * Math.abs(numeric))) {
        return { ok: false, message: `input ${i} element ${j}: autograd ${a}, central difference ${numeric}` };
      }
    }
  }
  return { ok: true, message: 'ok' };
}
