/**
 * Kernel-level conformance of the wasm backend against the cpu reference backend: every
 * primitive kernel, every dtype, and the operand layouts the kernels special-case (same shape,
 * scalar, row/column/outer broadcast, odd lengths that leave SIMD tails, permuted and sliced
 * strides), with special values (NaN, ±Infinity, ±0, halves, out-of-int32-range floats).
 * Both backends run the same call through the kernel registry; errors must match too.
 *
 * Tolerances, stated per kernel:
 * - exact (NaN matches NaN, −0 matches +0): data movement, where, cast, gather, scatterAdd, the
 *   sliding-window kernels (im2col, col2im, maxPoolGather, maxPoolScatter: same order of additions),
 *   comparisons, float32 +, −, ×, ÷, max, min (a float32 result rounds the same whether
 *   computed in float32 or in double), neg/abs/sign/floor/ceil/round/sqrt/reciprocal, max/min
 *   reductions, and every kernel or dtype the wasm backend runs through the reference kernels;
 * - 1 float32 ulp (|Δ| ≤ 2⁻²³·|expected|): float32 transcendental functions (a different
 *   double-precision libm, rounded once) and float32 sums (double accumulation in another order);
 * - float32 matmul: |Δ| ≤ γₖ·Σₚ|aᵢₚ·bₚⱼ| + 2⁻²⁴·|expected| with γₖ = k·2⁻²⁴/(1 − k·2⁻²⁴), the
 *   rigorous bound for a float32 dot product in any order (the reference accumulates in double).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getKernel, inferOutput, type Backend, type KernelAttrs, type KernelName, type TensorInfo,
} from 'tasknet/backend';
import { CpuBackend } from 'tasknet/backends/cpu';
import { createWasmBackend, type WasmBackend } from 'tasknet/backends/wasm';
import { castArray, sizeOf, uniformAt, type DType, type Shape } from 'tasknet/core';

const cpu = new CpuBackend();
let wasm: WasmBackend;
before(async () => { wasm = await createWasmBackend(); });

const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 0.5, 1.5, 2.5, -2.5, -0.5, 1e-8, 3e9, -3e9, 1e20, 88.5, -104];

interface Input {
  readonly values: readonly number[];
  readonly shape: Shape;
  readonly dtype: DType;
}

type Tolerance = 'exact' | 'ulp' | { gemm: { a: Input; b: Input; transposeA: boolean; transposeB: boolean } };

let seedCounter = 1;

/** Deterministic sample values of a dtype: normals for floats (with special values when asked), small ints, bools. */
function sample(shape: Shape, dtype: DType, specials = false): Input {
  const seed = seedCounter++;
  const n = sizeOf(shape);
  const values = Array.from({ length: n }, (_, i) => {
    const u = uniformAt(seed, i);
    if (dtype === 'bool') return u < 0.5 ? 0 : 1;
    if (dtype === 'int32') return Math.floor(u * 11) - 5;
    if (specials && i % 3 === 1) return SPECIALS[(i * 7 + seed) % SPECIALS.length]!;
    return (u - 0.5) * 6;
  });
  return { values, shape, dtype };
}

interface Outcome {
  readonly values?: number[];
  readonly shape?: Shape;
  readonly dtype?: DType;
  readonly error?: string;
}

function runOn<K extends KernelName>(backend: Backend, name: K, inputs: readonly Input[], attrs: KernelAttrs<K>): Outcome {
  const infos: TensorInfo[] = inputs.map((x) => ({ storage: backend.write(castArray(x.values, x.dtype), x.dtype), shape: x.shape, dtype: x.dtype }));
  try {
    const out = inferOutput(name, infos as never, attrs);
    const storage = getKernel(backend.name, name)(backend, infos as never, attrs, out);
    assert.equal(storage.dtype, out.dtype, `${backend.name} ${name}: storage dtype`);
    assert.equal(storage.size, sizeOf(out.shape), `${backend.name} ${name}: storage size`);
    const values = Array.from(backend.readSync!(storage), Number);
    backend.release(storage);
    return { values, shape: out.shape, dtype: out.dtype };
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return { error: String(error) };
  } finally {
    for (const info of infos) backend.release(info.storage);
  }
}

