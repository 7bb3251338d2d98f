/**
 * CPU reference kernels, run directly through the kernel registry on small hand-computed
 * examples: each test writes inputs into a CpuBackend, infers the output with `inferOutput`,
 * calls `getKernel('cpu', name)` and reads the result back synchronously.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getKernel, inferOutput, type KernelAttrs, type KernelInputs, type KernelName, type TensorInfo,
} from 'tasknet/backend';
import { CpuBackend, CpuStorage, erf, valuesOf } from 'tasknet/backends/cpu';
import {
  castArray, normalAt, sizeOf, StateError, stridesOf, uniformAt, ValueError, type DType, type Shape,
} from 'tasknet/core';

const cpu = new CpuBackend();

/** A tensor on the CPU backend holding `values` converted to `dtype`. */
function t(values: readonly number[], shape: Shape, dtype: DType = 'float32'): TensorInfo {
  assert.equal(values.length, sizeOf(shape), `test bug: ${values.length} values for shape [${shape.join(',')}]`);
  return { storage: cpu.write(castArray(values, dtype), dtype), shape, dtype };
}

/** A tensor of `shape` filled with 0, 1, 2, … */
function iota(shape: Shape, dtype: DType = 'float32'): TensorInfo {
  return t(Array.from({ length: sizeOf(shape) }, (_, i) => i), shape, dtype);
}

interface Result {
  values: number[];
  shape: readonly number[];
  dtype: DType;
}

/** Run kernel `name` on the CPU backend and read the output back. */
function run<K extends KernelName>(name: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): Result {
  const out = inferOutput(name, inputs, attrs);
  const storage = getKernel('cpu', name)(cpu, inputs, attrs, out);
  assert.equal(storage.dtype, out.dtype, `${name}: storage dtype`);
  assert.equal(storage.size, sizeOf(out.shape), `${name}: storage size`);
  const values = Array.from(cpu.readSync(storage));
  cpu.release(storage);
  return { values, shape: out.shape, dtype: out.dtype };
}

function unary(op: KernelAttrs<'unary'>['op'], x: TensorInfo): Result {
  return run('unary', [x], { op });
}

function binary(op: KernelAttrs<'binary'>['op'], a: TensorInfo, b: TensorInfo): Result {
  return run('binary', [a, b], { op });
}

/** Assert every element is within `tol` of the expected value (NaN matches NaN). */
function assertClose(actual: readonly number[], expected: readonly number[], tol = 1e-6, message = ''): void {
  assert.equal(actual.length, expected.length, `${message} length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${message} element ${i}: expected NaN, found ${a}`);
    } else if (!Number.isFinite(e)) {
      assert.equal(a, e, `${message} element ${i}`);
    } else {
      assert.ok(Math.abs(a - e) <= tol * Math.max(1, Math.abs(e)), `${message} element ${i}: expected ${e}, found ${a}`);
    }
  }
}

/** Deterministic small integers in [-4, 4] (exact in every dtype and in products). */
function smallInts(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(uniformAt(seed, i) * 9) - 4);
}

describe('CpuBackend storage', () => {
  test('write copies the caller array, readSync and read return copies', async () => {
    const backend = new CpuBackend();
    const source = new Float32Array([1, 2, 3]);
    const s = backend.write(source, 'float32');
    source[0] = 99;
    const first = backend.readSync(s);
    assert.deepEqual(Array.from(first), [1, 2, 3]);
    first[1] = 42;
    assert.deepEqual(Array.from(await backend.read(s)), [1, 2, 3]);
    assert.ok(s instanceof CpuStorage);
    assert.equal(s.backend, 'cpu');
    assert.equal(s.dtype, 'float32');
    assert.equal(s.size, 3);
    assert.ok(valuesOf(s) instanceof Float32Array);
  });

  test('each dtype is stored in its typed array', () => {
    const backend = new CpuBackend();
    assert.ok(valuesOf(backend.write(new Float64Array(2), 'float64')) instanceof Float64Array);
    assert.ok(valuesOf(backend.write(new Int32Array(2), 'int32')) instanceof Int32Array);
    assert.ok(valuesOf(backend.write(new Uint8Array(2), 'bool')) instanceof Uint8Array);
    assert.throws(() => backend.write(new Float64Array(2), 'float32'), /write: expected the typed array of float32/);
  });

  test('memory counts live storages and bytes; release drops the array', () => {
    const backend = new CpuBackend();
    const a = backend.write(new Float32Array(4), 'float32');
    const b = backend.write(new Float64Array(2), 'float64');
    assert.deepEqual(backend.memory(), { storages: 2, bytes: 32 });
    backend.release(a);
    assert.deepEqual(backend.memory(), { storages: 1, bytes: 16 });
    assert.equal(a.released, true);
    assert.throws(() => valuesOf(a), StateError);
    assert.throws(() => backend.readSync(a), /released/);
    backend.release(a); // releasing twice is a no-op
    backend.release(b);
    assert.deepEqual(backend.memory(), { storages: 0, bytes: 0 });
  });

  test('valuesOf rejects storages of other backends', () => {
    const foreign = { backend: 'webgpu', dtype: 'float32' as const, size: 1 };
    assert.throws(() => valuesOf(foreign), (e: unknown) => e instanceof StateError && /webgpu/.test(e.message));
    assert.throws(() => cpu.release(foreign), StateError);
  });

  test('kernels count their outputs in memory()', () => {
    const backend = new CpuBackend();
    const x: TensorInfo = { storage: backend.write(new Float32Array([1, 2]), 'float32'), shape: [2], dtype: 'float32' };
    const out = getKernel('cpu', 'unary')(backend, [x], { op: 'neg' }, inferOutput('unary', [x], { op: 'neg' }));
    assert.deepEqual(backend.memory(), { storages: 2, bytes: 16 });
    backend.release(out);
    backend.release(x.storage);
    assert.deepEqual(backend.memory(), { storages: 0, bytes: 0 });
  });
});

