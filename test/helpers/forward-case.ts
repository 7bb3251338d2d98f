/** One op-table case run forward on the active backend and checked against its reference (float32). */
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import type { OpCase } from '../op-table/types.js';
import { readND, sampleValues, toTensor } from './inputs.js';

/** Run `c` on the active backend with seeded inputs and assert it matches its reference or check. */
export async function checkForwardCase(c: OpCase): Promise<void> {
  const g = new tn.Generator(1234);
  const values = c.inputs.map((spec) => sampleValues(spec, g));
  const tensors = c.inputs.map((spec, i) => toTensor(spec, values[i] as number[], 'float32'));
  const result = c.run(...tensors);
  const out = await readND(result);
  const nds = await Promise.all(tensors.map((t) => readND(t)));
  tn.dispose([result, tensors]);
  if (c.check !== undefined) { c.check(out, nds); return; }
  assert.ok(c.reference !== undefined, `${c.op} needs a reference or a check`);
  const ref = c.reference(...nds);
  assert.deepEqual(out.shape, [...ref.shape], `${c.op} (${c.label}): shape`);
  const tol = c.tol ?? 1e-5;
  ref.data.forEach((r, i) => {
    const v = out.data[i] as number;
    assert.ok(Math.abs(v - r) <= tol * (1 + Math.abs(r)), `${c.op} (${c.label}) element ${i}: got ${v}, expected ${r}`);
  });
}