/** Σₚ|A(i,p)·B(p,j)| for output element `index` of a (batched, broadcast) matmul whose output shape is `outShape`. */
function absDot(tol: { a: Input; b: Input; transposeA: boolean; transposeB: boolean }, outShape: Shape, index: number): number {
  const { a, b, transposeA, transposeB } = tol;
  const rank = outShape.length;
  const m = outShape[rank - 2]!;
  const n = outShape[rank - 1]!;
  const ra = a.shape.length;
  const rb = b.shape.length;
  const k = a.shape[transposeA ? ra - 2 : ra - 1]!;
  const i = Math.floor(index / n) % m;
  const j = index % n;
  // The batch position of the element, mapped into each operand's own (broadcast) batch axes.
  let rest = Math.floor(index / (m * n));
  let aBatch = 0;
  let bBatch = 0;
  let aStride = 1;
  let bStride = 1;
  for (let axis = rank - 3; axis >= 0; axis--) {
    const size = outShape[axis]!;
    const pos = rest % size;
    rest = Math.floor(rest / size);
    const aAxis = axis - (rank - ra);
    const bAxis = axis - (rank - rb);
    if (aAxis >= 0) {
      const d = a.shape[aAxis]!;
      aBatch += (d === 1 ? 0 : pos) * aStride;
      aStride *= d;
    }
    if (bAxis >= 0) {
      const d = b.shape[bAxis]!;
      bBatch += (d === 1 ? 0 : pos) * bStride;
      bStride *= d;
    }
  }
  let s = 0;
  for (let p = 0; p < k; p++) {
    const av = a.values[aBatch * m * k + (transposeA ? p * m + i : i * k + p)]!;
    const bv = b.values[bBatch * k * n + (transposeB ? j * k + p : p * n + j)]!;
    s += Math.abs(av * bv);
  }
  const u = 2 ** -24;
  return ((k * u) / (1 - k * u)) * s;
}

function same(x: number, y: number): boolean {
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

/** Run `name` on both backends and compare outputs (or error messages). */
function conform<K extends KernelName>(name: K, inputs: readonly Input[], attrs: KernelAttrs<K>, tolerance: Tolerance = 'exact'): void {
  const label = `${name} ${JSON.stringify(attrs)} on ${inputs.map((x) => `${x.dtype}[${x.shape.join(',')}]`).join(', ')}`;
  const expected = runOn(cpu, name, inputs, attrs);
  const actual = runOn(wasm, name, inputs, attrs);
  if (expected.error !== undefined || actual.error !== undefined) {
    assert.equal(actual.error, expected.error, `${label}: errors differ`);
    return;
  }
  assert.deepEqual(actual.shape, expected.shape, `${label}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${label}: dtype`);
  const ev = expected.values!;
  const av = actual.values!;
  assert.equal(av.length, ev.length, `${label}: length`);
  const floatOut = expected.dtype === 'float32';
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i]!;
    const a = av[i]!;
    if (same(a, e)) continue;
    let bound = 0;
    if (floatOut && tolerance === 'ulp') bound = 2 ** -23 * Math.abs(e);
    else if (floatOut && typeof tolerance === 'object') bound = absDot(tolerance.gemm, expected.shape!, i) + 2 ** -24 * Math.abs(e);
    assert.ok(Number.isFinite(e) && Math.abs(a - e) <= bound, `${label}: element ${i} is ${a}, the reference gives ${e} (tolerance ${tolerance === 'exact' ? 'exact' : bound})`);
  }
}

/** Operand layouts of a broadcasting binary op: [a shape, b shape]. */
const BROADCASTS: readonly [Shape, Shape][] = [
  [[3, 5], [3, 5]], [[7, 33], [7, 33]], [[37], []], [[], [37]], [[6, 19], [19]], [[6, 19], [6, 1]], [[5, 1], [1, 18]],
  [[2, 1, 9], [3, 1]], [[2, 3, 4, 5], [3, 1, 5]], [[], []], [[0, 3], [3]],
];

