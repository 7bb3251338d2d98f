/** Bad calls raise errors that name the op, what was expected and what was found, on each test backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { opErrors, opCases, REQUIRED_OPS } from './op-table/index.js';
import { forEachBackend } from './helpers/backends.js';

forEachBackend(() => {
  for (const { op, bad } of opErrors) {
    for (const b of bad) {
      test(`${op}: ${b.what} is rejected`, () => {
        assert.throws(b.call, (err: unknown) => {
          assert.ok(err instanceof tn.TasknetError, `expected a TasknetError, got ${String(err)}`);
          if (typeof b.error === 'string') assert.equal(err.message, b.error);
          else assert.match(err.message, b.error);
          return true;
        });
      });
    }
  }
});

test('every required op has op-table cases and every case names a public function', () => {
  const api = tn as unknown as Record<string, unknown>;
  const covered = new Set(opCases.map((c) => c.op));
  for (const op of REQUIRED_OPS) {
    assert.ok(covered.has(op), `op ${op} has no op-table case`);
    assert.equal(typeof api[op], 'function', `tn.${op} is not exported`);
  }
});

test('every required op is covered by the PyTorch golden fixtures', async () => {
  const { readFile } = await import('node:fs/promises');
  const fixture = JSON.parse(await readFile(new URL('../../test/fixtures/golden/ops.json', import.meta.url), 'utf8')) as { cases: { op: string }[] };
  const golden = new Set(fixture.cases.map((c) => c.op));
  const missing = REQUIRED_OPS.filter((op) => op !== 'dropout' && !golden.has(op));
  assert.deepEqual(missing, [], 'dropout is random in PyTorch too; every other op needs a golden case');
});
