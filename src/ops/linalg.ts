/** Matrix products: matmul (PyTorch semantics for 1-D and batched operands) and linear. */
import { formatShape, ShapeError } from '../core/index.js';
import { runKernel, type Tensor, scoped } from '../tensor/index.js';
import { add } from './arithmetic.js';
import { asFloat } from './operand.js';
import { squeeze, unsqueeze } from './shape.js';

function promoteFloat(a: Tensor, b: Tensor): [Tensor, Tensor] {
  let [x, y] = [asFloat(a), asFloat(b)];
  if (x.dtype !== y.dtype) [x, y] = [x.dtype === 'float64' ? x : asDouble(x), y.dtype === 'float64' ? y : asDouble(y)];
  return [x, y];
}

function asDouble(t: Tensor): Tensor {
  return runKernel('cast', [t], { dtype: 'float64' }, 'cast');
}

/**
 * Matrix product with PyTorch's rules: 1-D·1-D is a dot product, a 1-D operand is a row
 * (left) or column (right) vector, and leading batch dimensions broadcast.
 * @throws ShapeError `matmul: inner dimensions differ: [2,3] @ [4,5] (3 vs 4)`
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  return scoped([a, b], () => {
    if (a.ndim === 0 || b.ndim === 0) {
      throw new ShapeError('matmul', `both arguments need at least one dimension, found ${formatShape(a.shape)} @ ${formatShape(b.shape)}`);
    }
    const ka = a.shape[a.ndim - 1] as number;
    const kb = b.shape[b.ndim === 1 ? 0 : b.ndim - 2] as number;
    if (ka !== kb) {
      throw new ShapeError('matmul', `inner dimensions differ: ${formatShape(a.shape)} @ ${formatShape(b.shape)} (${ka} vs ${kb})`);
    }
    const [x, y] = promoteFloat(a, b);
    const left = x.ndim === 1 ? unsqueeze(x, 0) : x;
    const right = y.ndim === 1 ? unsqueeze(y, 1) : y;
    let out = runKernel('matmul', [left, right], { transposeA: false, transposeB: false }, 'matmul');
    if (y.ndim === 1) out = squeeze(out, -1);
    if (x.ndim === 1) out = squeeze(out, x.ndim === 1 && y.ndim === 1 ? 0 : -2);
    return out;
  });
}

/** 2-D matrix product (PyTorch `mm`). */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) throw new ShapeError('mm', `expected 2-D matrices, found ${formatShape(a.shape)} @ ${formatShape(b.shape)}`);
  return matmul(a, b);
}

/**
 * y = x·Wᵀ + b with W of shape [outFeatures, inFeatures] (PyTorch `F.linear`); no transpose is copied.
 * @throws ShapeError when x's last dimension is not inFeatures.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  return scoped([x, weight, bias], () => {
    if (weight.ndim !== 2) throw new ShapeError('linear', `weight must be 2-D [out, in], found ${formatShape(weight.shape)}`);
    const inFeatures = weight.shape[1] as number;
    if (x.ndim < 1 || x.shape[x.ndim - 1] !== inFeatures) {
      throw new ShapeError('linear', `input ${formatShape(x.shape)} must end in inFeatures=${inFeatures} to match weight ${formatShape(weight.shape)}`);
    }
    const [xf, w] = promoteFloat(x, weight);
    const rows = xf.ndim === 1 ? unsqueeze(xf, 0) : xf;
    let out = runKernel('matmul', [rows, w], { transposeA: false, transposeB: true }, 'linear');
    if (xf.ndim === 1) out = squeeze(out, 0);
    return bias === undefined ? out : add(out, bias);
  });
}
