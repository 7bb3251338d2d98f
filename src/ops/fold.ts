/**
 * Sliding local blocks (PyTorch `F.unfold` and `F.fold`): the `im2col` and `col2im` kernels as
 * ops, each the other's gradient.
 */
import { formatShape, ShapeError } from '../core/index.js';
import { runKernel, type Tensor, scoped } from '../tensor/index.js';
import { squeeze, unsqueeze } from './shape.js';
import { toPair, windowGeometry, type WindowSpec } from './windows.js';

/** Options of unfold/fold: a number applies to both spatial dimensions. */
export interface FoldOptions {
  readonly stride?: number | readonly number[];
  readonly padding?: number | readonly number[];
  readonly dilation?: number | readonly number[];
}

function blockSpec(kernelSize: number | readonly number[], options: FoldOptions, op: string): WindowSpec {
  return {
    kernel: toPair(kernelSize, 'kernelSize', op, 1),
    stride: toPair(options.stride ?? 1, 'stride', op, 1),
    padding: toPair(options.padding ?? 0, 'padding', op, 0),
    dilation: toPair(options.dilation ?? 1, 'dilation', op, 1),
  };
}

/**
 * Every kh×kw block of x as a column (im2col, PyTorch `F.unfold`): y[n, (c·kh + i)·kw + j, oy·outW + ox]
 * = x[n, c, oy·sh + i·dh − ph, ox·sw + j·dw − pw], 0 in the padding.
 * @param x - [N, C, H, W] (or unbatched [C, H, W])
 * @returns [N, C·kh·kw, outH·outW]
 * @example tn.unfold(x, 3, {padding: 1}) // [N, 9·C, H·W]
 */
export function unfold(x: Tensor, kernelSize: number | readonly number[], options: FoldOptions = {}): Tensor {
  return scoped([x], () => {
    if (x.ndim === 3) return squeeze(unfold(unsqueeze(x, 0), kernelSize, options), 0);
    if (x.ndim !== 4) throw new ShapeError('unfold', `expected input [N, C, H, W] or [C, H, W], found ${formatShape(x.shape)}`);
    return runKernel('im2col', [x], { ...windowGeometry(blockSpec(kernelSize, options, 'unfold')), value: 0 }, 'unfold');
  });
}

/**
 * The adjoint of unfold (col2im, PyTorch `F.fold`): each column entry is added to the position
 * of the image of size `outputSize` it was read from; entries in the padding are dropped.
 * @param cols - [N, C·kh·kw, L] (or unbatched [C·kh·kw, L]), L the number of blocks that fit
 * @returns [N, C, outputSize[0], outputSize[1]]
 * @example tn.fold(tn.unfold(x, 2, {stride: 2}), [x.shape[2], x.shape[3]], 2, {stride: 2}) // x again
 */
export function fold(
  cols: Tensor, outputSize: number | readonly number[], kernelSize: number | readonly number[], options: FoldOptions = {},
): Tensor {
  return scoped([cols], () => {
    if (cols.ndim === 2) return squeeze(fold(unsqueeze(cols, 0), outputSize, kernelSize, options), 0);
    if (cols.ndim !== 3) throw new ShapeError('fold', `expected columns [N, C·kh·kw, L] or [C·kh·kw, L], found ${formatShape(cols.shape)}`);
    const size = toPair(outputSize, 'outputSize', 'fold', 1);
    return runKernel('col2im', [cols], { ...windowGeometry(blockSpec(kernelSize, options, 'fold')), size }, 'fold');
  });
}
