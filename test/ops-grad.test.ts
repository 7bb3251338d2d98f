/** Central-difference gradient check in float64 for every differentiable op-table case, on each test backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { opCases } from './op-table/index.js';
import { sampleValues } from './helpers/inputs.js';
import { gradCheck } from './helpers/gradcheck.js';
import { forEachBackend } from './helpers/backends.js';

forEachBackend(() => {
  for (const c of opCases.filter((k) => k.grad)) {
    test(`gradient ${c.op} (${c.label})`, () => {
      const g = new tn.Generator(4321);
      const values = c.inputs.map((spec) => sampleValues(spec, g));
      const dtypes = c.inputs.map((spec) => spec.dtype ?? 'float64');
      const result = gradCheck(c.run, values, c.inputs.map((s) => s.shape), dtypes);
      assert.ok(result.ok, `${c.op} (${c.label}): ${result.message}`);
    });
  }
});

test('the op table has a gradient check for every differentiable required op', () => {
  const checked = new Set(opCases.filter((k) => k.grad).map((k) => k.op));
  const nonDifferentiable = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'argmax', 'argmin', 'oneHot']);
  for (const op of new Set(opCases.map((k) => k.op))) {
    if (!nonDifferentiable.has(op)) assert.ok(checked.has(op), `${op} has no gradient check`);
  }
});
