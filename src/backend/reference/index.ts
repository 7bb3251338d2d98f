/**
 * The reference kernels: every primitive kernel, and every update kernel, written for clarity over host typed arrays.
 * They are the specification the backends are tested against; the cpu backend is a thin
 * wrapper around them, and faster backends call them for what they have not specialised.
 */
import type { KernelName } from '../kernels.js';
import type { UpdateKernelName } from '../update-kernels.js';
import { adamStep } from './adam-step.js';
import { argReduceKernel } from './arg-reduce.js';
import { binaryKernel } from './binary.js';
import { castKernel } from './cast.js';
import { col2imKernel } from './col2im.js';
import { concatKernel } from './concat.js';
import { expandKernel } from './expand.js';
import { gatherKernel } from './gather.js';
import { im2colKernel } from './im2col.js';
import { matmulKernel } from './matmul.js';
import { maxPoolGatherKernel, maxPoolScatterKernel } from './max-pool.js';
import { padKernel } from './pad.js';
import { permuteKernel } from './permute.js';
import { randomKernel } from './random.js';
import { reduceKernel } from './reduce.js';
import { scatterAddKernel } from './scatter-add.js';
import { sgdStep } from './sgd-step.js';
import { sliceKernel } from './slice.js';
import { unaryKernel } from './unary.js';
import { whereKernel } from './where.js';
import type { ReferenceKernel, ReferenceUpdateKernel } from './reference-kernel.js';

export type { ArrayInputs, ArrayTensor, ReferenceKernel, ReferenceUpdateKernel } from './reference-kernel.js';
export { axisView, type AxisView } from './axis-view.js';
export { collapseDims, forEachRow, stridedCopy, type CollapsedLoop, type RowVisitor } from './strided-loop.js';
export { checkIndexRange } from './gather.js';
export { powFloat, powInt } from './binary.js';
export { roundHalfEven, sigmoid } from './unary.js';
export { erf } from './erf.js';

/** The reference implementation of every primitive kernel, by kernel name. */
export const referenceKernels: { readonly [K in KernelName]: ReferenceKernel<K> } = {
  unary: unaryKernel,
  binary: binaryKernel,
  where: whereKernel,
  cast: castKernel,
  reduce: reduceKernel,
  argReduce: argReduceKernel,
  permute: permuteKernel,
  expand: expandKernel,
  slice: sliceKernel,
  pad: padKernel,
  concat: concatKernel,
  matmul: matmulKernel,
  gather: gatherKernel,
  scatterAdd: scatterAddKernel,
  im2col: im2colKernel,
  col2im: col2imKernel,
  maxPoolGather: maxPoolGatherKernel,
  maxPoolScatter: maxPoolScatterKernel,
  random: randomKernel,
};

/** The reference implementation of every update kernel, by name. */
export const referenceUpdateKernels: { readonly [K in UpdateKernelName]: ReferenceUpdateKernel<K> } = {
  adam: adamStep,
  sgd: sgdStep,
};
