/** The op table: every op's cases and bad calls, consumed by the generic suites. */
import { elementwiseCases, elementwiseErrors } from './elementwise.js';
import { reductionCases, reductionErrors } from './reductions.js';
import { shapeCases, shapeErrors } from './shapes.js';
import { layerCases, layerErrors } from './layers.js';
import { foldCases, foldErrors } from './folds.js';
import type { OpCase, OpErrors } from './types.js';

export type { OpCase, OpErrors, BadCall } from './types.js';

/** All cases. */
export const opCases: readonly OpCase[] = [...elementwiseCases, ...reductionCases, ...shapeCases, ...layerCases, ...foldCases];

/** All bad calls. */
export const opErrors: readonly OpErrors[] = [...elementwiseErrors, ...reductionErrors, ...shapeErrors, ...layerErrors, ...foldErrors];

/** The ops issue #2 requires, each of which must have cases (and golden fixtures). */
export const REQUIRED_OPS: readonly string[] = [
  'add', 'sub', 'mul', 'div', 'pow', 'neg', 'exp', 'log', 'log1p', 'sqrt', 'rsqrt', 'abs', 'sign', 'maximum', 'minimum',
  'clamp', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'where', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'elu', 'gelu', 'softplus',
  'silu', 'step', 'softmax', 'logSoftmax', 'logSumExp', 'sum', 'mean', 'max', 'min', 'argmax', 'argmin', 'var', 'std',
  'norm', 'reshape', 'flatten', 'squeeze', 'unsqueeze', 'transpose', 'permute', 'expand', 'slice', 'concat', 'stack',
  'split', 'pad', 'gather', 'indexSelect', 'oneHot', 'matmul', 'conv1d', 'conv2d', 'maxPool2d', 'avgPool2d',
  'adaptiveAvgPool2d', 'dropout', 'embedding',
];
