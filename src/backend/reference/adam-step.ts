/** The reference `adam` update kernel: one Adam or AdamW step over float32 arrays, in place. */
import { adamStepFactors } from '../update-kernels.js';
import type { ReferenceUpdateKernel } from './reference-kernel.js';

/**
 * θ, m, v (and v̂ with AMSGrad) updated in place, element by element, with every operation
 * rounded to float32 in `adamUpdate`'s order (see `adamStepFactors`), so the results equal the
 * composite path's.
 */
export const adamStep: ReferenceUpdateKernel<'adam'> = (grad, { param, expAvg, expAvgSq, maxExpAvgSq }, attrs) => {
  const f = Math.fround;
  const {
    paramScale, gradSign, weightDecay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, biasCorrection2Sqrt, eps, negStepSize,
  } = adamStepFactors(attrs);
  const l2 = weightDecay !== 0;
  for (let i = 0; i < param.length; i++) {
    const theta = f(param[i]! * paramScale);
    let g = f(grad[i]! * gradSign);
    if (l2) g = f(g + f(theta * weightDecay));
    const m = f(f(expAvg[i]! * beta1) + f(g * oneMinusBeta1));
    const v = f(f(expAvgSq[i]! * beta2) + f(f(g * g) * oneMinusBeta2));
    expAvg[i] = m;
    expAvgSq[i] = v;
    let second = v;
    if (maxExpAvgSq !== undefined) {
      second = Math.max(maxExpAvgSq[i]!, v);
      maxExpAvgSq[i] = second;
    }
    const denom = f(f(f(Math.sqrt(second)) / biasCorrection2Sqrt) + eps);
    param[i] = f(theta + f(f(m / denom) * negStepSize));
  }
};
