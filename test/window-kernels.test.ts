/**
 * The sliding-window kernels (im2col, col2im, maxPoolGather, maxPoolScatter): hand-computed values
 * of the reference kernels, the messages of output inference, and — on each test backend — the
 * adjoint identities their gradient rules rely on and second derivatives through max pooling.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import {
  getKernel, inferOutput, type KernelAttrs, type KernelInputs, type KernelName, type WindowGeometry,
} from 'tasknet/backend';
import { CpuBackend } from 'tasknet/backends/cpu';
import { castArray, sizeOf, type DType, type Shape } from 'tasknet/core';
import { forEachBackend } from './helpers/backends.js';

const cpu = new CpuBackend();

function t(values: readonly number[], shape: Shape, dtype: DType = 'float32'): KernelInputs<'im2col'>[0] {
  return { storage: cpu.write(castArray(values, dtype), dtype), shape, dtype };
}

const iota = (shape: Shape): KernelInputs<'im2col'>[0] => t(Array.from({ length: sizeOf(shape) }, (_, i) => i), shape);

function run<K extends KernelName>(name: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): { values: number[]; shape: Shape } {
  const out = inferOutput(name, inputs, attrs);
  const storage = getKernel('cpu', name)(cpu, inputs, attrs, out);
  const values = Array.from(cpu.readSync(storage));
  cpu.release(storage);
  return { values, shape: out.shape };
}

const geometry = (kernel: number, stride: number, pads: [[number, number], [number, number]] = [[0, 0], [0, 0]], dilation = 1): WindowGeometry =>
  ({ kernel: [kernel, kernel], stride: [stride, stride], dilation: [dilation, dilation], pads });

describe('sliding-window reference kernels', () => {
  test('im2col: one row per tap, one column per window, the pad value in the padding', () => {
    // x = [[0, 1, 2], [3, 4, 5], [6, 7, 8]], one padding row on top, 2x2 windows, stride 1 → 3x2 windows
    const r = run('im2col', [iota([1, 1, 3, 3])], { ...geometry(2, 1, [[1, 0], [0, 0]]), value: -1 });
    assert.deepEqual(r.shape, [1, 4, 6]);
    assert.deepEqual(r.values, [
      -1, -1, 0, 1, 3, 4, // tap (0, 0)
      -1, -1, 1, 2, 4, 5, // tap (0, 1)
      0, 1, 3, 4, 6, 7, // tap (1, 0)
      1, 2, 4, 5, 7, 8, // tap (1, 1)
    ]);
    const dilated = run('im2col', [iota([1, 1, 3, 3])], { ...geometry(2, 1, [[0, 0], [0, 0]], 2), value: 0 });
    assert.deepEqual(dilated.values, [0, 2, 6, 8]);
  });

  test('col2im sums overlapping windows and drops the padding', () => {
    const ones = t(new Array(16).fill(1), [1, 4, 4]);
    assert.deepEqual(run('col2im', [ones], { ...geometry(2, 1), size: [3, 3] }).values, [1, 2, 1, 2, 4, 2, 1, 2, 1]);
    const padded = run('col2im', [iota([1, 4, 4])], { ...geometry(2, 2, [[1, 1], [1, 1]]), size: [2, 2] });
    // window (oy, ox) puts tap (1 − oy, 1 − ox) on pixel (oy, ox); the other taps fall in the padding
    assert.deepEqual(padded.values, [12, 9, 6, 3]);
  });

  test('maxPoolGather reads v at the first maximum; NaN wins and the padding never does', () => {
    const where = (x: KernelInputs<'im2col'>[0], g: WindowGeometry): number[] =>
      run('maxPoolGather', [x, iota(x.shape)], g).values; // v = flat positions, so the output is the argmax
    assert.deepEqual(where(t([1, 3, 3, 2, 0, 3, 1, 1], [1, 1, 2, 4]), geometry(2, 2)), [1, 2]);
    assert.deepEqual(where(t([1, NaN, 4, NaN, 0, 9], [1, 1, 2, 3]), geometry(2, 1)), [1, 1]);
    assert.deepEqual(where(t([-5, -3, -4, -6], [1, 1, 2, 2]), geometry(2, 2, [[1, 1], [1, 1]])), [0, 1, 2, 3]);
    const x = t([-5, -3, -4, -6], [1, 1, 2, 2]);
    assert.deepEqual(run('maxPoolGather', [x, x], geometry(2, 1, [[1, 0], [1, 0]])).values, [-5, -3, -4, -3]);
  });

  test('maxPoolScatter adds each window\'s update at its maximum, overlaps accumulating', () => {
    const r = run('maxPoolScatter', [iota([1, 1, 3, 3]), t([1, 2, 3, 4], [1, 1, 2, 2])], geometry(2, 1));
    assert.deepEqual(r.values, [0, 0, 0, 0, 1, 2, 0, 3, 4]);
    // x = [[0, 0], [0, 9]]: ties go to the first tap inside x, the padding never wins
    const x = t([0, 0, 0, 9], [1, 1, 2, 2]);
    const u = t([1, 2, 3, 4], [1, 1, 2, 2]);
    assert.deepEqual(run('maxPoolScatter', [x, u], geometry(2, 1, [[1, 0], [1, 0]])).values, [1 + 2 + 3, 0, 0, 4]);
    assert.deepEqual(run('maxPoolScatter', [x, u], geometry(2, 1, [[0, 1], [0, 1]])).values, [0, 0, 0, 1 + 2 + 3 + 4]);
  });
});

describe('sliding-window output inference', () => {
  const x = { shape: [1, 2, 5, 5], dtype: 'float32' as const };
  const fails = (call: () => unknown, message: string): void => {
    assert.throws(call, (e: unknown) => e instanceof tn.TasknetError && e.message === message);
  };

  test('shapes follow from the geometry', () => {
    assert.deepEqual(inferOutput('im2col', [x], { ...geometry(3, 2, [[1, 1], [0, 2]]), value: 0 }).shape, [1, 18, 9]);
    assert.deepEqual(inferOutput('col2im', [{ shape: [1, 18, 9], dtype: 'float32' }], { ...geometry(3, 2, [[1, 1], [0, 2]]), size: [5, 5] }).shape, [1, 2, 5, 5]);
    assert.deepEqual(inferOutput('maxPoolGather', [x, { shape: x.shape, dtype: 'float64' }], geometry(2, 2)), { shape: [1, 2, 2, 2], dtype: 'float64' });
    assert.deepEqual(inferOutput('maxPoolScatter', [x, { shape: [1, 2, 2, 2], dtype: 'float32' }], geometry(2, 2)).shape, [1, 2, 5, 5]);
  });

  test('bad inputs name what was expected and what was found', () => {
    fails(() => inferOutput('im2col', [{ shape: [5, 5], dtype: 'float32' }], { ...geometry(2, 1), value: 0 }), 'im2col: expected input [N, C, H, W], found [5,5]');
    fails(() => inferOutput('im2col', [x], { ...geometry(0, 1), value: 0 }), 'im2col: kernel must be a pair of integers ≥ 1, found [0,0]');
    fails(() => inferOutput('im2col', [x], { ...geometry(2, 1, [[-1, 0], [0, 0]]), value: 0 }),
      'im2col: pads must be [[top, bottom], [left, right]] of integers ≥ 0, found [[-1,0],[0,0]]');
    fails(() => inferOutput('im2col', [x], { ...geometry(7, 1, [[0, 1], [0, 1]]), value: 0 }),
      'im2col: output size would be 0x0 for input [1,2,5,5] with kernel 7x7, stride 1x1, padding [0,1]x[0,1], dilation 1x1');
    fails(() => inferOutput('col2im', [{ shape: [1, 18, 9], dtype: 'float32' }], { ...geometry(3, 2), size: [5, -5] }), 'col2im: size must be a pair of integers ≥ 0, found [5,-5]');
    fails(() => inferOutput('col2im', [{ shape: [18, 9], dtype: 'float32' }], { ...geometry(3, 2), size: [5, 5] }), 'col2im: expected columns [N, C·kh·kw, L], found [18,9]');
    fails(() => inferOutput('maxPoolGather', [x, { shape: [1, 2, 5, 4], dtype: 'float32' }], geometry(2, 2)),
      'maxPoolGather: values must have the shape of x [1,2,5,5], found [1,2,5,4]');
    fails(() => inferOutput('maxPoolScatter', [x, { shape: [1, 2, 3, 3], dtype: 'float32' }], geometry(2, 2)),
      'maxPoolScatter: updates must have shape [1,2,2,2] (one per window of x [1,2,5,5]), found [1,2,3,3]');
    fails(() => inferOutput('maxPoolGather', [x, x], geometry(2, 4, [[2, 2], [0, 0]])),
      'maxPoolGather: window row 0 lies entirely in the padding for input [1,2,5,5] with kernel 2x2, stride 4x4, padding 2x0, dilation 1x1');
  });
});

/** Σ a·b over all elements. */
function dot(a: tn.Tensor, b: tn.Tensor): number {
  return tn.sum(tn.mul(a, b)).item();
}

