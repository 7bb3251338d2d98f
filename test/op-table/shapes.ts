/** Op-table cases: shape, joining, slicing and indexing ops. */
import * as tn from 'tasknet';
import { at, build, permuteND, type ND } from '../helpers/nd.js';
import type { OpCase, OpErrors } from './types.js';

const reshaped = (shape: number[]) => (x: ND): ND => ({ shape, data: x.data });
const idx = (values: number[], shape = [values.length]) => ({ shape, kind: { values }, dtype: 'int32' as const });

/** Shape and indexing cases. */
export const shapeCases: OpCase[] = [
  { op: 'reshape', label: 'with -1', grad: true, inputs: [{ shape: [2, 6] }], run: (x) => tn.reshape(x, [3, -1]), reference: reshaped([3, 4]) },
  { op: 'flatten', label: 'from dim 1', grad: true, inputs: [{ shape: [2, 3, 2] }], run: (x) => tn.flatten(x, 1), reference: reshaped([2, 6]) },
  { op: 'squeeze', label: 'all', grad: true, inputs: [{ shape: [1, 3, 1, 2] }], run: (x) => tn.squeeze(x), reference: reshaped([3, 2]) },
  { op: 'squeeze', label: 'dim 2', grad: true, inputs: [{ shape: [1, 3, 1, 2] }], run: (x) => tn.squeeze(x, 2), reference: reshaped([1, 3, 2]) },
  { op: 'unsqueeze', label: 'dim -1', grad: true, inputs: [{ shape: [2, 3] }], run: (x) => tn.unsqueeze(x, -1), reference: reshaped([2, 3, 1]) },
  { op: 'transpose', label: 'dims 0,2', grad: true, inputs: [{ shape: [2, 3, 4] }], run: (x) => tn.transpose(x, 0, 2), reference: (x) => permuteND(x, [2, 1, 0]) },
  { op: 'permute', label: '[1,2,0]', grad: true, inputs: [{ shape: [2, 3, 4] }], run: (x) => tn.permute(x, [1, 2, 0]), reference: (x) => permuteND(x, [1, 2, 0]) },
  { op: 'expand', label: '[3,1] to [2,3,4]', grad: true, inputs: [{ shape: [3, 1] }], run: (x) => tn.expand(x, [2, -1, 4]), reference: (x) => build([2, 3, 4], (c) => at(x, [c[1] as number, 0])) },
  { op: 'slice', label: 'step 2', grad: true, inputs: [{ shape: [3, 7] }], run: (x) => tn.slice(x, 1, 1, 6, 2), reference: (x) => build([3, 3], (c) => at(x, [c[0] as number, 1 + 2 * (c[1] as number)])) },
  { op: 'slice', label: 'negative bounds', grad: true, inputs: [{ shape: [5, 2] }], run: (x) => tn.slice(x, 0, -4, -1), reference: (x) => build([3, 2], (c) => at(x, [1 + (c[0] as number), c[1] as number])) },
  {
    op: 'concat', label: 'dim 1', grad: true, inputs: [{ shape: [2, 2] }, { shape: [2, 3] }], run: (a, b) => tn.concat([a, b], 1),
    reference: (a, b) => build([2, 5], ([i, j]) => ((j as number) < 2 ? at(a, [i as number, j as number]) : at(b, [i as number, (j as number) - 2]))),
  },
  {
    op: 'stack', label: 'dim 1', grad: true, inputs: [{ shape: [2, 3] }, { shape: [2, 3] }], run: (a, b) => tn.stack([a, b], 1),
    reference: (a, b) => build([2, 2, 3], ([i, k, j]) => at(k === 0 ? a : b, [i as number, j as number])),
  },
  {
    op: 'split', label: 'sections [1,3] piece 1', grad: true, inputs: [{ shape: [2, 4] }], run: (x) => tn.split(x, [1, 3], 1)[1] as tn.Tensor,
    reference: (x) => build([2, 3], ([i, j]) => at(x, [i as number, (j as number) + 1])),
  },
  {
    op: 'split', label: 'size 2 last piece', grad: true, inputs: [{ shape: [5, 2] }], run: (x) => tn.split(x, 2)[2] as tn.Tensor,
    reference: (x) => build([1, 2], ([, j]) => at(x, [4, j as number])),
  },
  {
    op: 'pad', label: 'last two dims', grad: true, inputs: [{ shape: [2, 2, 3] }], run: (x) => tn.pad(x, [1, 2, 0, 1], 0.5),
    reference: (x) => build([2, 3, 6], ([a, i, j]) => ((i as number) < 2 && (j as number) >= 1 && (j as number) < 4 ? at(x, [a as number, i as number, (j as number) - 1]) : 0.5)),
  },
  {
    op: 'gather', label: 'dim 1', grad: true, inputs: [{ shape: [3, 4] }, idx([0, 3, 3, 1, 2, 2], [3, 2])], run: (x, i) => tn.gather(x, 1, i),
    reference: (x, i) => build([3, 2], ([r, c]) => at(x, [r as number, at(i, [r as number, c as number])])),
  },
  {
    op: 'gather', label: 'dim 0 smaller index', grad: true, inputs: [{ shape: [3, 4] }, idx([2, 0, 1, 1, 0, 2], [2, 3])], run: (x, i) => tn.gather(x, 0, i),
    reference: (x, i) => build([2, 3], ([r, c]) => at(x, [at(i, [r as number, c as number]), c as number])),
  },
  {
    op: 'indexSelect', label: 'dim 0 with repeats', grad: true, inputs: [{ shape: [4, 3] }, idx([3, 0, 3])], run: (x, i) => tn.indexSelect(x, 0, i),
    reference: (x, i) => build([3, 3], ([r, c]) => at(x, [i.data[r as number] as number, c as number])),
  },
  {
    op: 'oneHot', label: '4 classes', grad: false, inputs: [idx([0, 3, 1, 1], [2, 2])], run: (i) => tn.oneHot(i, 4),
    reference: (i) => build([2, 2, 4], ([a, b, k]) => (at(i, [a as number, b as number]) === k ? 1 : 0)),
  },
  {
    op: 'embedding', label: 'lookup', grad: true, inputs: [idx([1, 0, 2, 1], [2, 2]), { shape: [3, 4] }], run: (i, w) => tn.embedding(i, w),
    reference: (i, w) => build([2, 2, 4], ([a, b, d]) => at(w, [at(i, [a as number, b as number]), d as number])),
  },
  {
    // as PyTorch, the padding row is looked up but receives no gradient, so no central-difference check
    op: 'embedding', label: 'padding index', grad: false, inputs: [idx([1, 0, 2, 1], [2, 2]), { shape: [3, 4] }], run: (i, w) => tn.embedding(i, w, 0),
    reference: (i, w) => build([2, 2, 4], ([a, b, d]) => at(w, [at(i, [a as number, b as number]), d as number])),
  },
];

