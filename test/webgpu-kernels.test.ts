/**
 * The webgpu backend's matmul, window and update kernels against the reference kernels (the cpu
 * backend's), called directly on storages: matmul over many shapes (edges that do not divide the
 * tiles, transposes, broadcast batches, both tilings, int32 and bool), im2col / col2im /
 * maxPoolGather / maxPoolScatter over several geometries, and Adam / SGD over several steps.
 * Skipped when no WebGPU adapter is found (run with VK_ICD_FILENAMES pointing at SwiftShader).
 *
 * Tolerances: float32 matmul |gpu − ref| ≤ 1e-5 · Σₚ|A(i,p)·B(p,j)| + 1e-30 (f32 accumulation in a
 * different order than the reference's double); window kernels exactly equal (they add in the
 * reference's order); update kernels relative 1e-5 (WGSL's sqrt and division are not correctly
 * rounded, and the compiler may fuse multiply-adds); int32 and bool exact.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import {
  findUpdateKernel, getKernel, inferOutput, reference, type ArrayTensor, type KernelAttrs, type KernelName, type Storage,
  type TensorInfo, type UpdateKernelName,
} from 'tasknet/backend';
import type { WebGpuBackend } from 'tasknet/backends/webgpu';
import { webgpuSkipReason } from './helpers/webgpu.js';

type DType = tn.DType;
type Values = Float32Array | Int32Array | Uint8Array;

const skip = (await webgpuSkipReason()) ?? false;
const available = skip === false;
if (available) await tn.setBackend('webgpu');
const gpu = (available ? tn.engine.backend : undefined) as WebGpuBackend | undefined;

/** Deterministic values: normal-ish floats, or small integers when `levels` is given (ties). */
function values(size: number, dtype: DType, seed: number, levels?: number): Values {
  let s = (seed * 2654435761) >>> 0 || 1;
  const next = (): number => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  if (dtype === 'bool') return Uint8Array.from({ length: size }, () => (next() < 0.3 ? 1 : 0));
  if (dtype === 'int32') return Int32Array.from({ length: size }, () => Math.floor(next() * 2001) - 1000);
  if (levels !== undefined) return Float32Array.from({ length: size }, () => Math.floor(next() * levels) - levels / 2);
  return Float32Array.from({ length: size }, () => (next() + next() + next() - 1.5) * 2);
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Run kernel `name` on the GPU and on the reference; return both outputs. */
async function both<K extends KernelName>(name: K, inputs: ArrayTensor[], attrs: KernelAttrs<K>): Promise<{ got: Values; want: Values }> {
  const backend = gpu!;
  const infos: TensorInfo[] = inputs.map((t) => ({ storage: backend.write(t.values, t.dtype), shape: t.shape, dtype: t.dtype }));
  const out = inferOutput(name, infos, attrs);
  const storage: Storage = getKernel('webgpu', name)(backend, infos as never, attrs, out);
  const got = (await backend.read(storage)) as Values;
  backend.release(storage);
  for (const info of infos) backend.release(info.storage);
  const want = reference.referenceKernels[name](inputs as never, attrs, out) as Values;
  return { got, want };
}

function assertExact(got: Values, want: Values, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const a = got[i] as number;
    const b = want[i] as number;
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    assert.fail(`${what}: element ${i} is ${a}, expected ${b}`);
  }
}

const tensorOf = (shape: number[], dtype: DType, seed: number, levels?: number): ArrayTensor =>
  ({ values: values(size(shape), dtype, seed, levels), shape, dtype });