forEachBackend(() => {
  const g: WindowGeometry = { kernel: [3, 2], stride: [2, 1], dilation: [1, 2], pads: [[1, 1], [0, 1]] };

  test('col2im is the adjoint of im2col, maxPoolScatter that of maxPoolGather: ⟨Ax, y⟩ = ⟨x, Aᵀy⟩', () => {
    tn.manualSeed(7);
    tn.tidy(() => {
      const x = tn.randn([2, 3, 7, 8]);
      const cols = tn.runKernel('im2col', [x], { ...g, value: 0 });
      const y = tn.randn(cols.shape);
      const back = tn.runKernel('col2im', [y], { ...g, size: [7, 8] });
      assert.ok(Math.abs(dot(cols, y) - dot(x, back)) < 1e-3, 'im2col/col2im');
      const v = tn.randn(x.shape);
      const picked = tn.runKernel('maxPoolGather', [x, v], g);
      const u = tn.randn(picked.shape);
      assert.ok(Math.abs(dot(picked, u) - dot(v, tn.runKernel('maxPoolScatter', [x, u], g))) < 1e-3, 'maxPoolGather/maxPoolScatter');
    });
  });

  test('second derivatives through maxPool2d: the gradient is linear in the cotangent', () => {
    tn.manualSeed(8);
    tn.tidy(() => {
      const x = tn.randn([1, 2, 6, 6], { dtype: 'float64' });
      const c = tn.randn([1, 2, 3, 3], { dtype: 'float64', requiresGrad: true });
      const xg = x.detach().requiresGrad_(true);
      const [dx] = tn.gradients(tn.sum(tn.mul(tn.maxPool2d(xg, 3, { stride: 2, padding: 1 }), c)), [xg], { createGraph: true });
      const r = tn.randn(x.shape, { dtype: 'float64' });
      const [dc] = tn.gradients(tn.sum(tn.mul(dx!, r)), [c]);
      // d⟨dx, r⟩/dc = r read at each window's maximum of x
      const expected = tn.runKernel('maxPoolGather', [x, r], { kernel: [3, 3], stride: [2, 2], dilation: [1, 1], pads: [[1, 1], [1, 1]] });
      assert.deepEqual(Array.from(dc!.dataSync()), Array.from(expected.dataSync()));
    });
  });
});
