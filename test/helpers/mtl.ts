/** Helpers of the multi-task tests: setting parameters by hand, comparing values, the parameter partition. */
import assert from 'node:assert/strict';
import * as tn from 'tasknet';

/** Overwrite `p` with `values` (nested array of its shape). */
export function setParameter(p: tn.Tensor, values: tn.NestedArray | number): void {
  tn.noGrad(() => {
    const v = tn.tensor(values as tn.NestedArray, { dtype: p.dtype });
    p.assign(v);
    v.dispose();
  });
}

/** Flat values of a tensor as numbers. */
export function values(t: tn.Tensor): number[] {
  return Array.from(t.dataSync(), Number);
}

/** Element-wise |a − b| ≤ atol + rtol·|b|. */
export function assertClose(actual: tn.Tensor | readonly number[], expected: tn.Tensor | readonly number[], what: string,
  atol = 1e-5, rtol = 1e-5): void {
  const a = actual instanceof tn.Tensor ? values(actual) : [...actual];
  const b = expected instanceof tn.Tensor ? values(expected) : [...expected];
  assert.equal(a.length, b.length, `${what}: ${a.length} values, expected ${b.length}`);
  a.forEach((v, i) => {
    const e = b[i] as number;
    assert.ok(Math.abs(v - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: ${v}, expected ${e}`);
  });
}

/**
 * Check that shared and per-task parameters are disjoint and together are every parameter of `model`
 * (each appearing once).
 */
export function assertPartition(model: tn.mtl.MultiTaskModel): void {
  const groups = [model.sharedParameters(), ...model.tasks.map((t) => model.taskParameters(t))];
  const seen = new Set<tn.Tensor>();
  for (const p of groups.flat()) {
    assert.ok(!seen.has(p), 'a parameter appears in two groups');
    seen.add(p);
  }
  const all = model.parameters();
  assert.equal(seen.size, all.length, `${seen.size} parameters in the groups, the model has ${all.length}`);
  assert.ok(all.every((p) => seen.has(p)), 'a parameter of the model is in no group');
}