describe('webgpu matmul against the reference', { skip }, () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['1×1', [1, 1], [1, 1], false, false],
    ['37×53 @ 53×29', [37, 53], [53, 29], false, false],
    ['37×53ᵀ @ 53×29', [53, 37], [53, 29], true, false],
    ['37×53 @ 29×53ᵀ', [37, 53], [29, 53], false, true],
    ['37×53ᵀ @ 29×53ᵀ', [53, 37], [29, 53], true, true],
    ['batched broadcast [2,1,3,4] @ [3,4,5]', [2, 1, 3, 4], [3, 4, 5], false, false],
    ['batched broadcast, transposes', [2, 1, 4, 3], [3, 5, 4], true, true],
    ['batch folded into rows [4,7,9] @ [9,11]', [4, 7, 9], [9, 11], false, false],
    ['batch of B only [9] rows: [7,9] @ [3,9,11]', [7, 9], [3, 9, 11], false, false],
    ['k = 1', [65, 1], [1, 67], false, false],
    ['1 × 300 @ 300 × 1', [1, 300], [300, 1], false, false],
    ['256×256×256', [256, 256], [256, 256], false, false],
    ['256×256×256ᵀᵀ', [256, 256], [256, 256], true, true],
    ['edges 300×130 @ 130×270ᵀ', [300, 130], [270, 130], false, true],
    ['8×[130,40]ᵀ @ [40,129]', [8, 40, 130], [8, 40, 129], true, false],
    // ≥ 128 tiles of 128×128: the large tiling
    ['large tiles: [128,128,8] @ [8,128] (batch folded into rows)', [128, 128, 8], [8, 128], false, false],
    ['large tiles, edges: 32×[20,130]ᵀ @ [129,20]ᵀ', [32, 20, 130], [32, 129, 20], true, true],
    ['large tiles, edges: 32×[130,20] @ [20,129]', [32, 130, 20], [32, 20, 129], false, false],
    ['large tiles, broadcast: [2,1,130,9] @ [64,129,9]ᵀ', [2, 1, 130, 9], [64, 129, 9], false, true],
  ];
  for (const [name, sa, sb, transposeA, transposeB] of cases) {
    test(`float32 ${name}`, async () => {
      const a = tensorOf(sa, 'float32', 1);
      const b = tensorOf(sb, 'float32', 2);
      const attrs = { transposeA, transposeB };
      const { got, want } = await both('matmul', [a, b], attrs);
      const abs = (t: ArrayTensor): ArrayTensor => ({ ...t, values: (t.values as Float32Array).map(Math.abs) });
      const bound = reference.referenceKernels.matmul([abs(a), abs(b)], attrs, inferOutput('matmul', [a, b] as never, attrs));
      assert.equal(got.length, want.length);
      for (let i = 0; i < want.length; i++) {
        const err = Math.abs((got[i] as number) - (want[i] as number));
        assert.ok(err <= 1e-5 * (bound[i] as number) + 1e-30, `element ${i}: ${got[i]} vs ${want[i]} (bound ${bound[i]})`);
      }
    });
  }
  for (const dtype of ['int32', 'bool'] as const) {
    test(`${dtype} 37×53ᵀ @ 53×29 and a batch`, async () => {
      for (const [sa, sb, transposeA, transposeB] of [[[53, 37], [53, 29], true, false], [[3, 20, 70], [70, 130], false, false],
        [[2, 1, 5, 4], [3, 6, 4], false, true], [[64, 130, 6], [6, 130], false, false]] as [number[], number[], boolean, boolean][]) {
        const { got, want } = await both('matmul', [tensorOf(sa, dtype, 3), tensorOf(sb, dtype, 4)], { transposeA, transposeB });
        assertExact(got, want, `${dtype} ${JSON.stringify(sa)} @ ${JSON.stringify(sb)}`);
      }
    });
  }
  test('k = 0 gives zeros, an empty product gives nothing', async () => {
    const zero = await both('matmul', [tensorOf([3, 0], 'float32', 1), tensorOf([0, 4], 'float32', 2)], { transposeA: false, transposeB: false });
    assertExact(zero.got, zero.want, 'k = 0');
    const empty = await both('matmul', [tensorOf([0, 5], 'float32', 1), tensorOf([5, 4], 'float32', 2)], { transposeA: false, transposeB: false });
    assertExact(empty.got, empty.want, 'm = 0');
  });
  // 70,000 workgroups take about 100 s on SwiftShader (a GPU takes milliseconds)
  const emulated = gpu?.adapterDescription.toLowerCase().includes('swiftshader') ?? true;
  test('a batch of more than 65,535 products runs in several dispatches', {
    skip: emulated && process.env.TASKNET_SLOW_TESTS !== '1' ? 'slow on SwiftShader; set TASKNET_SLOW_TESTS=1' : false,
  }, async () => {
    const { got, want } = await both('matmul', [tensorOf([70000, 1, 3], 'int32', 1), tensorOf([70000, 3, 2], 'int32', 2)],
      { transposeA: false, transposeB: false });
    assertExact(got, want, 'batch 70000');
  });
  test('one storage as both operands: x @ xᵀ', async () => {
    const backend = gpu!;
    const x = tensorOf([33, 17], 'int32', 3);
    const info = { storage: backend.write(x.values, 'int32'), shape: x.shape, dtype: x.dtype };
    const attrs = { transposeA: false, transposeB: true };
    const out = inferOutput('matmul', [info, info], attrs);
    const storage = getKernel('webgpu', 'matmul')(backend, [info, info], attrs, out);
    assertExact(await backend.read(storage) as Values, reference.referenceKernels.matmul([x, x], attrs, out) as Values, 'x @ xᵀ');
    backend.release(storage);
    backend.release(info.storage);
  });
  test('through the ops: tn.matmul on webgpu equals the cpu backend', async () => {
    const av = values(6 * 10, 'float32', 7) as Float32Array;
    const bv = values(10 * 4, 'float32', 8) as Float32Array;
    await tn.setBackend('cpu');
    const want = tn.matmul(tn.tensor(av, { shape: [6, 10] }), tn.tensor(bv, { shape: [10, 4] })).dataSync();
    await tn.setBackend('webgpu');
    const got = await tn.matmul(tn.tensor(av, { shape: [6, 10] }), tn.tensor(bv, { shape: [10, 4] })).data();
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs((got[i] as number) - (want[i] as number)) <= 1e-5 * (1 + Math.abs(want[i] as number)));
  });
});