describe('wasm conforms to cpu: element-wise kernels', () => {
  test('unary: every op on every dtype, with special values', () => {
    const ops: KernelAttrs<'unary'>['op'][] = ['neg', 'abs', 'sign', 'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt',
      'reciprocal', 'sin', 'cos', 'tanh', 'sigmoid', 'erf', 'floor', 'ceil', 'round', 'logicalNot', 'isnan'];
    const exactOps = new Set(['neg', 'abs', 'sign', 'sqrt', 'reciprocal', 'floor', 'ceil', 'round', 'logicalNot', 'isnan']);
    for (const op of ops) {
      for (const dtype of DTYPES) {
        for (const shape of [[43], [3, 4], []] as Shape[]) {
          conform('unary', [sample(shape, dtype, true)], { op }, exactOps.has(op) ? 'exact' : 'ulp');
        }
      }
    }
  });

  test('float32 exp, log, tanh and sigmoid (vectorised in the module) within 1 ulp over their whole range', () => {
    const n = 100_003;
    const values = Array.from({ length: n }, (_, i) => {
      const u = uniformAt(97, i);
      switch (i % 5) {
        case 0: return (u - 0.5) * 240; // past both ends of exp's float32 range
        case 1: return (u - 0.5) * 2;
        case 2: return (u - 0.5) * 1e-3; // tanh's series branch
        case 3: return Math.exp((u - 0.5) * 200); // log: subnormal to huge
        default: return SPECIALS[i % SPECIALS.length]!;
      }
    });
    for (const op of ['exp', 'log', 'tanh', 'sigmoid'] as const) conform('unary', [{ values, shape: [n], dtype: 'float32' }], { op }, 'ulp');
  });

  test('binary: every op, every dtype, every broadcast layout', () => {
    const ops: KernelAttrs<'binary'>['op'][] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne',
      'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr'];
    for (const op of ops) {
      for (const dtype of DTYPES) {
        for (const [sa, sb] of BROADCASTS) {
          conform('binary', [sample(sa, dtype, true), sample(sb, dtype, true)], { op });
        }
      }
    }
    // equal values, so comparisons see ties
    const tied = sample([40], 'float32');
    for (const op of ['eq', 'ne', 'le', 'ge', 'lt'] as const) conform('binary', [tied, tied], { op });
  });

  test('where: same and mixed dtypes, broadcast condition and operands', () => {
    const layouts: [Shape, Shape, Shape][] = [[[4, 9], [4, 9], [4, 9]], [[4, 9], [4, 9], []], [[9], [4, 9], [4, 1]],
      [[3, 1, 5], [1, 4, 5], [5]], [[37], [37], [37]]];
    for (const dtype of DTYPES) {
      for (const [sc, sa, sb] of layouts) {
        conform('where', [sample(sc, 'bool'), sample(sa, dtype, true), sample(sb, dtype, true)], {});
      }
    }
    conform('where', [sample([4, 9], 'bool'), sample([4, 9], 'float32'), sample([4, 9], 'int32')], {});
    conform('where', [sample([4, 9], 'bool'), sample([9], 'int32'), sample([4, 9], 'float64')], {});
  });

  test('cast: every pair of dtypes, with NaN, infinities and floats beyond int32', () => {
    for (const from of DTYPES) {
      for (const to of DTYPES) conform('cast', [sample([61], from, true)], { dtype: to });
    }
    const wide = [2 ** 31, -(2 ** 31) - 1, 2 ** 32 + 5.5, -(2 ** 40) - 3, 1e300, -1e300, 2 ** 63, 4294967295.9];
    conform('cast', [{ values: wide, shape: [wide.length], dtype: 'float64' }], { dtype: 'int32' });
    conform('cast', [{ values: wide, shape: [wide.length], dtype: 'float32' }], { dtype: 'int32' });
  });
});

