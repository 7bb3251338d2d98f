/**
 * Backend conformance: every op-table case against its plain reference (float32), on each
 * backend named in TASKNET_BACKENDS (default `cpu,wasm`: every faster backend passes the same
 * suite, with the same tolerances, as the reference backend).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { opCases } from './op-table/index.js';
import { readND, sampleValues, toTensor } from './helpers/inputs.js';
import { forEachBackend } from './helpers/backends.js';

forEachBackend(() => {
  for (const c of opCases) {
    test(`forward ${c.op} (${c.label})`, async () => {
      const g = new tn.Generator(1234);
      const values = c.inputs.map((spec) => sampleValues(spec, g));
      const tensors = c.inputs.map((spec, i) => toTensor(spec, values[i] as number[], 'float32'));
      const out = await readND(c.run(...tensors));
      const nds = await Promise.all(tensors.map((t) => readND(t)));
      if (c.check !== undefined) { c.check(out, nds); return; }
      assert.ok(c.reference !== undefined, `${c.op} needs a reference or a check`);
      const ref = c.reference(...nds);
      assert.deepEqual(out.shape, [...ref.shape], `${c.op} (${c.label}): shape`);
      const tol = c.tol ?? 1e-5;
      ref.data.forEach((r, i) => {
        const v = out.data[i] as number;
        assert.ok(Math.abs(v - r) <= tol * (1 + Math.abs(r)), `${c.op} (${c.label}) element ${i}: got ${v}, expected ${r}`);
      });
    });
  }
});
