/**
 * The webgpu backend's reduction, movement and indexing kernels against the cpu backend, kernel by
 * kernel, on what the op table does not cover: int32 and bool, empty tensors, rank 0 and rank 5+,
 * reductions over more than 65,535 outputs or 1M elements, repeated gather/scatterAdd indices,
 * concat of several inputs with an empty one, pad values. Skipped where no WebGPU adapter is found.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { getKernel, inferOutput, type Backend, type KernelAttrs, type KernelName, type TensorInfo } from 'tasknet/backend';
import { allocArray, sizeOf, type DType, type Shape, type TypedArray } from 'tasknet/core';
import { webgpuSkipReason } from './helpers/webgpu.js';

const skip = (await webgpuSkipReason()) ?? false;

/** A host input: shape, dtype and values (generated when `values` is a seed). */
interface Input {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly values: TypedArray;
}

/** Deterministic values for `shape`: floats in [-2, 2) (a few NaN when `nan`), small ints, or 0/1. */
function make(shape: Shape, dtype: DType, seed = 1, nan = false): Input {
  const values = allocArray(dtype, sizeOf(shape));
  let s = seed >>> 0;
  for (let i = 0; i < values.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    if (dtype === 'bool') values[i] = u < 0.5 ? 1 : 0;
    else if (dtype === 'int32') values[i] = Math.floor(u * 11) - 5;
    else values[i] = nan && u < 0.05 ? NaN : u * 4 - 2;
  }
  return { shape, dtype, values };
}

/** An int32 input holding `values`. */
function ints(values: readonly number[], shape: Shape = [values.length]): Input {
  return { shape, dtype: 'int32', values: Int32Array.from(values) };
}

/** The engine's instance of backend `name` (created on first use). */
async function backendNamed(name: string): Promise<Backend> {
  await tn.setBackend(name);
  const backend = tn.engine.initialised(name);
  assert.ok(backend !== undefined, `backend ${name}`);
  return backend;
}

/** Run kernel `name` on backend `backendName` and read its output back. */
async function runOn<K extends KernelName>(backendName: string, name: K, inputs: readonly Input[], attrs: KernelAttrs<K>): Promise<{ shape: Shape; dtype: DType; values: TypedArray }> {
  const backend = await backendNamed(backendName);
  const infos: TensorInfo[] = inputs.map((x) => ({ storage: backend.write(x.values, x.dtype), shape: x.shape, dtype: x.dtype }));
  const out = inferOutput(name, infos, attrs);
  const storage = getKernel(backendName, name)(backend, infos as never, attrs, out);
  const values = await backend.read(storage);
  for (const info of infos) backend.release(info.storage);
  backend.release(storage);
  return { shape: out.shape, dtype: out.dtype, values };
}

/** Kernel `name` on webgpu equals it on cpu: same dtype and length, NaN where NaN, floats within `tol` (relative). */
async function compare<K extends KernelName>(name: K, inputs: readonly Input[], attrs: KernelAttrs<K>, tol = 1e-6): Promise<void> {
  const want = await runOn('cpu', name, inputs, attrs);
  const got = await runOn('webgpu', name, inputs, attrs);
  await tn.setBackend('webgpu');
  assert.equal(got.dtype, want.dtype, `${name}: dtype`);
  assert.equal(got.values.constructor, want.values.constructor, `${name}: array type`);
  assert.equal(got.values.length, want.values.length, `${name}: length`);
  for (let i = 0; i < want.values.length; i++) {
    const g = got.values[i] as number;
    const w = want.values[i] as number;
    if (Number.isNaN(w)) { assert.ok(Number.isNaN(g), `${name} element ${i}: got ${g}, expected NaN`); continue; }
    if (want.dtype === 'float32' && Number.isFinite(w)) {
      assert.ok(Math.abs(g - w) <= tol * (1 + Math.abs(w)), `${name} element ${i}: got ${g}, expected ${w}`);
    } else {
      assert.equal(g, w, `${name} element ${i}`);
    }
  }
}

