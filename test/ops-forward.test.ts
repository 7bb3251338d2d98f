/**
 * Backend conformance: every op-table case against its plain reference (float32), on each
 * backend named in TASKNET_BACKENDS (default `cpu,wasm`: every faster backend passes the same
 * suite, with the same tolerances, as the reference backend). The webgpu backend runs the same
 * cases in test/webgpu-conformance.test.ts.
 */
import { test } from 'node:test';
import { opCases } from './op-table/index.js';
import { forEachBackend } from './helpers/backends.js';
import { checkForwardCase } from './helpers/forward-case.js';

forEachBackend(() => {
  for (const c of opCases) {
    test(`forward ${c.op} (${c.label})`, () => checkForwardCase(c));
  }
});
