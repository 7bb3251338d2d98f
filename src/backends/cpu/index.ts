/**
 * backends/cpu: the CPU reference backend. Importing this module registers the backend as
 * `'cpu'` (priority 1) and every primitive kernel for it, exactly once.
 */
import { registerBackend, registerKernel } from '../../backend/index.js';
import { argReduceKernel } from './arg-reduce.js';
import { binaryKernel } from './binary.js';
import { castKernel } from './cast.js';
import { concatKernel } from './concat.js';
import { CpuBackend } from './cpu-backend.js';
import { expandKernel } from './expand.js';
import { gatherKernel } from './gather.js';
import { matmulKernel } from './matmul.js';
import { padKernel } from './pad.js';
import { permuteKernel } from './permute.js';
import { randomKernel } from './random.js';
import { reduceKernel } from './reduce.js';
import { scatterAddKernel } from './scatter-add.js';
import { sliceKernel } from './slice.js';
import { unaryKernel } from './unary.js';
import { whereKernel } from './where.js';

export { CpuBackend, CpuStorage, valuesOf } from './cpu-backend.js';
export { erf } from './erf.js';

registerBackend('cpu', () => new CpuBackend(), 1);
registerKernel('cpu', 'unary', unaryKernel);
registerKernel('cpu', 'binary', binaryKernel);
registerKernel('cpu', 'where', whereKernel);
registerKernel('cpu', 'cast', castKernel);
registerKernel('cpu', 'reduce', reduceKernel);
registerKernel('cpu', 'argReduce', argReduceKernel);
registerKernel('cpu', 'permute', permuteKernel);
registerKernel('cpu', 'expand', expandKernel);
registerKernel('cpu', 'slice', sliceKernel);
registerKernel('cpu', 'pad', padKernel);
registerKernel('cpu', 'concat', concatKernel);
registerKernel('cpu', 'matmul', matmulKernel);
registerKernel('cpu', 'gather', gatherKernel);
registerKernel('cpu', 'scatterAdd', scatterAddKernel);
registerKernel('cpu', 'random', randomKernel);