describe('unary', () => {
  test('arithmetic and transcendental ops', () => {
    const x = t([-2, -0.5, 0, 0.5, 3], [5], 'float64');
    assertClose(unary('neg', x).values, [2, 0.5, -0, -0.5, -3]);
    assertClose(unary('abs', x).values, [2, 0.5, 0, 0.5, 3]);
    assertClose(unary('exp', x).values, [-2, -0.5, 0, 0.5, 3].map(Math.exp), 1e-15);
    assertClose(unary('expm1', t([1e-10], [], 'float64')).values, [1.00000000005e-10], 1e-15);
    assertClose(unary('sin', x).values, [-2, -0.5, 0, 0.5, 3].map(Math.sin), 1e-15);
    assertClose(unary('cos', x).values, [-2, -0.5, 0, 0.5, 3].map(Math.cos), 1e-15);
    assertClose(unary('tanh', x).values, [-2, -0.5, 0, 0.5, 3].map(Math.tanh), 1e-15);
    const p = t([0, 0.25, 1, 4], [4], 'float64');
    assertClose(unary('sqrt', p).values, [0, 0.5, 1, 2]);
    assertClose(unary('rsqrt', p).values, [Infinity, 2, 1, 0.5]);
    assertClose(unary('reciprocal', p).values, [Infinity, 4, 1, 0.25]);
    assertClose(unary('log', p).values, [-Infinity, Math.log(0.25), 0, Math.log(4)], 1e-15);
    assertClose(unary('log1p', t([1e-10, -1], [2], 'float64')).values, [9.9999999995e-11, -Infinity], 1e-15);
    assertClose(unary('log', t([-1], [1])).values, [NaN]);
  });

  test('sign keeps 0 and NaN; floor, ceil; round is half-to-even', () => {
    assertClose(unary('sign', t([-3, -0.1, 0, 2, NaN], [5])).values, [-1, -1, 0, 1, NaN]);
    const halves = t([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4, -2.6, 3.5], [9]);
    assert.deepEqual(unary('round', halves).values, [-2, -2, -0, 0, 2, 2, 2, -3, 4]);
    assert.deepEqual(unary('floor', halves).values, [-3, -2, -1, 0, 1, 2, 2, -3, 3]);
    assert.deepEqual(unary('ceil', halves).values, [-2, -1, -0, 1, 2, 3, 3, -2, 4]);
  });

  test('sigmoid is stable for large |x|', () => {
    const r = unary('sigmoid', t([-1000, -1, 0, 1, 1000], [5], 'float64'));
    assertClose(r.values, [0, 1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-1)), 1], 1e-15);
    assert.ok(r.values.every(Number.isFinite));
  });

  test('erf matches reference values to 1e-15', () => {
    const r = unary('erf', t([0.5, 1, -2, 3, 0, 10, -10], [7], 'float64'));
    assertClose(
      r.values,
      [0.5204998778130465, 0.8427007929497149, -0.9953222650189527, 0.9999779095030014, 0, 1, -1],
      1e-15,
    );
    // Series check near zero: erf(x) ≈ 2x/√π (1 − x²/3).
    const x = 1e-4;
    assert.ok(Math.abs(erf(x) - (2 * x / Math.sqrt(Math.PI)) * (1 - (x * x) / 3)) < 1e-18);
    assert.ok(Number.isNaN(erf(NaN)));
    assert.equal(erf(Infinity), 1);
    assert.equal(erf(-Infinity), -1);
  });

  test('output dtypes: float results of int32, bool results of isnan and logicalNot', () => {
    const ints = t([0, 1, 2], [3], 'int32');
    const e = unary('exp', ints);
    assert.equal(e.dtype, 'float32');
    assertClose(e.values, [1, Math.E, Math.exp(2)], 1e-6);
    const n = unary('neg', ints);
    assert.equal(n.dtype, 'int32');
    assert.deepEqual(n.values, [-0, -1, -2].map((v) => v | 0));
    assert.deepEqual(unary('neg', t([-2147483648], [1], 'int32')).values, [-2147483648]); // wraps like int32
    const nb = unary('neg', t([1, 0], [2], 'bool'));
    assert.equal(nb.dtype, 'int32');
    assert.deepEqual(nb.values, [-1, 0]);
    const isnan = unary('isnan', t([NaN, 1, Infinity], [3]));
    assert.equal(isnan.dtype, 'bool');
    assert.deepEqual(isnan.values, [1, 0, 0]);
    const not = unary('logicalNot', t([0, 2, -1, NaN], [4]));
    assert.equal(not.dtype, 'bool');
    assert.deepEqual(not.values, [1, 0, 0, 0]);
    assert.deepEqual(unary('logicalNot', t([1, 0], [2], 'bool')).values, [0, 1]);
  });
});

