/**
 * Weight initialisers (PyTorch `nn.init`): each fills a tensor in place (via `assign`, under
 * `noGrad`) and returns it. Random draws come from the seeded global generator.
 */
import { formatShape, ShapeError, ValueError, type Shape } from '../core/index.js';
import { fromTypedArray, full, noGrad, rand, randn, tidy, type Tensor } from '../tensor/index.js';
import { add, mul } from '../ops/index.js';

/** Activations `calculateGain` knows. */
export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** (fanIn, fanOut) of a weight: for [out, in, ...k], fanIn = in·∏k and fanOut = out·∏k. */
export function calculateFanInAndFanOut(shape: Shape): [fanIn: number, fanOut: number] {
  if (shape.length < 2) throw new ShapeError('init', `fan in and fan out need at least 2 dimensions, found ${formatShape(shape)}`);
  const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
  return [(shape[1] as number) * receptive, (shape[0] as number) * receptive];
}

/** The recommended gain for a nonlinearity (relu √2, tanh 5/3, leaky_relu √(2/(1+a²)), selu 3/4). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': { const a = param ?? 0.01; return Math.sqrt(2 / (1 + a * a)); }
    case 'selu': return 3 / 4;
    default: throw new ValueError('calculateGain', `unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/** Assign `make()` to `t` in place; the temporaries it creates are freed (t keeps the storage). */
function fill(t: Tensor, make: () => Tensor): Tensor {
  noGrad(() => tidy(() => { t.assign(make()); }));
  return t;
}

/** Fill with U(a, b). */
export function uniform_(t: Tensor, a = 0, b = 1): Tensor {
  return fill(t, () => add(mul(rand(t.shape, { dtype: t.dtype }), b - a), a));
}

/** Fill with N(mean, std²). */
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return fill(t, () => add(mul(randn(t.shape, { dtype: t.dtype }), std), mean));
}

/** Fill with a constant. */
export function constant_(t: Tensor, value: number): Tensor {
  return fill(t, () => full(t.shape, value, { dtype: t.dtype }));
}

/** Fill with zeros. */
export function zeros_(t: Tensor): Tensor { return constant_(t, 0); }

/** Fill with ones. */
export function ones_(t: Tensor): Tensor { return constant_(t, 1); }

/** Xavier/Glorot uniform: U(−b, b), b = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound);
}

/** Xavier/Glorot normal: N(0, std²), std = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

/** Options of the Kaiming (He) initialisers. */
export interface KaimingOptions {
  /** Negative slope of the following leaky ReLU (0 for ReLU). */
  readonly a?: number;
  /** Preserve the variance of the forward (`fanIn`, default) or backward (`fanOut`) pass. */
  readonly mode?: 'fanIn' | 'fanOut';
  /** The nonlinearity that follows (default `leaky_relu`, as PyTorch). */
  readonly nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, options: KaimingOptions): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const fan = (options.mode ?? 'fanIn') === 'fanIn' ? fanIn : fanOut;
  return calculateGain(options.nonlinearity ?? 'leaky_relu', options.a ?? 0) / Math.sqrt(fan);
}

/** Kaiming/He uniform: U(−b, b), b = gain·√(3 / fan). */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform_(t, -bound, bound);
}

/** Kaiming/He normal: N(0, (gain/√fan)²). */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal_(t, 0, kaimingStd(t, options));
}

/** A (semi-)orthogonal matrix scaled by `gain` (Gram–Schmidt on a normal draw; rows or columns orthonormal). */
export function orthogonal_(t: Tensor, gain = 1): Tensor {
  if (t.ndim < 2) throw new ShapeError('orthogonal_', `expected at least 2 dimensions, found ${formatShape(t.shape)}`);
  const rows = t.shape[0] as number;
  const cols = t.size / rows;
  const transposed = rows < cols;
  const [n, m] = transposed ? [cols, rows] : [rows, cols]; // n ≥ m: orthonormalise m columns of length n
  const drawn = randn([m, n], { dtype: 'float64' });
  const draw = drawn.dataSync();
  drawn.dispose();
  const q = Float64Array.from(draw);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += (q[j * n + i] as number) * (q[k * n + i] as number);
      for (let i = 0; i < n; i++) q[j * n + i] = (q[j * n + i] as number) - dot * (q[k * n + i] as number);
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (q[j * n + i] as number) ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) q[j * n + i] = (q[j * n + i] as number) / norm;
  }
  // q holds m orthonormal vectors of length n, row-major [m, n]; the weight is [rows, cols]
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = gain * (transposed ? (q[r * n + c] as number) : (q[c * n + r] as number));
  }
  const values = t.dtype === 'float64' ? out : Float32Array.from(out);
  return fill(t, () => fromTypedArray(values, t.shape, t.dtype));
}
