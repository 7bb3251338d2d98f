/** One gradient rule per primitive kernel, and nowhere else. */
import type { KernelName } from '../../backend/index.js';
import type { GradRule } from '../rule.js';
import { unaryGrad } from './unary.js';
import { binaryGrad } from './binary.js';
import { castGrad, whereGrad } from './select.js';
import { reduceGrad } from './reduce.js';
import { concatGrad, expandGrad, padGrad, permuteGrad, sliceGrad } from './movement.js';
import { matmulGrad } from './matmul.js';
import { gatherGrad, scatterAddGrad } from './indexing.js';
import { col2imGrad, im2colGrad, maxPoolGatherGrad, maxPoolScatterGrad } from './windows.js';

export { reshapeGrad } from './movement.js';

/** The rule of each differentiable kernel; kernels absent here (argReduce, random) have no gradient. */
export const gradRules: { readonly [K in KernelName]?: GradRule<K> } = {
  unary: unaryGrad,
  binary: binaryGrad,
  where: whereGrad,
  cast: castGrad,
  reduce: reduceGrad,
  permute: permuteGrad,
  expand: expandGrad,
  slice: sliceGrad,
  pad: padGrad,
  concat: concatGrad,
  matmul: matmulGrad,
  gather: gatherGrad,
  scatterAdd: scatterAddGrad,
  im2col: im2colGrad,
  col2im: col2imGrad,
  maxPoolGather: maxPoolGatherGrad,
  maxPoolScatter: maxPoolScatterGrad,
};