describe('binary', () => {
  test('broadcasting across ranks matches an explicit loop', () => {
    const a = iota([2, 1, 3]);
    const b = t([10, 20, 30, 40], [4, 1]);
    const r = binary('add', a, b);
    assert.deepEqual(r.shape, [2, 4, 3]);
    const expected: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) expected.push(i * 3 + k + (j + 1) * 10);
    assert.deepEqual(r.values, expected);
    // Row vector against a matrix, and a middle broadcast axis.
    assert.deepEqual(binary('sub', iota([2, 3]), t([1, 2, 3], [3])).values, [-1, -1, -1, 2, 2, 2]);
    assert.deepEqual(binary('mul', iota([2, 2, 2]), t([1, 10], [2, 1, 1])).values, [0, 1, 2, 3, 40, 50, 60, 70]);
    const c = binary('mul', iota([3, 1, 2]), t([1, -1], [2, 1]));
    assert.deepEqual(c.shape, [3, 2, 2]);
    assert.deepEqual(c.values, [0, 1, -0, -1, 2, 3, -2, -3, 4, 5, -4, -5]);
  });

  test('scalar operands on either side', () => {
    assert.deepEqual(binary('div', iota([4]), t([2], [])).values, [0, 0.5, 1, 1.5]);
    assert.deepEqual(binary('sub', t([10], []), iota([2, 2])).values, [10, 9, 8, 7]);
    const s = binary('add', t([1.5], []), t([2], []));
    assert.deepEqual(s.shape, []);
    assert.deepEqual(s.values, [3.5]);
  });

  test('int32 arithmetic wraps; int32 division is true division', () => {
    const big = t([2147483647, -2147483648, 65536], [3], 'int32');
    const add = binary('add', big, t([1], [], 'int32'));
    assert.equal(add.dtype, 'int32');
    assert.deepEqual(add.values, [-2147483648, -2147483647, 65537]);
    assert.deepEqual(binary('sub', big, t([1], [], 'int32')).values, [2147483646, 2147483647, 65535]);
    assert.deepEqual(binary('mul', big, t([65536], [], 'int32')).values, [-65536, 0, 0]);
    const div = binary('div', t([7, -7, 1], [3], 'int32'), t([2], [], 'int32'));
    assert.equal(div.dtype, 'float32');
    assert.deepEqual(div.values, [3.5, -3.5, 0.5]);
    const pow = binary('pow', t([2, 3, -2, 2], [4], 'int32'), t([10, 3, 3, 31], [4], 'int32'));
    assert.equal(pow.dtype, 'int32');
    assert.deepEqual(pow.values, [1024, 27, -8, -2147483648]);
    assert.deepEqual(binary('maximum', t([1, 5], [2], 'int32'), t([3], [], 'int32')).values, [3, 5]);
  });

  test('mixed dtypes compute in double precision and store into the output dtype', () => {
    const r = binary('add', t([1, 2], [2], 'int32'), t([0.5, 0.25], [2], 'float32'));
    assert.equal(r.dtype, 'float32');
    assert.deepEqual(r.values, [1.5, 2.25]);
    const f = binary('mul', t([0.1], [1], 'float64'), t([3], [1], 'int32'));
    assert.equal(f.dtype, 'float64');
    assert.deepEqual(f.values, [0.1 * 3]);
    const bools = binary('add', t([1, 0, 1], [3], 'bool'), t([1, 1, 0], [3], 'bool'));
    assert.equal(bools.dtype, 'int32');
    assert.deepEqual(bools.values, [2, 1, 1]);
    // float32 results are rounded once from the exact double result.
    assert.deepEqual(binary('div', t([1], [1]), t([3], [1])).values, [Math.fround(1 / 3)]);
  });

  test('pow, maximum and minimum follow PyTorch on special values', () => {
    assertClose(binary('pow', t([2, 4, 1, -1, -8], [5], 'float64'), t([-1, 0.5, NaN, Infinity, 1 / 3], [5], 'float64')).values,
      [0.5, 2, 1, 1, NaN]);
    assertClose(binary('maximum', t([1, NaN, 3], [3]), t([NaN, 2, 1], [3])).values, [NaN, NaN, 3]);
    assertClose(binary('minimum', t([1, NaN, 3], [3]), t([NaN, 2, 1], [3])).values, [NaN, NaN, 1]);
    assertClose(binary('minimum', t([1, 5], [2]), t([2], [])).values, [1, 2]);
  });

  test('comparisons and logic produce bool 0/1', () => {
    const a = t([1, 2, 3, NaN], [4]);
    const b = t([2], []);
    const cases: [KernelAttrs<'binary'>['op'], number[]][] = [
      ['eq', [0, 1, 0, 0]], ['ne', [1, 0, 1, 1]], ['lt', [1, 0, 0, 0]],
      ['le', [1, 1, 0, 0]], ['gt', [0, 0, 1, 0]], ['ge', [0, 1, 1, 0]],
    ];
    for (const [op, expected] of cases) {
      const r = binary(op, a, b);
      assert.equal(r.dtype, 'bool', op);
      assert.deepEqual(r.values, expected, op);
    }
    const p = t([0, 0, 1, 1], [4], 'bool');
    const q = t([0, 1, 0, 1], [4], 'bool');
    assert.deepEqual(binary('logicalAnd', p, q).values, [0, 0, 0, 1]);
    assert.deepEqual(binary('logicalOr', p, q).values, [0, 1, 1, 1]);
    // Non-zero (and NaN) is true.
    assert.deepEqual(binary('logicalAnd', t([2, -1, NaN, 0], [4]), t([1], [])).values, [1, 1, 1, 0]);
    // Comparing int32 with float32.
    assert.deepEqual(binary('lt', t([1, 2], [2], 'int32'), t([1.5], [], 'float32')).values, [1, 0]);
  });
});