describe('webgpu reduce', { skip }, () => {
  test('int32 and bool: sum (bool counts into int32), max, min over several axes', async () => {
    for (const dtype of ['int32', 'bool'] as const) {
      const x = make([3, 4, 5], dtype, 7);
      for (const op of ['sum', 'max', 'min'] as const) {
        for (const axes of [[1], [0, 2], [0, 1, 2], []]) {
          await compare('reduce', [x], { op, axes, keepDims: false });
        }
      }
    }
  });

  test('float32 max and min propagate NaN, per thread and per workgroup', async () => {
    for (const shape of [[6, 5], [4, 300]]) {
      const x = make(shape, 'float32', 3, true);
      for (const op of ['max', 'min', 'sum'] as const) await compare('reduce', [x], { op, axes: [1], keepDims: true });
    }
  });

  test('empty tensors (sums: the op layer rejects max and min of nothing), rank 0 and rank 6', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      await compare('reduce', [make([0, 3], dtype)], { op: 'sum', axes: [0], keepDims: false });
      await compare('reduce', [make([2, 0, 3], dtype)], { op: 'sum', axes: [1], keepDims: true });
      await compare('reduce', [make([3, 0], dtype)], { op: 'sum', axes: [0], keepDims: false });
      await compare('reduce', [make([0, 3], dtype)], { op: 'sum', axes: [1], keepDims: false });
    }
    await compare('reduce', [make([], 'float32')], { op: 'sum', axes: [], keepDims: false });
    const x = make([2, 3, 1, 4, 2, 3], 'float32', 5);
    for (const axes of [[0, 3, 5], [1, 4], [2], [0, 1, 2, 3, 4, 5]]) {
      await compare('reduce', [x], { op: 'sum', axes, keepDims: false }, 1e-5);
      await compare('reduce', [x], { op: 'max', axes, keepDims: true });
    }
  });

  test('more than 65,535 outputs, per thread and per workgroup', async () => {
    await compare('reduce', [make([70000, 3], 'float32', 11)], { op: 'sum', axes: [1], keepDims: false }, 1e-5);
    await compare('reduce', [make([70000, 65], 'int32', 12)], { op: 'max', axes: [1], keepDims: false });
  });

  test('1M elements, and over the batch axis of [60000, 10]', async () => {
    await compare('reduce', [make([1 << 20], 'float32', 13)], { op: 'sum', axes: [0], keepDims: false }, 1e-5);
    await compare('reduce', [make([1 << 20], 'float32', 16, true)], { op: 'max', axes: [0], keepDims: false });
    await compare('reduce', [make([1 << 20], 'int32', 17)], { op: 'sum', axes: [0], keepDims: false });
    await compare('reduce', [make([4, 1 << 18], 'bool', 18)], { op: 'sum', axes: [1], keepDims: false });
    await compare('reduce', [make([60000, 10], 'float32', 14)], { op: 'sum', axes: [0], keepDims: false }, 1e-5);
    await compare('reduce', [make([60000, 10], 'float32', 15, true)], { op: 'min', axes: [0], keepDims: false });
    const t = tn.ones([1 << 20]).sum();
    assert.deepEqual(Array.from(await t.data()), [1 << 20]);
  });
});

describe('webgpu argReduce', { skip }, () => {
  test('int32, bool and float32 with NaN and ties, short and long axes', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const shape of [[4, 7, 3], [3, 300, 2]]) {
        const x = make(shape, dtype, 21, true);
        for (const op of ['argmax', 'argmin'] as const) {
          for (const axis of [0, 1, 2]) await compare('argReduce', [x], { op, axis, keepDims: false });
        }
      }
    }
    await compare('argReduce', [make([0, 4], 'float32')], { op: 'argmax', axis: 1, keepDims: false });
    await compare('argReduce', [make([2, 1, 3, 1, 2], 'int32')], { op: 'argmin', axis: 1, keepDims: true });
  });
});

