/**
 * The webgpu backend's conformance: (1) every op-table case forward against its reference with the
 * cpu suite's tolerances; (2) for every differentiable case, the input gradients of a random linear
 * functional of the output computed on webgpu against the same computed on cpu, both float32
 * (WGSL has no float64, so the cpu suite's float64 central differences cannot run on the GPU; the
 * gradients are built by the same autograd rules from primitives, so this checks every kernel the
 * backward passes use). Runs on SwiftShader where there is no GPU (see helpers/webgpu.ts).
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { opCases } from './op-table/index.js';
import { sampleValues, toTensor } from './helpers/inputs.js';
import { checkForwardCase } from './helpers/forward-case.js';
import { webgpuSkipReason } from './helpers/webgpu.js';

const skip = await webgpuSkipReason();

/** Gradient tolerance (absolute + relative to the cpu value), float32 on both sides. */
const GRAD_TOL = 1e-4;

/** The gradients of sum(out · w), w fixed, with respect to each float input, on the active backend. */
async function inputGradients(c: (typeof opCases)[number], values: number[][]): Promise<number[][]> {
  const inputs = c.inputs.map((spec, i) => toTensor(spec, values[i] as number[], 'float32', true));
  const out = c.run(...inputs);
  const w = tn.tensor(Array.from({ length: out.size }, (_, i) => Math.sin(1.7 * i + 0.3)), { shape: out.shape });
  tn.sum(tn.mul(out, w)).backward();
  const grads = await Promise.all(inputs.map(async (t) => (t.grad === null ? [] : Array.from(await t.grad.data(), Number))));
  tn.dispose([inputs, out, w]);
  return grads;
}

describe('webgpu conformance', { skip }, () => {
  before(async () => { await tn.setBackend('webgpu'); });

  for (const c of opCases) {
    test(`forward ${c.op} (${c.label})`, () => checkForwardCase(c));
  }

  for (const c of opCases.filter((k) => k.grad)) {
    test(`gradient ${c.op} (${c.label}) equals cpu's`, async () => {
      const g = new tn.Generator(4321);
      const values = c.inputs.map((spec) => sampleValues(spec, g));
      const onGpu = await inputGradients(c, values);
      await tn.setBackend('cpu');
      try {
        const onCpu = await inputGradients(c, values);
        onCpu.forEach((expected, k) => {
          assert.equal(onGpu[k]!.length, expected.length, `input ${k}: gradient size`);
          expected.forEach((r, i) => {
            const v = onGpu[k]![i]!;
            assert.ok(Math.abs(v - r) <= GRAD_TOL * (1 + Math.abs(r)), `${c.op} (${c.label}) input ${k} element ${i}: webgpu ${v}, cpu ${r}`);
          });
        });
      } finally {
        await tn.setBackend('webgpu');
      }
    });
  }
});
