/** Ops leave nothing behind but their result when nothing is recorded (inference needs no tidy), on each test backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tn from 'tasknet';
import { opCases } from './op-table/index.js';
import { sampleValues, toTensor } from './helpers/inputs.js';
import { forEachBackend } from './helpers/backends.js';

// split returns every piece; the table's case keeps one of them
const returnsSeveral = new Set(['split']);

forEachBackend(() => {
  for (const c of opCases.filter((k) => !returnsSeveral.has(k.op))) {
    test(`no leak: ${c.op} (${c.label})`, () => {
      const g = new tn.Generator(5);
      const storagesBefore = tn.memory().numStorages;
      const inputs = c.inputs.map((spec) => toTensor(spec, sampleValues(spec, g), 'float32'));
      const before = tn.numTensors();
      const out = tn.noGrad(() => c.run(...inputs));
      const isInput = inputs.includes(out);
      assert.equal(tn.numTensors(), before + (isInput ? 0 : 1), `${c.op} left ${tn.numTensors() - before - 1} intermediate tensors alive`);
      if (!isInput) out.dispose();
      tn.dispose(inputs);
      assert.equal(tn.memory().numStorages, storagesBefore, `${c.op} left backend storages allocated`);
    });
  }
});