describe('wasm conforms to cpu: reductions', () => {
  test('reduce: sum, max, min over adjacent and split axes, every dtype, keepDims', () => {
    const axesList: number[][] = [[], [0], [3], [1, 2], [0, 1], [2, 3], [0, 1, 2, 3], [0, 2, 3], [0, 3], [0, 2], [1, 3]];
    for (const op of ['sum', 'max', 'min'] as const) {
      for (const dtype of DTYPES) {
        for (const axes of axesList) {
          for (const keepDims of [false, true]) {
            conform('reduce', [sample([2, 3, 5, 7], dtype)], { op, axes, keepDims }, op === 'sum' ? 'ulp' : 'exact');
          }
        }
        conform('reduce', [sample([3, 1, 33], dtype)], { op, axes: [0, 1], keepDims: false }, op === 'sum' ? 'ulp' : 'exact');
        conform('reduce', [sample([129], dtype, true)], { op, axes: [0], keepDims: false }, op === 'sum' ? 'ulp' : 'exact');
        conform('reduce', [sample([], dtype)], { op, axes: [], keepDims: false }, 'exact');
      }
    }
    conform('reduce', [sample([0, 4], 'float32')], { op: 'sum', axes: [0], keepDims: false });
    conform('reduce', [sample([0, 4], 'float32')], { op: 'max', axes: [0], keepDims: false });
    conform('reduce', [sample([4, 300], 'float32')], { op: 'sum', axes: [0], keepDims: true }, 'ulp');
  });

  test('argReduce', () => {
    for (const dtype of DTYPES) {
      for (const axis of [0, 1, -1]) {
        conform('argReduce', [sample([4, 6, 5], dtype, true)], { op: 'argmax', axis, keepDims: false });
        conform('argReduce', [sample([4, 6, 5], dtype, true)], { op: 'argmin', axis, keepDims: true });
      }
    }
    // many ties (the first extreme wins) and NaN in a vector column
    const ties = Array.from({ length: 4 * 9 * 7 }, (_, i) => (i === 100 ? NaN : Math.floor(uniformAt(5, i) * 3)));
    for (const axis of [0, 1, 2]) {
      for (const op of ['argmax', 'argmin'] as const) conform('argReduce', [{ values: ties, shape: [4, 9, 7], dtype: 'float32' }], { op, axis, keepDims: false });
    }
  });
});

describe('wasm conforms to cpu: data movement', () => {
  test('permute, expand, slice and pad on every dtype', () => {
    for (const dtype of DTYPES) {
      const x = sample([2, 3, 4, 5], dtype, true);
      for (const perm of [[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 3, 1], [1, 0, 2, 3], [0, 1, 3, 2], [2, 0, 3, 1]]) {
        conform('permute', [x], { perm });
      }
      conform('permute', [sample([2, 1, 3, 1, 2, 2], dtype)], { perm: [5, 4, 3, 2, 1, 0] });
      conform('expand', [sample([3, 1], dtype)], { shape: [2, 3, 4] });
      conform('expand', [sample([], dtype)], { shape: [5] });
      conform('expand', [sample([1, 4], dtype)], { shape: [3, 4] });
      conform('expand', [sample([2, 1, 3, 1, 2], dtype)], { shape: [2, 2, 2, 3, 2, 2] });
      conform('slice', [x], { begin: [0, 1, 1, 2], size: [2, 2, 3, 3] });
      conform('slice', [x], { begin: [1, 0, 0, 0], size: [1, 3, 4, 5] });
      conform('slice', [x], { begin: [0, 2, 0, 4], size: [2, 0, 4, 1] });
      conform('pad', [x], { pads: [[0, 0], [1, 0], [2, 1], [0, 3]], value: 0 });
      conform('pad', [x], { pads: [[1, 1], [0, 0], [0, 0], [1, 1]], value: 1.5 });
      conform('pad', [sample([], dtype)], { pads: [], value: -2 });
    }
  });

  test('concat on every dtype and axis, with an empty input', () => {
    for (const dtype of DTYPES) {
      for (const axis of [0, 1, 2, -1]) {
        const shape = (d: number): Shape => [2, 3, 4].map((s, i) => (i === (axis + 3) % 3 ? d : s));
        conform('concat', [sample(shape(2), dtype), sample(shape(0), dtype), sample(shape(5), dtype)], { axis });
      }
      conform('concat', [sample([], dtype), sample([], dtype)], { axis: 0 });
    }
  });

  test('gather and scatterAdd on every dtype and axis, with repeated and bad indices', () => {
    const idx = (values: number[], shape: Shape = [values.length]): Input => ({ values, shape, dtype: 'int32' });
    for (const dtype of DTYPES) {
      const x = sample([4, 5, 6], dtype, true);
      conform('gather', [x, idx([3, 0, 3, 1])], { axis: 0 });
      conform('gather', [x, idx([4, 4, 0, 2, 1, 3], [2, 3])], { axis: 1 });
      conform('gather', [x, idx([5, 0, 0])], { axis: -1 });
      conform('gather', [x, idx([])], { axis: 2 });
      conform('gather', [x, idx([0, 6])], { axis: 2 });
      conform('gather', [x, idx([-1])], { axis: 0 });
      conform('scatterAdd', [x, idx([3, 0, 3, 1]), sample([4, 5, 6], dtype)], { axis: 0 });
      conform('scatterAdd', [x, idx([4, 4, 0], [3]), sample([4, 3, 6], dtype)], { axis: 1 });
      conform('scatterAdd', [x, idx([5, 0, 5, 5, 1]), sample([4, 5, 5], dtype)], { axis: 2 });
      conform('scatterAdd', [x, idx([9]), sample([1, 5, 6], dtype)], { axis: 0 });
    }
    conform('gather', [sample([1000, 16], 'float32'), idx([999, 0, 17, 17, 512])], { axis: 0 });
  });

  test('random draws are identical', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      for (const dist of ['uniform', 'normal'] as const) conform('random', [], { dist, seed: 42, shape: [5, 7], dtype });
    }
  });
});

