/** The reference `sgd` update kernel: one SGD step over float32 arrays, in place. */
import { sgdStepFactors } from '../update-kernels.js';
import type { ReferenceUpdateKernel } from './reference-kernel.js';

/**
 * θ (and the momentum buffer, when given) updated in place, element by element, with every
 * operation rounded to float32 in `sgdUpdate`'s order (see `sgdStepFactors`).
 */
export const sgdStep: ReferenceUpdateKernel<'sgd'> = (grad, { param, momentumBuffer }, attrs) => {
  const f = Math.fround;
  const { gradSign, weightDecay, momentum, oneMinusDampening, lr } = sgdStepFactors(attrs);
  const l2 = weightDecay !== 0;
  for (let i = 0; i < param.length; i++) {
    const theta = param[i]!;
    let d = f(grad[i]! * gradSign);
    if (l2) d = f(d + f(theta * weightDecay));
    if (momentumBuffer !== undefined) {
      const b = f(f(momentumBuffer[i]! * momentum) + f(d * oneMinusDampening));
      momentumBuffer[i] = b;
      d = attrs.nesterov ? f(d + f(b * momentum)) : b;
    }
    param[i] = f(theta - f(d * lr));
  }
};