describe('where and cast', () => {
  test('where broadcasts all three operands', () => {
    const cond = t([1, 0, 1], [3], 'bool');
    const r = run('where', [cond, iota([2, 3]), t([-1], [])], {});
    assert.deepEqual(r.shape, [2, 3]);
    assert.deepEqual(r.values, [0, -1, 2, 3, -1, 5]);
    const col = run('where', [t([1, 0], [2, 1], 'bool'), t([7], [], 'int32'), t([0.5, 1.5], [2], 'float32')], {});
    assert.equal(col.dtype, 'float32');
    assert.deepEqual(col.values, [7, 7, 0.5, 1.5]);
  });

  test('cast truncates toward zero into int32 and maps non-zero to true', () => {
    const x = t([-1.7, -0.5, 0, 0.9, 2.5, NaN], [6], 'float64');
    assert.deepEqual(run('cast', [x], { dtype: 'int32' }).values, [-1, 0, 0, 0, 2, 0]);
    assert.deepEqual(run('cast', [x], { dtype: 'bool' }).values, [1, 1, 0, 1, 1, 1]);
    assert.deepEqual(run('cast', [t([1, 0], [2], 'bool')], { dtype: 'float32' }).values, [1, 0]);
    assert.deepEqual(run('cast', [t([0.1], [], 'float64')], { dtype: 'float32' }).values, [Math.fround(0.1)]);
  });
});