describe('wasm conforms to cpu: sliding windows', () => {
  type Geometry = KernelAttrs<'maxPoolGather'>;
  const geometry = (kernel: [number, number], stride: [number, number], dilation: [number, number],
    pads: [[number, number], [number, number]]): Geometry => ({ kernel, stride, dilation, pads });
  /** [image shape, geometry]: SIMD tails (odd widths), strides 1–3, dilation, asymmetric and ceil-mode padding, rows wider than many vectors. */
  const layouts: [Shape, Geometry][] = [
    [[2, 3, 7, 9], geometry([3, 3], [1, 1], [1, 1], [[1, 1], [1, 1]])],
    [[2, 3, 8, 12], geometry([2, 2], [2, 2], [1, 1], [[0, 0], [0, 0]])],
    [[1, 2, 7, 9], geometry([2, 2], [2, 2], [1, 1], [[0, 0], [0, 0]])],
    [[1, 2, 5, 5], geometry([2, 2], [2, 2], [1, 1], [[0, 1], [0, 1]])],
    [[2, 2, 9, 11], geometry([3, 3], [2, 2], [1, 1], [[1, 1], [1, 1]])],
    [[1, 2, 8, 13], geometry([2, 3], [1, 2], [2, 1], [[1, 0], [2, 1]])],
    [[1, 3, 10, 10], geometry([1, 1], [3, 3], [1, 1], [[0, 0], [0, 0]])],
    [[1, 1, 5, 37], geometry([2, 2], [1, 1], [1, 1], [[0, 0], [0, 0]])],
    [[1, 1, 9, 40], geometry([3, 3], [3, 3], [1, 1], [[1, 1], [0, 2]])],
    [[1, 1, 10, 10], geometry([3, 3], [1, 2], [3, 3], [[2, 2], [2, 2]])],
    [[0, 2, 5, 5], geometry([2, 2], [1, 1], [1, 1], [[0, 0], [0, 0]])],
  ];
  const grid = (shape: Shape, g: Geometry): [number, number] => [0, 1].map((d) => {
    const span = shape[2 + d]! + g.pads[d]![0] + g.pads[d]![1] - g.dilation[d]! * (g.kernel[d]! - 1) - 1;
    return Math.floor(span / g.stride[d]!) + 1;
  }) as [number, number];

  test('im2col and col2im on every dtype and layout, with special values and pad values', () => {
    for (const dtype of DTYPES) {
      for (const [shape, g] of layouts) {
        const [outH, outW] = grid(shape, g);
        for (const value of [0, -Infinity, 1.5]) conform('im2col', [sample(shape, dtype, true)], { ...g, value });
        const cols = sample([shape[0]!, shape[1]! * g.kernel[0] * g.kernel[1], outH * outW], dtype, true);
        conform('col2im', [cols], { ...g, size: [shape[2]!, shape[3]!] });
      }
    }
  });

  test('maxPoolGather and maxPoolScatter on every dtype and layout, with ties and NaN', () => {
    const ties = (shape: Shape): Input => ({ values: Array.from({ length: sizeOf(shape) }, (_, i) => (i % 97 === 5 ? NaN : Math.floor(uniformAt(3, i) * 3))), shape, dtype: 'float32' });
    for (const [shape, g] of layouts) {
      const [outH, outW] = grid(shape, g);
      const windows: Shape = [shape[0]!, shape[1]!, outH, outW];
      for (const dtype of DTYPES) {
        const x = sample(shape, dtype, true);
        conform('maxPoolGather', [x, x], g);
        conform('maxPoolGather', [x, sample(shape, dtype)], g);
        conform('maxPoolScatter', [x, sample(windows, dtype)], g);
      }
      const tied = ties(shape);
      conform('maxPoolGather', [tied, tied], g);
      conform('maxPoolScatter', [tied, sample(windows, 'float32', true)], g);
    }
  });

  test('bad geometry and shapes fail alike', () => {
    const x = sample([1, 1, 4, 4], 'float32');
    conform('im2col', [x], { ...geometry([5, 5], [1, 1], [1, 1], [[0, 0], [0, 0]]), value: 0 });
    conform('col2im', [sample([1, 9, 5], 'float32')], { ...geometry([3, 3], [1, 1], [1, 1], [[0, 0], [0, 0]]), size: [4, 4] });
    conform('maxPoolGather', [x, sample([1, 1, 4, 3], 'float32')], geometry([2, 2], [2, 2], [1, 1], [[0, 0], [0, 0]]));
    conform('maxPoolScatter', [x, sample([1, 1, 3, 3], 'float32')], geometry([2, 2], [2, 2], [1, 1], [[0, 0], [0, 0]]));
    conform('maxPoolGather', [x, x], geometry([2, 2], [2, 2], [4, 4], [[1, 1], [1, 1]]));
  });
});