type Geometry = KernelAttrs<'im2col'>;
const geometry = (kernel: [number, number], stride: [number, number], dilation: [number, number],
  pads: [[number, number], [number, number]]): Omit<Geometry, 'value'> => ({ kernel, stride, dilation, pads });

const GEOMETRIES: [string, number[], Omit<Geometry, 'value'>][] = [
  ['3×3', [2, 3, 7, 6], geometry([3, 3], [1, 1], [1, 1], [[0, 0], [0, 0]])],
  ['3×3 padding 1', [1, 2, 5, 5], geometry([3, 3], [1, 1], [1, 1], [[1, 1], [1, 1]])],
  ['2×3 stride [2,1] dilation [1,2] padding [1,0]', [2, 2, 7, 8], geometry([2, 3], [2, 1], [1, 2], [[1, 1], [0, 0]])],
  ['asymmetric padding, stride 3', [1, 3, 9, 10], geometry([3, 2], [3, 2], [1, 1], [[2, 0], [0, 1]])],
  ['dilation 2 stride 2 padding 2', [2, 1, 11, 9], geometry([3, 3], [2, 2], [2, 2], [[2, 2], [2, 2]])],
  ['1×1 stride 2', [1, 4, 6, 5], geometry([1, 1], [2, 2], [1, 1], [[0, 0], [0, 0]])],
  ['windows wider than the image', [1, 1, 3, 4], geometry([4, 5], [1, 1], [1, 1], [[1, 2], [2, 1]])],
];
/** Geometries where some windows lie entirely in the padding (im2col and col2im only). */
const PADDING_ONLY: [string, number[], Omit<Geometry, 'value'>][] = [
  ['windows touching only padding', [1, 2, 3, 3], geometry([2, 2], [2, 2], [1, 1], [[2, 2], [3, 2]])],
  ['large padding, dilation 3', [2, 1, 4, 5], geometry([2, 3], [1, 2], [3, 3], [[4, 3], [5, 4]])],
];

describe('webgpu window kernels against the reference', { skip }, () => {
  for (const [name, shape, g] of [...GEOMETRIES, ...PADDING_ONLY]) {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      test(`im2col and col2im ${dtype}: ${name}`, async () => {
        const x = tensorOf(shape, dtype, 5, 7);
        const attrs = { ...g, value: dtype === 'float32' ? -2.5 : 3 };
        const im = await both('im2col', [x], attrs);
        assertExact(im.got, im.want, 'im2col');
        const cols = { values: values(im.want.length, dtype, 6), shape: inferOutput('im2col', [x] as never, attrs).shape, dtype };
        const fold = await both('col2im', [cols], { ...g, size: [shape[2]!, shape[3]!] });
        assertExact(fold.got, fold.want, 'col2im');
      });
    }
  }
  for (const [name, shape, g] of GEOMETRIES) {
    for (const [xd, vd] of [['float32', 'float32'], ['float32', 'int32'], ['int32', 'float32'], ['bool', 'bool']] as const) {
      test(`maxPoolGather and maxPoolScatter x ${xd}, values ${vd}: ${name}`, async () => {
        const x = tensorOf(shape, xd, 8, 5); // few levels: ties decide by tap order
        if (xd === 'float32') {
          const xv = x.values as Float32Array;
          for (let i = 3; i < xv.length; i += 17) xv[i] = Number.NaN;
          for (let i = 5; i < xv.length; i += 23) xv[i] = -Infinity;
        }
        const v = tensorOf(shape, vd, 9);
        const gather = await both('maxPoolGather', [x, v], g);
        assertExact(gather.got, gather.want, 'maxPoolGather');
        const outShape = inferOutput('maxPoolGather', [x, v] as never, g).shape;
        const u = tensorOf([...outShape], vd, 10);
        const scatter = await both('maxPoolScatter', [x, u], g);
        assertExact(scatter.got, scatter.want, 'maxPoolScatter');
      });
    }
  }
});

/** max over i of |a − b| / max(|a|, |b|). */
function maxRelativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y)));
  }
  return worst;
}

/**
 * `steps` steps of update kernel `name` on the GPU and on the reference from the same start, with
 * the state arrays `state` (initial values); returns the worst relative difference per target.
 */