describe('reduce', () => {
  const x = iota([2, 3, 4]);
  test('sum over one, several and all axes, with and without keepDims', () => {
    const s0 = run('reduce', [x], { op: 'sum', axes: [0], keepDims: false });
    assert.deepEqual(s0.shape, [3, 4]);
    assert.deepEqual(s0.values, Array.from({ length: 12 }, (_, i) => i + (i + 12)));
    const s1 = run('reduce', [x], { op: 'sum', axes: [1], keepDims: true });
    assert.deepEqual(s1.shape, [2, 1, 4]);
    assert.deepEqual(s1.values, [12, 15, 18, 21, 48, 51, 54, 57]);
    const s02 = run('reduce', [x], { op: 'sum', axes: [0, 2], keepDims: true });
    assert.deepEqual(s02.shape, [1, 3, 1]);
    assert.deepEqual(s02.values, [6 + 54, 22 + 70, 38 + 86]);
    const all = run('reduce', [x], { op: 'sum', axes: [0, 1, 2], keepDims: false });
    assert.deepEqual(all.shape, []);
    assert.deepEqual(all.values, [276]);
  });

  test('sum of bool counts into int32; float32 sums accumulate in double', () => {
    const r = run('reduce', [t([1, 0, 1, 1, 1, 0], [2, 3], 'bool')], { op: 'sum', axes: [1], keepDims: false });
    assert.equal(r.dtype, 'int32');
    assert.deepEqual(r.values, [2, 2]);
    // 1 + 2^-24 × 4: a float32 running sum would stay at 1.
    const f = run('reduce', [t([1, 2 ** -24, 2 ** -24, 2 ** -24, 2 ** -24], [5])], { op: 'sum', axes: [0], keepDims: false });
    assert.deepEqual(f.values, [Math.fround(1 + 4 * 2 ** -24)]);
  });

  test('max and min, propagating NaN', () => {
    const y = t([3, -1, 7, 2, NaN, 5, -4, 0, 1], [3, 3]);
    const max1 = run('reduce', [y], { op: 'max', axes: [1], keepDims: false });
    assertClose(max1.values, [7, NaN, 1]);
    const min0 = run('reduce', [y], { op: 'min', axes: [0], keepDims: true });
    assert.deepEqual(min0.shape, [1, 3]);
    assertClose(min0.values, [-4, NaN, 1]);
    const ints = run('reduce', [t([3, -9, 4, 8], [2, 2], 'int32')], { op: 'max', axes: [0, 1], keepDims: false });
    assert.equal(ints.dtype, 'int32');
    assert.deepEqual(ints.values, [8]);
    assert.deepEqual(run('reduce', [t([-Infinity, -Infinity], [2])], { op: 'max', axes: [0], keepDims: false }).values, [-Infinity]);
  });

  test('zero axes copy; empty inputs sum to zero; scalars', () => {
    assert.deepEqual(run('reduce', [iota([2, 2])], { op: 'max', axes: [], keepDims: false }).values, [0, 1, 2, 3]);
    const empty = run('reduce', [t([], [3, 0])], { op: 'sum', axes: [1], keepDims: false });
    assert.deepEqual(empty.shape, [3]);
    assert.deepEqual(empty.values, [0, 0, 0]);
    assert.deepEqual(run('reduce', [t([], [0, 2])], { op: 'sum', axes: [1], keepDims: false }).values, []);
    assert.deepEqual(run('reduce', [t([5], [])], { op: 'sum', axes: [], keepDims: false }).values, [5]);
  });
});

describe('argReduce', () => {
  test('first occurrence wins on ties; NaN counts as the extreme', () => {
    const x = t([1, 3, 3, 0, 2, 2, 2, 2, -1, 5, -1, 5], [3, 4]);
    assert.deepEqual(run('argReduce', [x], { op: 'argmax', axis: 1, keepDims: false }).values, [1, 0, 1]);
    assert.deepEqual(run('argReduce', [x], { op: 'argmin', axis: 1, keepDims: false }).values, [3, 0, 0]);
    const cols = run('argReduce', [x], { op: 'argmax', axis: 0, keepDims: true });
    assert.deepEqual(cols.shape, [1, 4]);
    assert.equal(cols.dtype, 'int32');
    assert.deepEqual(cols.values, [1, 2, 0, 2]);
    const nan = t([1, NaN, 5, NaN, -3], [5]);
    assert.deepEqual(run('argReduce', [nan], { op: 'argmax', axis: -1, keepDims: false }).values, [1]);
    assert.deepEqual(run('argReduce', [nan], { op: 'argmin', axis: 0, keepDims: false }).values, [1]);
  });

  test('middle axis of a rank-3 tensor, and a scalar', () => {
    const x = t([0, 9, 5, 1, 5, 8, 2, 2, 7, 3, 7, 4], [2, 3, 2]);
    const r = run('argReduce', [x], { op: 'argmax', axis: 1, keepDims: false });
    assert.deepEqual(r.shape, [2, 2]);
    assert.deepEqual(r.values, [1, 0, 1, 2]);
    const s = run('argReduce', [t([4], [])], { op: 'argmin', axis: 0, keepDims: false });
    assert.deepEqual(s.shape, []);
    assert.deepEqual(s.values, [0]);
  });
});