describe('webgpu movement', { skip }, () => {
  test('permute, expand and slice: int32, bool, empty, rank 0, rank 5+', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const x = make([2, 3, 4, 5, 2], dtype, 31);
      await compare('permute', [x], { perm: [4, 2, 0, 3, 1] });
      await compare('permute', [x], { perm: [0, 1, 2, 3, 4] });
      await compare('slice', [x], { begin: [1, 0, 1, 2, 0], size: [1, 3, 2, 3, 2] });
      await compare('slice', [x], { begin: [0, 1, 0, 0, 0], size: [2, 0, 4, 5, 2] });
      await compare('expand', [make([1, 3, 1], dtype)], { shape: [2, 2, 3, 4] });
      await compare('expand', [make([], dtype)], { shape: [2, 1, 2, 3, 1, 2] });
    }
    await compare('permute', [make([], 'int32')], { perm: [] });
    await compare('permute', [make([0, 3], 'float32')], { perm: [1, 0] });
    await compare('slice', [make([], 'bool')], { begin: [], size: [] });
  });

  test('pad with a value, converted like cast; empty inputs; rank 5', async () => {
    await compare('pad', [make([2, 3], 'float32')], { pads: [[1, 2], [0, 3]], value: 2.5 });
    await compare('pad', [make([2, 3], 'int32')], { pads: [[1, 0], [2, 1]], value: -3.7 });
    await compare('pad', [make([2, 3], 'bool')], { pads: [[0, 1], [1, 1]], value: 0.5 });
    await compare('pad', [make([0, 3], 'float32')], { pads: [[1, 1], [0, 0]], value: -1 });
    await compare('pad', [make([2, 1, 3, 1, 2], 'float32')], { pads: [[0, 1], [1, 0], [0, 0], [2, 2], [1, 0]], value: NaN });
    await compare('pad', [make([], 'int32')], { pads: [], value: 4 });
  });

  test('concat of 3+ inputs with an empty one, along inner and outer axes', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const parts = [make([2, 3, 2], dtype, 1), make([2, 0, 2], dtype, 2), make([2, 1, 2], dtype, 3), make([2, 4, 2], dtype, 4)];
      await compare('concat', parts, { axis: 1 });
      await compare('concat', [make([1, 3], dtype, 5), make([0, 3], dtype), make([2, 3], dtype, 6)], { axis: 0 });
      await compare('concat', [make([2, 2, 1, 1, 3], dtype, 7), make([2, 2, 1, 1, 1], dtype, 8), make([2, 2, 1, 1, 2], dtype, 9)], { axis: -1 });
    }
    await compare('concat', [make([0, 2], 'float32'), make([0, 3], 'float32'), make([0, 1], 'float32')], { axis: 1 });
  });
});

describe('webgpu gather and scatterAdd', { skip }, () => {
  test('gather with repeated indices, every dtype, inner and outer axes', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const x = make([4, 5, 3], dtype, 41);
      await compare('gather', [x, ints([4, 0, 4, 4, 2])], { axis: 1 });
      await compare('gather', [x, ints([3, 3, 0, 1], [2, 2])], { axis: 0 });
      await compare('gather', [x, ints([2, 2, 1])], { axis: 2 });
      await compare('gather', [x, ints([])], { axis: 1 });
    }
  });

  test('scatterAdd with repeated indices: float32, int32, bool (OR), inner and outer axes', async () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      await compare('scatterAdd', [make([4, 5, 3], dtype, 51), ints([4, 0, 4, 4, 2, 0]), make([4, 6, 3], dtype, 52)], { axis: 1 });
      await compare('scatterAdd', [make([3, 2], dtype, 53), ints([2, 2, 2, 0]), make([4, 2], dtype, 54)], { axis: 0 });
      await compare('scatterAdd', [make([3, 2], dtype, 55), ints([]), make([3, 0], dtype)], { axis: 1 });
    }
    // more indices than a workgroup stages at once
    await compare('scatterAdd', [make([7, 2], 'float32', 56), ints(Array.from({ length: 700 }, (_, j) => (j * 5) % 7)), make([700, 2], 'float32', 57)], { axis: 0 }, 1e-5);
  });

  test('an embedding gradient: base [1000, 64], 512 repeated indices', async () => {
    const indices = ints(Array.from({ length: 512 }, (_, j) => (j * 37) % 200));
    const started = performance.now();
    await compare('scatterAdd', [make([1000, 64], 'float32', 61), indices, make([512, 64], 'float32', 62)], { axis: 0 }, 1e-5);
    assert.ok(performance.now() - started < 30_000, 'ran in reasonable time');
  });
});