const m23 = () => tn.zeros([2, 3]);

/** Shape and indexing bad calls. */
export const shapeErrors: OpErrors[] = [
  { op: 'reshape', bad: [{ what: 'size mismatch', call: () => tn.reshape(m23(), [4, 2]), error: 'reshape: cannot view [2,3] (6 elements) as [4,2] (8 elements)' }] },
  { op: 'transpose', bad: [{ what: 'axis out of range', call: () => tn.transpose(m23(), 0, 2), error: 'transpose: axis 2 is out of range for a tensor of rank 2 (expected -2..1)' }] },
  { op: 'permute', bad: [{ what: 'not a permutation', call: () => tn.permute(m23(), [0, 0]), error: 'permute: expected a permutation of 0..1, found [0,0] for [2,3]' }] },
  { op: 'expand', bad: [{ what: 'incompatible', call: () => tn.expand(m23(), [4, 3]), error: 'expand: shapes cannot be broadcast: [2,3] and [4,3] (dimension -2: 2 vs 4)' }] },
  { op: 'concat', bad: [
    { what: 'shape mismatch', call: () => tn.concat([m23(), tn.zeros([3, 2])], 0), error: 'concat: shapes must match except on axis 0: input 0 is [2,3], input 1 is [3,2]' },
    { what: 'empty list', call: () => tn.concat([]), error: 'concat: expected a non-empty list of tensors' },
  ] },
  { op: 'stack', bad: [{ what: 'shape mismatch', call: () => tn.stack([m23(), tn.zeros([3])]), error: 'stack: all tensors must have the same shape: tensor 0 is [2,3], tensor 1 is [3]' }] },
  { op: 'split', bad: [{ what: 'sections do not add up', call: () => tn.split(m23(), [1, 1], 1), error: 'split: section sizes [1,1] must be non-negative integers adding up to 3 (dimension 1 of [2,3])' }] },
  { op: 'gather', bad: [
    { what: 'float index', call: () => tn.gather(m23(), 1, tn.zeros([2, 1])), error: 'gather: index must be an int32 tensor, found float32' },
    { what: 'index out of range', call: () => tn.gather(m23(), 1, tn.tensor([[5], [0]], { dtype: 'int32' })), error: 'gather: index 5 is out of range for a dimension of size 3' },
  ] },
  { op: 'oneHot', bad: [{ what: 'class out of range', call: () => tn.oneHot(tn.tensor([0, 4], { dtype: 'int32' }), 4), error: 'oneHot: class index 4 is out of range for numClasses 4' }] },
  { op: 'embedding', bad: [{ what: 'index out of range', call: () => tn.embedding(tn.tensor([3], { dtype: 'int32' }), m23()), error: 'embedding: index 3 is out of range for a dimension of size 2' }] },
  { op: 'pad', bad: [{ what: 'odd padding list', call: () => tn.pad(m23(), [1]), error: 'pad: expected an even number of padding sizes covering at most 2 dimensions, found [1]' }] },
];