describe('layout kernels', () => {
  test('permute', () => {
    const x = iota([2, 3, 4]);
    const r = run('permute', [x], { perm: [2, 0, 1] });
    assert.deepEqual(r.shape, [4, 2, 3]);
    const expected: number[] = [];
    for (let k = 0; k < 4; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expected.push(i * 12 + j * 4 + k);
    assert.deepEqual(r.values, expected);
    assert.deepEqual(run('permute', [iota([2, 3], 'int32')], { perm: [1, 0] }).values, [0, 3, 1, 4, 2, 5]);
    assert.deepEqual(run('permute', [t([7], [])], { perm: [] }).values, [7]);
  });

  test('expand materialises broadcasting', () => {
    const r = run('expand', [t([1, 2], [2, 1])], { shape: [3, 2, 3] });
    assert.deepEqual(r.shape, [3, 2, 3]);
    assert.deepEqual(r.values, [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2]);
    assert.deepEqual(run('expand', [t([1], [], 'bool')], { shape: [2, 2] }).values, [1, 1, 1, 1]);
    assert.deepEqual(run('expand', [t([5], [1])], { shape: [0] }).values, []);
  });

  test('slice', () => {
    const x = iota([3, 4]);
    const r = run('slice', [x], { begin: [1, 1], size: [2, 2] });
    assert.deepEqual(r.shape, [2, 2]);
    assert.deepEqual(r.values, [5, 6, 9, 10]);
    assert.deepEqual(run('slice', [iota([2, 3, 2])], { begin: [1, 0, 1], size: [1, 3, 1] }).values, [7, 9, 11]);
    assert.deepEqual(run('slice', [x], { begin: [0, 2], size: [3, 0] }).values, []);
  });

  test('pad with a constant', () => {
    const r = run('pad', [t([1, 2, 3, 4], [2, 2])], { pads: [[1, 0], [0, 2]], value: -1 });
    assert.deepEqual(r.shape, [3, 4]);
    assert.deepEqual(r.values, [-1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1]);
    const ints = run('pad', [t([5], [1], 'int32')], { pads: [[2, 1]], value: 2.7 });
    assert.deepEqual(ints.values, [2, 2, 5, 2]);
    assert.deepEqual(run('pad', [t([], [0])], { pads: [[1, 1]], value: 3 }).values, [3, 3]);
  });

  test('concat along the first, middle and last axis', () => {
    const a = iota([2, 2]);
    const b = t([10, 11], [1, 2]);
    assert.deepEqual(run('concat', [a, b], { axis: 0 }).values, [0, 1, 2, 3, 10, 11]);
    const c = run('concat', [a, t([7, 8], [2, 1]), t([], [2, 0]), iota([2, 3])], { axis: -1 });
    assert.deepEqual(c.shape, [2, 6]);
    assert.deepEqual(c.values, [0, 1, 7, 0, 1, 2, 2, 3, 8, 3, 4, 5]);
    const m = run('concat', [iota([2, 1, 2]), t([9, 9, 9, 9], [2, 1, 2])], { axis: 1 });
    assert.deepEqual(m.shape, [2, 2, 2]);
    assert.deepEqual(m.values, [0, 1, 9, 9, 2, 3, 9, 9]);
    // Long rows take the block-copy path.
    const long = run('concat', [iota([2, 40]), iota([2, 40])], { axis: 1 });
    assert.deepEqual(long.values.slice(38, 42), [38, 39, 0, 1]);
  });
});

describe('matmul', () => {
  /** C[batch…, i, j] = Σ_p A(i, p) B(p, j), broadcasting batches, by the definition. */
  function naiveMatmul(
    a: readonly number[], aShape: Shape, b: readonly number[], bShape: Shape, tA: boolean, tB: boolean, outShape: Shape,
  ): number[] {
    const rank = outShape.length;
    const m = outShape[rank - 2]!;
    const n = outShape[rank - 1]!;
    const k = aShape[tA ? aShape.length - 2 : aShape.length - 1]!;
    const batch = outShape.slice(0, -2);
    const batchStrides = stridesOf(batch);
    const offsetOf = (shape: Shape, index: number[]): number => {
      const own = shape.slice(0, -2);
      const strides = stridesOf(own);
      let off = 0;
      for (let d = 0; d < own.length; d++) {
        const i = index[batch.length - own.length + d]!;
        off += (own[d] === 1 ? 0 : i) * strides[d]!;
      }
      return off * shape[shape.length - 2]! * shape[shape.length - 1]!;
    };
    const out: number[] = [];
    for (let q = 0; q < sizeOf(batch); q++) {
      const index = batchStrides.map((s, d) => Math.floor(q / s) % batch[d]!);
      const ao = offsetOf(aShape, index);
      const bo = offsetOf(bShape, index);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) {
            const av = tA ? a[ao + p * m + i]! : a[ao + i * k + p]!;
            const bv = tB ? b[bo + j * k + p]! : b[bo + p * n + j]!;
            s += av * bv;
          }
          out.push(s);
        }
      }
    }
    return out;
  }

  const cases: { a: Shape; b: Shape; m: number; n: number; k: number }[] = [
    { a: [], b: [], m: 2, n: 3, k: 4 },
    { a: [3], b: [3], m: 5, n: 7, k: 6 },
    { a: [2, 1], b: [3], m: 4, n: 5, k: 3 },
    { a: [1], b: [2, 3], m: 9, n: 2, k: 1 },
    { a: [], b: [2], m: 1, n: 1, k: 5 },
  ];
  for (const dtype of ['float64', 'float32', 'int32'] as const) {
    for (const tA of [false, true]) {
      for (const tB of [false, true]) {
        test(`${dtype} batched and broadcast, transposeA=${tA} transposeB=${tB}`, () => {
          for (const [c, { a, b, m, n, k }] of cases.entries()) {
            const aShape = [...a, ...(tA ? [k, m] : [m, k])];
            const bShape = [...b, ...(tB ? [n, k] : [k, n])];
            const av = smallInts(sizeOf(aShape), 10 * c + 1);
            const bv = smallInts(sizeOf(bShape), 10 * c + 2);
            const r = run('matmul', [t(av, aShape, dtype), t(bv, bShape, dtype)], { transposeA: tA, transposeB: tB });
            assert.equal(r.dtype, dtype);
            assert.deepEqual(r.values, naiveMatmul(av, aShape, bv, bShape, tA, tB, r.shape), `case ${c}`);
          }
        });
      }
    }
  }

  test('float values accumulate in double precision', () => {
    const a = Array.from({ length: 6 * 5 }, (_, i) => normalAt(3, i));
    const b = Array.from({ length: 5 * 7 }, (_, i) => normalAt(4, i));
    for (const tB of [false, true]) {
      const bShape = tB ? [7, 5] : [5, 7];
      const bValues = tB ? Array.from({ length: 35 }, (_, q) => b[(q % 5) * 7 + Math.floor(q / 5)]!) : b;
      const r = run('matmul', [t(a, [6, 5], 'float64'), t(bValues, bShape, 'float64')], { transposeA: false, transposeB: tB });
      assertClose(r.values, naiveMatmul(a, [6, 5], b, [5, 7], false, false, [6, 7]), 1e-14, `transposeB=${tB}`);
    }
  });

  test('bool matmul is logical; empty and k = 0 products', () => {
    const r = run('matmul', [t([1, 0, 0, 0], [2, 2], 'bool'), t([0, 1, 1, 1], [2, 2], 'bool')], { transposeA: false, transposeB: false });
    assert.deepEqual(r.values, [0, 1, 0, 0]);
    const k0 = run('matmul', [t([], [2, 0]), t([], [0, 3])], { transposeA: false, transposeB: false });
    assert.deepEqual(k0.shape, [2, 3]);
    assert.deepEqual(k0.values, [0, 0, 0, 0, 0, 0]);
    const batch0 = run('matmul', [t([], [0, 2, 2]), iota([2, 2])], { transposeA: false, transposeB: true });
    assert.deepEqual(batch0.shape, [0, 2, 2]);
    assert.deepEqual(batch0.values, []);
  });
});