async function updateSteps<K extends UpdateKernelName>(name: K, stateNames: string[], attrsAt: (step: number) => unknown,
  steps: number, length: number): Promise<Record<string, number>> {
  const backend = gpu!;
  const host: Record<string, Float32Array> = { param: values(length, 'float32', 20) as Float32Array };
  for (const [k, s] of stateNames.entries()) {
    host[s] = s === 'param' ? host.param! : (values(length, 'float32', 30 + k) as Float32Array).map((v) => (s === 'momentumBuffer' ? v : v * v * 0.01));
  }
  const targets: Record<string, Storage> = {};
  for (const [key, arr] of Object.entries(host)) targets[key] = backend.write(arr.slice(), 'float32');
  const kernel = findUpdateKernel('webgpu', name)!;
  const referenceKernel = reference.referenceUpdateKernels[name] as (g: Float32Array, t: Record<string, Float32Array>, a: unknown) => void;
  for (let t = 1; t <= steps; t++) {
    const grad = values(length, 'float32', 100 + t) as Float32Array;
    if (t === 3) grad[7] = 0;
    const gradStorage = backend.write(grad, 'float32');
    (kernel as (b: unknown, g: Storage, targets: unknown, a: unknown) => void)(backend, gradStorage, targets, attrsAt(t));
    backend.release(gradStorage);
    referenceKernel(grad, host, attrsAt(t));
  }
  const worst: Record<string, number> = {};
  for (const [key, storage] of Object.entries(targets)) {
    worst[key] = maxRelativeDiff(await backend.read(storage) as Float32Array, host[key]!);
    backend.release(storage);
  }
  return worst;
}

describe('webgpu update kernels against the reference', { skip }, () => {
  const adamConfigs: [string, Record<string, unknown>, boolean][] = [
    ['Adam', { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false }, false],
    ['Adam, weight decay, AMSGrad, maximize', { lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8, weightDecay: 0.1, decoupledWeightDecay: false, maximize: true }, true],
    ['AdamW', { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupledWeightDecay: true, maximize: false }, false],
    ['AdamW, AMSGrad, eps 1e-3', { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-3, weightDecay: 0.3, decoupledWeightDecay: true, maximize: false }, true],
  ];
  for (const [name, hp, amsgrad] of adamConfigs) {
    test(`${name}: 8 steps`, async () => {
      const states = ['expAvg', 'expAvgSq', ...(amsgrad ? ['maxExpAvgSq'] : [])];
      const worst = await updateSteps('adam', states, (step) => ({ ...hp, step }), 8, 1037);
      for (const [key, diff] of Object.entries(worst)) assert.ok(diff <= 1e-5, `${key}: max relative difference ${diff}`);
    });
  }
  const sgdConfigs: [string, Record<string, unknown>, boolean][] = [
    ['SGD', { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false }, false],
    ['SGD, momentum, dampening, weight decay', { lr: 0.05, momentum: 0.9, dampening: 0.3, weightDecay: 0.01, nesterov: false, maximize: false }, true],
    ['SGD, Nesterov, weight decay, maximize', { lr: 0.05, momentum: 0.8, dampening: 0, weightDecay: 1e-3, nesterov: true, maximize: true }, true],
  ];
  for (const [name, hp, momentum] of sgdConfigs) {
    test(`${name}: 8 steps`, async () => {
      const worst = await updateSteps('sgd', momentum ? ['momentumBuffer'] : [], () => hp, 8, 1037);
      for (const [key, diff] of Object.entries(worst)) assert.ok(diff <= 1e-5, `${key}: max relative difference ${diff}`);
    });
  }
  test('tn.optim.Adam on webgpu parameters takes the fused path and matches the cpu backend', async (t) => {
    const init = values(50, 'float32', 40) as Float32Array;
    const run = async (backend: string): Promise<Float32Array> => {
      await tn.setBackend(backend);
      const w = new tn.nn.Parameter(tn.tensor(init, { shape: [5, 10] }));
      const opt = new tn.optim.Adam([w], { lr: 0.05, amsgrad: true, weightDecay: 0.01 });
      for (let t = 0; t < 5; t++) {
        opt.zeroGrad();
        tn.tidy(() => w.mul(w).backward(tn.tensor(values(50, 'float32', 41 + t) as Float32Array, { shape: [5, 10] })));
        opt.step();
      }
      const out = (await w.data()) as Float32Array;
      opt.dispose();
      w.dispose();
      return out;
    };
    const want = await run('cpu');
    let got: Float32Array;
    try {
      got = await run('webgpu');
    } catch (error) {
      // the optimiser's state needs kernels this suite does not cover (e.g. 'expand')
      const missing = /no kernel '(\w+)' is registered for backend 'webgpu'/.exec(String(error));
      if (missing === null) throw error;
      t.skip(`webgpu has no '${missing[1]}' kernel yet`);
      return;
    }
    assert.ok(maxRelativeDiff(got, want) <= 1e-5, `max relative difference ${maxRelativeDiff(got, want)}`);
  });
});