describe('wasm conforms to cpu: matmul', () => {
  test('float32 within the GEMM error bound; other dtypes exact', () => {
    const cases: [number, number, number][] = [[1, 1, 1], [3, 17, 5], [17, 3, 63], [65, 9, 4], [8, 8, 300], [5, 0, 3], [0, 4, 2], [2, 3, 0]];
    for (const [m, k, n] of cases) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          for (const dtype of DTYPES) {
            const a = sample(transposeA ? [k, m] : [m, k], dtype);
            const b = sample(transposeB ? [n, k] : [k, n], dtype);
            conform('matmul', [a, b], { transposeA, transposeB }, { gemm: { a, b, transposeA, transposeB } });
          }
        }
      }
    }
  });

  test('batched with equal batches, broadcast A or B, and a batch-folded B', () => {
    const shapes: [Shape, Shape][] = [[[3, 4, 5], [3, 5, 6]], [[4, 5], [3, 5, 6]], [[3, 4, 5], [5, 6]], [[2, 1, 4, 5], [3, 5, 2]],
      [[2, 3, 4, 5], [1, 3, 5, 7]]];
    for (const [sa, sb] of shapes) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const swap = (shape: Shape, t: boolean): Shape => (t ? [...shape.slice(0, -2), shape.at(-1)!, shape.at(-2)!] : shape);
          const a = sample(swap(sa, transposeA), 'float32');
          const b = sample(swap(sb, transposeB), 'float32');
          conform('matmul', [a, b], { transposeA, transposeB }, { gemm: { a, b, transposeA, transposeB } });
        }
      }
    }
  });
});