describe('gather and scatterAdd', () => {
  test('gather along each axis with multi-dimensional indices', () => {
    const x = iota([3, 4]);
    const rows = run('gather', [x, t([2, 0, 2], [3], 'int32')], { axis: 0 });
    assert.deepEqual(rows.shape, [3, 4]);
    assert.deepEqual(rows.values, [8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11]);
    const cols = run('gather', [x, t([3, 1, 0, 0], [2, 2], 'int32')], { axis: 1 });
    assert.deepEqual(cols.shape, [3, 2, 2]);
    assert.deepEqual(cols.values, [3, 1, 0, 0, 7, 5, 4, 4, 11, 9, 8, 8]);
    const scalarIndex = run('gather', [iota([2, 3, 2]), t([1], [], 'int32')], { axis: -2 });
    assert.deepEqual(scalarIndex.shape, [2, 2]);
    assert.deepEqual(scalarIndex.values, [2, 3, 8, 9]);
    assert.deepEqual(run('gather', [x, t([], [0], 'int32')], { axis: 1 }).shape, [3, 0]);
  });

  test('out-of-range and negative indices throw ValueError', () => {
    const x = iota([2, 5]);
    assert.throws(
      () => run('gather', [x, t([1, 7], [2], 'int32')], { axis: 1 }),
      (e: unknown) => e instanceof ValueError && e.message === 'gather: index 7 is out of range for axis 1 of size 5',
    );
    assert.throws(() => run('gather', [x, t([-1], [1], 'int32')], { axis: 0 }), /gather: index -1 is out of range for axis 0 of size 2/);
    assert.throws(
      () => run('scatterAdd', [x, t([5], [1], 'int32'), t([1, 1], [2, 1])], { axis: 1 }),
      (e: unknown) => e instanceof ValueError && e.message === 'scatterAdd: index 5 is out of range for axis 1 of size 5',
    );
  });

  test('scatterAdd accumulates repeated indices into a copy of base', () => {
    const base = t([1, 1, 1, 1, 1, 1], [2, 3]);
    const r = run('scatterAdd', [base, t([2, 0, 2], [3], 'int32'), t([10, 20, 30, 40, 50, 60], [2, 3])], { axis: 1 });
    assert.deepEqual(r.values, [21, 1, 41, 51, 1, 101]);
    assert.deepEqual(cpu.readSync(base.storage), new Float32Array(6).fill(1), 'base is unchanged');
    const rows = run('scatterAdd', [t([0, 0, 0, 0], [2, 2], 'int32'), t([1, 1], [2], 'int32'), t([1, 2, 3, 4], [2, 2], 'int32')], { axis: 0 });
    assert.deepEqual(rows.values, [0, 0, 4, 6]);
  });

  test('scatterAdd is the adjoint of gather: <gather(x), u> = <x, scatterAdd(0, u)>', () => {
    const x = Array.from({ length: 24 }, (_, i) => normalAt(7, i));
    const idx = [3, 0, 3, 1, 2];
    const u = Array.from({ length: 2 * 5 * 3 }, (_, i) => normalAt(8, i));
    const g = run('gather', [t(x, [2, 4, 3], 'float64'), t(idx, [5], 'int32')], { axis: 1 });
    const s = run('scatterAdd', [t(new Array<number>(24).fill(0), [2, 4, 3], 'float64'), t(idx, [5], 'int32'), t(u, [2, 5, 3], 'float64')], { axis: 1 });
    const lhs = g.values.reduce((acc, v, i) => acc + v * u[i]!, 0);
    const rhs = s.values.reduce((acc, v, i) => acc + v * x[i]!, 0);
    assert.ok(Math.abs(lhs - rhs) < 1e-12, `${lhs} vs ${rhs}`);
  });
});

describe('random', () => {
  test('element i is uniformAt / normalAt of (seed, i); same seed, same values', () => {
    const u = run('random', [], { dist: 'uniform', seed: 42, shape: [2, 3], dtype: 'float64' });
    assert.deepEqual(u.values, Array.from({ length: 6 }, (_, i) => uniformAt(42, i)));
    const n = run('random', [], { dist: 'normal', seed: 42, shape: [5], dtype: 'float32' });
    assert.deepEqual(n.values, Array.from({ length: 5 }, (_, i) => Math.fround(normalAt(42, i))));
    assert.deepEqual(run('random', [], { dist: 'normal', seed: 42, shape: [5], dtype: 'float32' }).values, n.values);
    assert.notDeepEqual(run('random', [], { dist: 'normal', seed: 43, shape: [5], dtype: 'float32' }).values, n.values);
  });

  test('moments for n = 10000', () => {
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const u = run('random', [], { dist: 'uniform', seed: 1, shape: [100, 100], dtype: 'float32' }).values;
    assert.ok(u.every((v) => v >= 0 && v < 1));
    assert.ok(Math.abs(mean(u) - 0.5) < 0.01, `uniform mean ${mean(u)}`);
    const n = run('random', [], { dist: 'normal', seed: 2, shape: [10000], dtype: 'float64' }).values;
    const m = mean(n);
    const variance = mean(n.map((v) => (v - m) ** 2));
    assert.ok(Math.abs(m) < 0.03, `normal mean ${m}`);
    assert.ok(Math.abs(variance - 1) < 0.05, `normal variance ${variance}`);
  });
});

describe('zero-size and scalar tensors', () => {
  test('every element-wise kernel accepts shape [] and zero-size shapes', () => {
    assert.deepEqual(unary('exp', t([0], [])).values, [1]);
    assert.deepEqual(unary('abs', t([], [0, 3])).values, []);
    assert.deepEqual(binary('add', t([], [0, 3]), t([1, 2, 3], [3])).values, []);
    assert.deepEqual(binary('add', t([], [2, 0]), t([1], [])).shape, [2, 0]);
    assert.deepEqual(run('where', [t([1], [], 'bool'), t([2], []), t([3], [])], {}).values, [2]);
    assert.deepEqual(run('cast', [t([], [0], 'float32')], { dtype: 'int32' }).values, []);
    assert.deepEqual(run('random', [], { dist: 'uniform', seed: 0, shape: [], dtype: 'float32' }).values, [Math.fround(uniformAt(0, 0))]);
    assert.deepEqual(run('random', [], { dist: 'uniform', seed: 0, shape: [0, 4], dtype: 'float32' }).values, []);
    assert.deepEqual(run('slice', [t([3], [])], { begin: [], size: [] }).values, [3]);
    assert.deepEqual(run('pad', [t([3], [])], { pads: [], value: 0 }).values, [3]);
    assert.deepEqual(run('expand', [t([3], [])], { shape: [] }).values, [3]);
    const g = run('gather', [t([3], []), t([0, 0], [2], 'int32')], { axis: 0 });
    assert.deepEqual(g.shape, [2]);
    assert.deepEqual(g.values, [3, 3]);
  });
});
